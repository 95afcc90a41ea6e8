// The desktop layout: the client sidebar, the main pane (a client's grid, needs attention, a
// connection's detail, the audit log or settings), the status bar, the command palette and the
// revoke confirmation. It also keeps the connections store in step with main's events.
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AddTenantForm } from '../components/add-tenant-form';
import { ClientSidebar } from '../components/client-sidebar';
import { CommandPalette } from '../components/command-palette';
import { RenewalQueuePanel } from '../components/renewal-queue-panel';
import { RenewDialog } from '../components/renew-dialog';
import { RevokeDialog } from '../components/revoke-dialog';
import { StatusBar } from '../components/status-bar';
import { useApi } from '../state/api-context';
import { isPaletteShortcut, paletteItems } from '../state/palette-model';
import { useAccess } from '../state/session-context';
import type { PaletteItem } from '../state/palette-model';
import { useConnections, useStores, useUi, useVault, useWorkspace } from '../state/stores-context';
import { tenantSelected } from '../state/workspace-model';
import { AttentionView } from '../views/attention-view';
import { AuditView } from '../views/audit-view';
import { ClientView } from '../views/client-view';
import { DetailView } from '../views/detail-view';
import { SettingsView } from '../views/settings-view';

const CHANGE_DEBOUNCE_MS = 250;

