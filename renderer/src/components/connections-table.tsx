// The selected client's connections: marketplace, account, health badge, the reason in plain
// words, renew-by date (flagged when near), last refresh, and "Refresh now". Marketplace data is
// rendered as text.
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../preload/contract';
import type { ConnectionRowView } from '../state/workspace-model';
import { useErrorText } from './error-text';
import { HealthBadge } from './health-badge';

export type ConnectionsTableProps =
  | { readonly kind: 'loading' }
  | { readonly kind: 'failed'; readonly error: ApiError }
  | {
      readonly kind: 'ready';
      readonly tenantName: string;
      readonly rows: ReadonlyArray<ConnectionRowView>;
      /** The row being refreshed, if any; absent onRefresh = no refresh buttons. */
      readonly refreshing?: string | null;
      readonly onRefresh?: (connectionId: string) => void;
    };

export function ConnectionsTable(props: ConnectionsTableProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (props.kind === 'loading') return <p role="status">{t('connections.loading')}</p>;
  if (props.kind === 'failed') {
    return (
      <p className="error" role="alert">
        {errorText(props.error)}
      </p>
    );
  }
  if (props.rows.length === 0) return <p className="empty">{t('connections.empty')}</p>;
  return (
    <table className="connections">
      <caption className="visually-hidden">{t('connections.caption', { tenant: props.tenantName })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('connections.colMarketplace')}</th>
          <th scope="col">{t('connections.colAccount')}</th>
          <th scope="col">{t('connections.colHealth')}</th>
          <th scope="col">{t('connections.colReason')}</th>
          <th scope="col">{t('connections.colRenewBy')}</th>
          <th scope="col">{t('connections.colLastRefresh')}</th>
          {props.onRefresh !== undefined ? (
            <th scope="col">
              <span className="visually-hidden">{t('connections.colActions')}</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.id} data-state={row.state}>
            <th scope="row">
              {row.marketplace}
              {row.region !== null ? <span className="muted"> · {row.region}</span> : null}
            </th>
            <td>{row.account}</td>
            <td>
              <HealthBadge state={row.state} tone={row.tone} paused={row.paused} />
            </td>
            <td className="reason">{row.reason ?? t('connections.notKnown')}</td>
            <td>
              {row.renewBy === null ? (
                t('connections.notKnown')
              ) : (
                <time dateTime={row.renewBy.iso} className={row.renewBy.soon ? 'soon' : undefined}>
                  {row.renewBy.text}
                  {row.renewBy.soon ? ` (${t('connections.renewSoon')})` : ''}
                </time>
              )}
            </td>
            <td>{row.lastRefresh === null ? t('connections.never') : <time dateTime={row.lastRefresh.iso}>{row.lastRefresh.text}</time>}</td>
            {props.onRefresh !== undefined ? (
              <td>
                <button
                  type="button"
                  onClick={() => props.onRefresh?.(row.id)}
                  disabled={props.refreshing !== null && props.refreshing !== undefined}
                  aria-label={t('connections.refreshLabel', { marketplace: row.marketplace, account: row.account })}
                >
                  {props.refreshing === row.id ? t('connections.refreshing') : t('connections.refresh')}
                </button>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
