// A connection's detail: who and what it is (client, marketplace, account, region, owner), its
// settings, the scopes it holds by purpose, consent date and renew-by, the health history as a
// chart, and its audit trail; the same actions as its grid row.
import { useTranslation } from 'react-i18next';
import type { ConnectionDetail } from '../../../preload/workspace-channels';
import type { RowFeedback } from '../state/grid-actions-model';
import { useErrorText } from '../components/error-text';
import { GridRowActions } from '../components/grid-row-actions';
import { HealthChart } from '../components/health-chart';
import { RenewBox } from '../components/renew-box';
import { useApi } from '../state/api-context';
import type { View } from '../state/connections-store';
import { useConnections, useUi } from '../state/stores-context';
import { formatDate } from '../state/workspace-model';
import { useGrid } from './use-grid';
import { useReply } from './use-reply';

export function DetailView(props: { readonly connectionId: string; readonly back: View }) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const lang = useUi((s) => s.lang);
  const { feedback, open, changed } = useConnections((s) => ({ feedback: s.feedback.get(props.connectionId) ?? null, open: s.actions.open, changed: s.tenants }));
  // Reload when anything changed (an action here, a refresh elsewhere).
  const detail = useReply(() => api.workspace.detail({ connectionId: props.connectionId }), [api, props.connectionId, changed]);
  const grid = useGrid([], lang);

  const backLabel = props.back.kind === 'attention' ? t('ws.attention.title') : t('ws.detail.back');
  return (
    <div className="view detail-view">
      <button type="button" className="link back" onClick={() => open(props.back)}>
        ← {backLabel}
      </button>
      {detail.state.kind === 'failed' ? (
        <p className="error" role="alert">
          {errorText(detail.state.error)}
        </p>
      ) : detail.state.kind !== 'ready' ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <DetailBody d={detail.state.value} lang={lang} feedback={feedback} onAction={grid.onAction} />
      )}
    </div>
  );
}

function DetailBody(props: { readonly d: ConnectionDetail; readonly lang: 'en' | 'es'; readonly feedback: RowFeedback | null; readonly onAction: ReturnType<typeof useGrid>['onAction'] }) {
  const { t } = useTranslation();
  const { d, lang } = props;
  const c = d.connection;
  const name = `${c.connectorName} · ${c.label}`;
  const date = (iso: string | null, time = false): string => (iso === null ? t('connections.notKnown') : formatDate(iso, lang, time));
  return (
    <>
      <header className="view-head">
        <h1>{name}</h1>
        <p className="muted">
          {c.tenantName} · {t(`health.${c.state}`)}
          {c.reasonText !== null ? ` · ${c.reasonText[lang]}` : ''}
        </p>
        <GridRowActions row={c} name={name} feedback={props.feedback} onAction={(a) => props.onAction(c, a)} />
      </header>
      <div className="detail-grid">
        <section aria-labelledby="d-about" className="panel">
          <h2 id="d-about">{t('ws.detail.about')}</h2>
          <dl className="facts">
            <dt>{t('ws.grid.client')}</dt>
            <dd>{c.tenantName}</dd>
            <dt>{t('ws.grid.account')}</dt>
            <dd>{c.label}</dd>
            <dt>{t('ws.detail.region')}</dt>
            <dd>{c.region ?? t('connections.notKnown')}</dd>
            <dt>{t('ws.grid.owner')}</dt>
            <dd>{c.owner ?? t('connections.notKnown')}</dd>
            <dt>{t('ws.detail.consentAt')}</dt>
            <dd>{date(d.consentGrantedAt)}</dd>
            <dt>{t('ws.grid.renewBy')}</dt>
            <dd>{date(c.renewBy)}</dd>
            <dt>{t('ws.grid.lastRefresh')}</dt>
            <dd>{date(c.lastRefreshAt, true)}</dd>
            <dt>{t('ws.grid.lastProbe')}</dt>
            <dd>{date(c.lastProbeAt, true)}</dd>
            {c.nextRetryAt !== null ? (
              <>
                <dt>{t('ws.grid.nextRetry')}</dt>
                <dd>{date(c.nextRetryAt, true)}</dd>
              </>
            ) : null}
          </dl>
        </section>
        <section aria-labelledby="d-settings" className="panel">
          <h2 id="d-settings">{t('ws.detail.settings')}</h2>
          {d.settings.length === 0 ? (
            <p className="muted">{t('ws.detail.noSettings')}</p>
          ) : (
            <dl className="facts">
              {d.settings.map((s) => (
                <div key={s.name} className="fact">
                  <dt>{s.name}</dt>
                  <dd>{s.value}</dd>
                </div>
              ))}
            </dl>
          )}
          <h2>{t('ws.detail.scopes')}</h2>
          <ul className="scopes">
            {d.scopes.map((p) => (
              <li key={p.purpose}>
                <strong>{t(`ws.purpose.${p.purpose}`, { defaultValue: p.purpose })}</strong>{' '}
                <span className={p.granted === false ? 'error' : 'muted'}>
                  {p.granted === null ? t('ws.detail.grantUnknown') : p.granted ? t('ws.detail.granted') : t('ws.detail.notGranted')}
                </span>
                <br />
                <code className="small">{p.scopes.join(' ')}</code>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <RenewBox row={c} lang={lang} />
      <section aria-labelledby="d-history" className="panel">
        <h2 id="d-history">{t('ws.detail.history')}</h2>
        <HealthChart history={d.history} lang={lang} />
      </section>
      <section aria-labelledby="d-audit" className="panel">
        <h2 id="d-audit">{t('ws.detail.audit')}</h2>
        {d.audit.length === 0 ? (
          <p className="muted">{t('ws.audit.none')}</p>
        ) : (
          <ol className="audit-trail">
            {d.audit.map((e) => (
              <li key={e.id}>
                <time dateTime={e.at}>{formatDate(e.at, lang, true)}</time> · <strong>{e.action}</strong> · {e.outcome} · <span className="muted">{e.actor}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