export function WorkspaceShell() {
  const { t } = useTranslation();
  const api = useApi();
  const stores = useStores();
  const lang = useUi((s) => s.lang);
  const access = useAccess();
  const vaultView = useVault((s) => s.view);
  const c = useConnections((s) => ({
    view: s.view,
    tenants: s.tenants,
    recent: s.recent,
    status: s.status,
    attention: s.attention,
    attentionMore: s.attentionMore,
    paletteOpen: s.paletteOpen,
    revoke: s.revoke,
    renewing: s.renewing,
    queue: s.queue,
    actions: s.actions,
  }));
  const { addingTenant, addTenantError, workspaceActions, selectedForConnect, workspaceTenants } = useWorkspace((s) => ({
    addingTenant: s.addingTenant,
    addTenantError: s.addTenantError,
    workspaceActions: s.actions,
    selectedForConnect: s.selectedTenantId,
    workspaceTenants: s.tenants,
  }));

  useEffect(() => {
    void stores.connections.getState().actions.load();
    void stores.workspace.getState().actions.loadAll();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pending: string | null | undefined;
    const offs = [
      api.connections.onChanged((change) => {
        // Bursts (a scheduler tick, a bulk action) collapse into one reload: of one client when
        // every change is that client's, else of everything shown.
        const tenants = new Set(change.connections.map((c) => c.tenantId));
        const tenantId = tenants.size === 1 && change.removed.length === 0 ? ([...tenants][0] ?? null) : null;
        pending = pending === undefined || pending === tenantId ? tenantId : null;
        clearTimeout(timer);
        timer = setTimeout(() => {
          const tenantId = pending ?? null;
          pending = undefined;
          void stores.connections.getState().actions.reload(tenantId);
        }, CHANGE_DEBOUNCE_MS);
      }),
      api.consent.onFinished((result) => stores.connections.getState().actions.consentFinished(result)),
    ];
    return () => {
      clearTimeout(timer);
      offs.forEach((off) => off());
    };
  }, [api, stores]);

  // Connect and the consent panel act on the client on screen.
  const shownTenant = c.view.kind === 'client' ? c.view.tenantId : null;
  useEffect(() => {
    // Only the selection: the grid reads its own rows, so the older list is not fetched again.
    // Re-applied when the workspace store's tenant list arrives or moves its selection, so Connect
    // always acts on the client on screen.
    if (shownTenant !== null && selectedForConnect !== shownTenant) stores.workspace.setState(tenantSelected(stores.workspace.getState(), shownTenant));
  }, [shownTenant, selectedForConnect, workspaceTenants, stores]);

  useEffect(() => {
    const mac = /mac/i.test(navigator.platform);
    const onKey = (e: KeyboardEvent): void => {
      if (isPaletteShortcut(e, mac)) {
        e.preventDefault();
        stores.connections.getState().actions.setPalette(!stores.connections.getState().paletteOpen);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [stores]);

  const tenants = c.tenants.kind === 'ready' ? c.tenants.value : [];
  const items = useMemo(() => {
    if (!c.paletteOpen) return [];
    // Read when the palette opens, so prefetched rows do not render the whole shell again.
    const shown = shownTenant === null ? [] : (stores.connections.getState().rows.get(shownTenant) ?? []);
    const attention = c.attention.kind === 'ready' ? c.attention.value : [];
    const offered = paletteItems({
      tenants,
      connections: [...shown, ...attention],
      current: c.view,
      texts: { attention: t('ws.attention.title'), audit: t('ws.audit.title'), settings: t('ws.settings.title'), lang: t('ws.palette.switchLang'), lock: t('app.lock') },
    });
    return access.may('audit.list') ? offered : offered.filter((item) => !(item.run.kind === 'view' && item.run.view.kind === 'audit'));
  }, [c.paletteOpen, c.attention, c.view, shownTenant, tenants, t, access, stores]);

  const run = (item: PaletteItem): void => {
    c.actions.setPalette(false);
    switch (item.run.kind) {
      case 'view':
        c.actions.open(item.run.view);
        return;
      case 'client':
        c.actions.openClient(item.run.tenantId);
        return;
      case 'lang':
        stores.ui.getState().actions.setLang(lang === 'en' ? 'es' : 'en');
        return;
      case 'lock':
        void stores.vault.getState().actions.lock();
        return;
    }
  };

  const addTenant = async (name: string): Promise<boolean> => {
    const ok = await workspaceActions.addTenant(name);
    if (ok) {
      // By name (unique), not by the workspace store's selection, which follows the screen.
      const list = stores.workspace.getState().tenants;
      const added = list.kind === 'ready' ? list.value.find((x) => x.name === name.trim()) : undefined;
      await c.actions.reload();
      if (added !== undefined) c.actions.openClient(added.id);
    }
    return ok;
  };

  const attentionCount = c.attention.kind === 'ready' && !c.attentionMore ? c.attention.value.length : tenants.reduce((n, x) => n + x.needsConsent + x.degraded, 0);

  return (
    <div className="shell">
      <ClientSidebar
        tenants={tenants}
        recent={c.recent}
        view={c.view}
        lang={lang}
        attentionCount={attentionCount}
        onOpen={c.actions.open}
        onClient={c.actions.openClient}
        onVisible={c.actions.prefetch}
        canAudit={access.may('audit.list')}
        addForm={access.may('tenant.add') ? <AddTenantForm busy={addingTenant} error={addTenantError} onAdd={addTenant} /> : null}
      />
      <div className="pane" id="main-pane">
        <button type="button" className="palette-hint" onClick={() => c.actions.setPalette(true)} aria-keyshortcuts="Control+K Meta+K">
          {t('ws.palette.open')} <kbd>{/mac/i.test(navigator.platform) ? '⌘K' : 'Ctrl+K'}</kbd>
        </button>
        {c.queue !== null ? <RenewalQueuePanel queue={c.queue} lang={lang} onCancel={() => c.actions.cancelRenewal()} onClose={() => c.actions.closeRenewal()} /> : null}
        <PaneView />
      </div>
      <StatusBar status={c.status} unlockedWith={vaultView.kind === 'unlocked' ? vaultView.status.unlockedWith : null} lang={lang} />
      <CommandPalette open={c.paletteOpen} items={items} onClose={() => c.actions.setPalette(false)} onRun={run} />
      {c.renewing !== null ? (
        <div className="overlay">
          <RenewDialog row={c.renewing} lang={lang} onClose={() => c.actions.askRenew(null)} />
        </div>
      ) : null}
      {c.revoke !== null ? (
        <div className="overlay">
          <RevokeDialog flow={c.revoke} lang={lang} onConfirm={() => void c.actions.confirmRevoke()} onClose={() => c.actions.closeRevoke()} />
        </div>
      ) : null}
    </div>
  );
}

function PaneView() {
  const { t } = useTranslation();
  const { view, tenants } = useConnections((s) => ({ view: s.view, tenants: s.tenants }));
  switch (view.kind) {
    case 'client':
      return <ClientView tenantId={view.tenantId} />;
    case 'attention':
      return <AttentionView />;
    case 'detail':
      return <DetailView connectionId={view.connectionId} back={view.back} />;
    case 'audit':
      return <AuditView />;
    case 'settings':
      return <SettingsView />;
    case 'none':
      return tenants.kind === 'ready' && tenants.value.length === 0 ? (
        <div className="view">
          <h1>{t('ws.welcome.title')}</h1>
          <p>{t('tenants.emptyHint')}</p>
        </div>
      ) : (
        <p role="status">{t('app.loading')}</p>
      );
  }
}
