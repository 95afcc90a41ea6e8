// The selected client's connections: marketplace, account, health badge, the reason in plain
// words, renew-by date (flagged when near), last refresh, and per row "Refresh now" plus the
// actions its state allows (Reconnect, Pause/Resume, Revoke…). Marketplace data is rendered as text.
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../preload/contract';
import { rowActions } from '../state/connection-actions-model';
import type { RowAction, RowBusy } from '../state/connection-actions-model';
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
      /** The row whose action is running, if any; absent onAction = no action buttons. */
      readonly busy?: RowBusy | null;
      readonly onAction?: (connectionId: string, action: RowAction) => void;
    };

const ACTION_TEXT: { readonly [A in RowAction]: { readonly label: string; readonly busy: string; readonly aria: string } } = {
  reconnect: { label: 'connections.reconnect', busy: 'connections.reconnecting', aria: 'connections.reconnectLabel' },
  pause: { label: 'connections.pause', busy: 'connections.pausing', aria: 'connections.pauseLabel' },
  resume: { label: 'connections.resume', busy: 'connections.resuming', aria: 'connections.resumeLabel' },
  revoke: { label: 'connections.revoke', busy: 'connections.revoke', aria: 'connections.revokeLabel' },
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
  // One action at a time: a refresh or an action running on any row holds the buttons.
  const anyBusy = (props.refreshing !== null && props.refreshing !== undefined) || (props.busy !== null && props.busy !== undefined);
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
          {props.onRefresh !== undefined || props.onAction !== undefined ? (
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
            {props.onRefresh !== undefined || props.onAction !== undefined ? (
              <td>
                <div className="row-actions">
                  {props.onRefresh !== undefined ? (
                    <button
                      type="button"
                      onClick={() => props.onRefresh?.(row.id)}
                      disabled={anyBusy}
                      aria-label={t('connections.refreshLabel', { marketplace: row.marketplace, account: row.account })}
                    >
                      {props.refreshing === row.id ? t('connections.refreshing') : t('connections.refresh')}
                    </button>
                  ) : null}
                  {props.onAction !== undefined
                    ? rowActions(row).map((action) => {
                        const text = ACTION_TEXT[action];
                        const running = props.busy?.connectionId === row.id && props.busy.action === action;
                        return (
                          <button
                            key={action}
                            type="button"
                            className={action === 'revoke' ? 'danger' : undefined}
                            onClick={() => props.onAction?.(row.id, action)}
                            disabled={anyBusy}
                            aria-label={t(text.aria, { marketplace: row.marketplace, account: row.account })}
                          >
                            {running ? t(text.busy) : t(text.label)}
                          </button>
                        );
                      })
                    : null}
                </div>
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
