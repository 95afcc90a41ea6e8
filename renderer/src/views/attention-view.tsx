// Needs attention: every client's connections that need someone, most urgent first (lost
// consent, then the renew-by dates that come soonest, then degraded), with a bulk renewal queue:
// select rows, renew them one after another through the consent flow, cancel at any time.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ConnectionGrid } from '../components/connection-grid';
import { useDenied } from '../components/denied-reason';
import { useErrorText } from '../components/error-text';
import { useConnections, useUi } from '../state/stores-context';
import { useGrid } from './use-grid';

const EMPTY: never[] = [];

export function AttentionView() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const lang = useUi((s) => s.lang);
  const cannotRenew = useDenied()('connection.reconnect', 'reconnect');
  const { attention, more, feedback, selected, queue, actions } = useConnections((s) => ({
    attention: s.attention,
    more: s.attentionMore,
    feedback: s.feedback,
    selected: s.selected,
    queue: s.queue,
    actions: s.actions,
  }));
  const rows = attention.kind === 'ready' ? attention.value : EMPTY;
  const grid = useGrid(rows, lang);
  const onToggle = useCallback((id: string) => actions.toggleSelected(id), [actions]);
  // Only connections whose consent can be renewed go in the renewal queue.
  const renewable = grid.sorted.filter((r) => r.state === 'needs_consent' || r.state === 'degraded' || r.renewBy !== null);
  const allOn = renewable.length > 0 && renewable.every((r) => selected.has(r.id));
  const running = queue !== null && queue.items.some((i) => i.status === 'queued' || i.status === 'starting' || i.status === 'waiting');

  return (
    <div className="view attention-view">
      <header className="view-head">
        <h1>{t('ws.attention.title')}</h1>
        <p className="muted">{t('ws.attention.intro')}</p>
      </header>
      {attention.kind === 'failed' ? (
        <p className="error" role="alert">
          {errorText(attention.error)}
        </p>
      ) : attention.kind !== 'ready' ? (
        <p role="status">{t('app.loading')}</p>
      ) : rows.length === 0 ? (
        <p className="empty all-good">{t('ws.attention.empty')}</p>
      ) : (
        <>
          <div className="toolbar">
            <label className="check">
              <input type="checkbox" checked={allOn} disabled={more} onChange={() => actions.selectAll(renewable.map((r) => r.id), !allOn)} />
              {t('ws.attention.selectAll', { count: renewable.length })}
            </label>
            <button
              type="button"
              className="primary"
              disabled={selected.size === 0 || running || cannotRenew !== null}
              title={cannotRenew ?? undefined}
              aria-describedby={cannotRenew === null ? undefined : 'renew-denied'}
              onClick={() => actions.startRenewal()}
            >
              {t('ws.attention.renewSelected', { count: selected.size })}
            </button>
            {cannotRenew !== null ? (
              <span id="renew-denied" className="muted">
                {cannotRenew}
              </span>
            ) : null}
            <span className="muted small" role="status">
              {more ? t('app.loading') : t('ws.attention.count', { count: rows.length })}
            </span>
          </div>
          <ConnectionGrid
            rows={grid.sorted}
            lang={lang}
            caption={t('ws.attention.title')}
            sort={grid.sort}
            onSort={grid.onSort}
            showClient
            feedback={feedback}
            onAction={grid.onAction}
            onOpen={grid.onOpen}
            selected={selected}
            onToggle={onToggle}
            now={grid.now}
          />
        </>
      )}
    </div>
  );
}
