// The workspace container: the client switcher and add form, the selected client's connections
// with their row actions (and the Revoke… dialog), and the Connect buttons, reading the workspace
// store through shallow selectors.
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AddTenantForm } from '../components/add-tenant-form';
import { ConnectionsTable } from '../components/connections-table';
import type { ConnectionsTableProps } from '../components/connections-table';
import { ConnectorList } from '../components/connector-list';
import { ConsentPanel } from '../components/consent-panel';
import { useErrorText } from '../components/error-text';
import { NoticeBanner } from '../components/notice-banner';
import { RevokeDialog } from '../components/revoke-dialog';
import { TenantSwitcher } from '../components/tenant-switcher';
import { assertNever } from '../state/assert-never';
import type { RowAction } from '../state/connection-actions-model';
import { useUi, useWorkspace } from '../state/stores-context';
import { connectionRow } from '../state/workspace-model';
import type { WorkspaceStoreState } from '../state/workspace-store';

export function Workspace() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const lang = useUi((s) => s.lang);
  const { tenants, selectedTenantId, connectors, connections, addingTenant, addTenantError, connecting, refreshing, rowBusy, revoke, consent, notice, actions } = useWorkspace((s) => ({
    tenants: s.tenants,
    selectedTenantId: s.selectedTenantId,
    connectors: s.connectors,
    connections: s.connections,
    addingTenant: s.addingTenant,
    addTenantError: s.addTenantError,
    connecting: s.connecting,
    refreshing: s.refreshing,
    rowBusy: s.rowBusy,
    revoke: s.revoke,
    consent: s.consent,
    notice: s.notice,
    actions: s.actions,
  }));

  useEffect(() => {
    void actions.loadAll();
  }, [actions]);

  const tenantList = tenants.kind === 'ready' ? tenants.value : [];
  const selected = tenantList.find((tenant) => tenant.id === selectedTenantId) ?? null;

  const table = useMemo((): ConnectionsTableProps | null => {
    if (selected === null) return null;
    switch (connections.kind) {
      case 'idle':
      case 'loading':
        return { kind: 'loading' };
      case 'failed':
        return { kind: 'failed', error: connections.error };
      case 'ready':
        return {
          kind: 'ready',
          tenantName: selected.name,
          rows: connections.value.map((c) => connectionRow(c, lang, new Date())),
          refreshing,
          onRefresh: (id) => void actions.refreshConnection(id),
          busy: rowBusy,
          onAction: (id, action) => runRowAction(actions, id, action),
        };
      default:
        return assertNever(connections);
    }
  }, [connections, selected, lang, refreshing, rowBusy, actions]);

  return (
    <div className="workspace">
      <section className="toolbar" aria-label={t('tenants.toolbar')}>
        <TenantSwitcher tenants={tenantList} selectedId={selectedTenantId} onSelect={(id) => void actions.selectTenant(id)} />
        <AddTenantForm busy={addingTenant} error={addTenantError} onAdd={(name) => actions.addTenant(name)} />
      </section>
      {tenants.kind === 'failed' ? (
        <p className="error" role="alert">
          {errorText(tenants.error)}
        </p>
      ) : null}
      {notice !== null ? <NoticeBanner notice={notice} lang={lang} onDismiss={() => actions.dismissNotice()} /> : null}
      {consent !== null && consent.tenantId === selectedTenantId ? (
        <ConsentPanel consent={consent} lang={lang} onPaste={(text) => void actions.pasteCode(text)} onDismiss={() => actions.dismissConsent()} />
      ) : null}
      {selected === null ? (
        tenants.kind === 'ready' ? (
          <p className="empty">{t('tenants.emptyHint')}</p>
        ) : (
          <p role="status">{t('app.loading')}</p>
        )
      ) : (
        <>
          <section aria-labelledby="connections-title">
            <h2 id="connections-title">
              {t('connections.title')} · {selected.name}
            </h2>
            {revoke !== null && revoke.target.tenantId === selectedTenantId ? (
              <RevokeDialog flow={revoke} lang={lang} onConfirm={() => void actions.confirmRevoke()} onClose={() => actions.closeRevoke()} />
            ) : null}
            {table !== null ? <ConnectionsTable {...table} /> : null}
          </section>
          <section aria-labelledby="connectors-title">
            <h2 id="connectors-title">{t('connectors.title')}</h2>
            {connectors.kind === 'ready' ? (
              <ConnectorList
                connectors={connectors.value}
                lang={lang}
                connecting={connecting}
                canConnect={selected !== null}
                onConnect={(connectorId, region) => void actions.connect(connectorId, region)}
              />
            ) : connectors.kind === 'failed' ? (
              <p className="error" role="alert">
                {errorText(connectors.error)}
              </p>
            ) : (
              <p role="status">{t('app.loading')}</p>
            )}
          </section>
        </>
      )}
    </div>
  );
}

function runRowAction(actions: WorkspaceStoreState['actions'], connectionId: string, action: RowAction): void {
  switch (action) {
    case 'reconnect':
      void actions.reconnect(connectionId);
      return;
    case 'pause':
    case 'resume':
      void actions.setPaused(connectionId, action === 'pause');
      return;
    case 'revoke':
      void actions.startRevoke(connectionId);
      return;
    default:
      assertNever(action);
  }
}
