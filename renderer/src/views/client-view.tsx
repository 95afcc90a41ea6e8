// One client: its connections in the urgency-sorted virtualized grid, the consent waiting for
// its seller, and Connect (disabled while a consent for this client is waiting, so one attempt
// at a time and no "Connected." beside "Waiting for approval").
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConnectionGrid } from '../components/connection-grid';
import { ConnectorList } from '../components/connector-list';
import { ConsentPanel } from '../components/consent-panel';
import { useDenied } from '../components/denied-reason';
import { DossierPanel } from '../components/dossier-panel';
import { useErrorText } from '../components/error-text';
import { NoticeBanner } from '../components/notice-banner';
import { useConnections, useUi, useWorkspace } from '../state/stores-context';
import { useApi } from '../state/api-context';
import { useGrid } from './use-grid';
import { useReply } from './use-reply';

const EMPTY: never[] = [];

export function ClientView(props: { readonly tenantId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { lang, mode } = useUi((s) => ({ lang: s.lang, mode: s.mode }));
  const { rows, tenant, feedback, rowsError } = useConnections((s) => ({
    rows: s.rows.get(props.tenantId),
    tenant: s.tenants.kind === 'ready' ? s.tenants.value.find((x) => x.id === props.tenantId) : undefined,
    feedback: s.feedback,
    rowsError: s.rowsError,
  }));
  const { connectors, connecting, consent, notice, actions } = useWorkspace((s) => ({
    connectors: s.connectors,
    connecting: s.connecting,
    consent: s.consent,
    notice: s.notice,
    actions: s.actions,
  }));
  const grid = useGrid(rows ?? EMPTY, lang);
  const cannotConnect = useDenied()('connection.connect', 'connect');
  const api = useApi();
  // What each marketplace will ask and how it connects; reloaded when Settings changed a registration.
  const options = useReply(() => api.connect.options(), [api, connectors]);
  const optionMap = useMemo(() => (options.state.kind === 'ready' ? new Map(options.state.value.map((o) => [o.connectorId, o])) : undefined), [options.state]);
  const name = tenant?.name ?? '';
  const waiting = consent !== null && consent.tenantId === props.tenantId;
  // The connect forms are built only while their box is open: a closed box costs nothing on a switch.
  const [connectOpen, setConnectOpen] = useState(false);
  const connectShown = connectOpen || (rows !== undefined && rows.length === 0);

  return (
    <div className="view client-view">
      <header className="view-head">
        <h1>{name}</h1>
        <p className="muted">{tenant === undefined ? '' : t('ws.client.summary', { count: tenant.connections, consent: tenant.needsConsent, degraded: tenant.degraded })}</p>
      </header>
      <DossierPanel tenantId={props.tenantId} tenant={name} lang={lang} mode={mode} />
      {notice !== null ? <NoticeBanner notice={notice} lang={lang} onDismiss={() => actions.dismissNotice()} /> : null}
      {waiting ? <ConsentPanel consent={consent} lang={lang} onPaste={(text) => void actions.pasteCode(text)} onDismiss={() => actions.dismissConsent()} /> : null}
      {rowsError !== null && rows === undefined ? (
        <p className="error" role="alert">
          {errorText(rowsError)}
        </p>
      ) : rows === undefined ? (
        <p role="status">{t('connections.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="empty">{t('connections.empty')}</p>
      ) : (
        <ConnectionGrid
          rows={grid.sorted}
          lang={lang}
          caption={t('connections.caption', { tenant: name })}
          sort={grid.sort}
          onSort={grid.onSort}
          showClient={false}
          feedback={feedback}
          onAction={grid.onAction}
          onOpen={grid.onOpen}
          now={grid.now}
        />
      )}
      {cannotConnect !== null ? (
        <p className="muted connect-denied">{cannotConnect}</p>
      ) : (
        <details className="connect-box" open={rows !== undefined && rows.length === 0} onToggle={(e) => setConnectOpen(e.currentTarget.open)}>
          <summary>{t('connectors.title')}</summary>
          {!connectShown ? null : connectors.kind === 'ready' ? (
            <ConnectorList
              connectors={connectors.value}
              lang={lang}
              connecting={connecting}
              canConnect={!waiting && connecting === null}
              onConnect={(connectorId, region, how) => void actions.connect(connectorId, region, how)}
              options={optionMap}
              tenantId={props.tenantId}
            />
          ) : connectors.kind === 'failed' ? (
            <p className="error" role="alert">
              {errorText(connectors.error)}
            </p>
          ) : (
            <p role="status">{t('app.loading')}</p>
          )}
        </details>
      )}
    </div>
  );
}
