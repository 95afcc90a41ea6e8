// The connection grid, virtualized (@tanstack/react-virtual): only the rows in view are in the
// page, each of one fixed height, texts wrapping inside their column (clamped, full text on
// hover and for screen readers). Table semantics through ARIA roles with aria-rowcount and
// aria-rowindex, so assistive technology knows the full size. Marketplace data is text only.
import { useVirtualizer } from '@tanstack/react-virtual';
import { observeRectOr } from './virtual-rect';
import { useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../preload/contract';
import type { GridConnection } from '../../../preload/workspace-channels';
import type { GridAction, RowFeedback } from '../state/grid-actions-model';
import { reasonKind } from '../state/grid-actions-model';
import type { SortKey, SortOrder } from '../state/urgency';
import { renewSoon } from '../state/urgency';
import { formatDate } from '../state/workspace-model';
import { shortDate } from '../state/dates';
import { GridRowActions } from './grid-row-actions';

const ROW_HEIGHT = 76;

export interface ConnectionGridProps {
  readonly rows: ReadonlyArray<GridConnection>;
  readonly lang: Lang;
  readonly caption: string;
  readonly sort: SortOrder;
  readonly onSort: (key: SortKey) => void;
  readonly showClient: boolean;
  readonly feedback: ReadonlyMap<string, RowFeedback>;
  readonly onAction: (row: GridConnection, action: GridAction) => void;
  readonly onOpen: (row: GridConnection) => void;
  /** Bulk selection (needs attention): a checkbox per row. */
  readonly selected?: ReadonlySet<string>;
  readonly onToggle?: (id: string) => void;
  readonly now: number;
}

type Column = { readonly key: string; readonly sort: SortKey | null; readonly label: string };

export function ConnectionGrid(props: ConnectionGridProps) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: props.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    // jsdom and the first paint have no layout: start with a screenful so first rows show at once.
    initialRect: { width: 1200, height: 800 },
    observeElementRect: observeRectOr({ width: 1200, height: 800 }),
  });

  const columns: Column[] = [
    ...(props.onToggle !== undefined ? [{ key: 'select', sort: null, label: t('ws.grid.select') }] : []),
    ...(props.showClient ? [{ key: 'client', sort: 'client' as const, label: t('ws.grid.client') }] : []),
    { key: 'marketplace', sort: 'marketplace', label: t('ws.grid.marketplace') },
    { key: 'account', sort: 'account', label: t('ws.grid.accountOwner') },
    { key: 'state', sort: 'state', label: t('ws.grid.state') },
    { key: 'reason', sort: null, label: t('ws.grid.reason') },
    { key: 'renewBy', sort: 'renewBy', label: t('ws.grid.renewBy') },
    { key: 'checks', sort: 'lastRefresh', label: t('ws.grid.checks') },
    { key: 'actions', sort: null, label: t('ws.grid.actions') },
  ];
  const template = `grid-${props.onToggle !== undefined ? 'sel-' : ''}${props.showClient ? 'client' : 'plain'}`;

  const header = (c: Column): ReactNode => {
    if (c.sort === null) return <span className={c.key === 'select' || c.key === 'actions' ? 'visually-hidden' : undefined}>{c.label}</span>;
    const active = props.sort.key === c.sort;
    return (
      <button type="button" className="sort" onClick={() => props.onSort(c.sort as SortKey)}>
        {c.label}
        <span aria-hidden="true">{active ? (props.sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    );
  };

  return (
    <div className="grid-wrap" role="table" aria-label={props.caption} aria-rowcount={props.rows.length + 1}>
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className={`grid-row ${template}`}>
          {columns.map((c) => (
            <div
              key={c.key}
              role="columnheader"
              className={`cell cell-${c.key}`}
              aria-sort={c.sort !== null && props.sort.key === c.sort ? (props.sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
            >
              {header(c)}
            </div>
          ))}
        </div>
      </div>
      <div ref={scroller} className="grid-scroll" role="rowgroup" data-testid="grid-scroll">
        <div className="grid-spacer" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = props.rows[item.index];
            if (row === undefined) return null;
            return (
              <div
                key={row.id}
                role="row"
                aria-rowindex={item.index + 2}
                data-state={row.state}
                data-id={row.id}
                className={`grid-row ${template}`}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <GridCells {...props} row={row} />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function GridCells(props: ConnectionGridProps & { readonly row: GridConnection }) {
  const { t } = useTranslation();
  const { row, lang } = props;
  const kind = reasonKind(row);
  const tone = row.state === 'disconnected' ? 'off' : row.state === 'needs_consent' ? 'bad' : kind === 'unchecked' ? 'neutral' : row.state === 'degraded' ? 'warn' : 'ok';
  const badge = kind === 'unchecked' ? t('ws.state.unchecked') : t(`health.${row.state}`);
  const reason = row.reasonText === null ? (kind === 'unchecked' ? t('ws.reason.unchecked') : t('ws.reason.none')) : row.reasonText[lang];
  const next = t(`ws.next.${kind}`);
  const soon = renewSoon(row.renewBy, props.now);
  const name = `${row.connectorName} · ${row.label}`;
  return (
    <>
      {props.onToggle !== undefined ? (
        <div role="cell" className="cell cell-select">
          <input type="checkbox" checked={props.selected?.has(row.id) ?? false} onChange={() => props.onToggle?.(row.id)} aria-label={t('ws.grid.selectRow', { name: `${row.tenantName} · ${name}` })} />
        </div>
      ) : null}
      {props.showClient ? (
        <div role="cell" className="cell cell-client clamp" title={row.tenantName}>
          {row.tenantName}
        </div>
      ) : null}
      <div role="rowheader" className="cell cell-marketplace">
        <span className="clamp" title={row.connectorName}>
          {row.connectorName}
        </span>
        {row.region !== null ? <span className="muted small">{row.region}</span> : null}
      </div>
      <div role="cell" className="cell cell-account">
        <button type="button" className="link clamp" onClick={() => props.onOpen(row)} title={row.label} aria-label={t('ws.grid.openDetail', { name })}>
          {row.label}
        </button>
        <span className="muted small clamp1" title={row.owner ?? ''}>
          {t('ws.grid.owner')}: {row.owner ?? t('connections.notKnown')}
        </span>
      </div>
      <div role="cell" className="cell cell-state">
        <span className={`badge badge-${tone}`}>{badge}</span>
        {row.paused ? <span className="badge badge-off">{t('connections.paused')}</span> : null}
      </div>
      <div role="cell" className="cell cell-reason">
        <span className="clamp" title={`${reason} ${next}`}>
          {reason} <span className="muted">{next}</span>
        </span>
      </div>
      <div role="cell" className="cell cell-renewBy">
        {row.renewBy === null ? (
          <span className="muted">{t('connections.notKnown')}</span>
        ) : (
          <time dateTime={row.renewBy} className={soon ? 'soon' : undefined}>
            {formatDate(row.renewBy, lang, false)}
            {soon ? <span className="small"> ({t('connections.renewSoon')})</span> : null}
          </time>
        )}
      </div>
      <div role="cell" className="cell cell-checks small">
        <span className="clamp1">
          {t('ws.grid.lastRefresh')}: {row.lastRefreshAt === null ? t('connections.never') : shortDate(row.lastRefreshAt, lang)}
        </span>
        <span className={row.nextRetryAt !== null ? 'clamp1 retry' : 'clamp1'}>
          {row.nextRetryAt !== null
            ? `${t('ws.grid.nextRetry')}: ${shortDate(row.nextRetryAt, lang)}`
            : `${t('ws.grid.lastProbe')}: ${row.lastProbeAt === null ? t('connections.never') : shortDate(row.lastProbeAt, lang)}`}
        </span>
      </div>
      <div role="cell" className="cell cell-actions">
        <GridRowActions row={row} name={name} feedback={props.feedback.get(row.id) ?? null} onAction={(a) => props.onAction(row, a)} />
      </div>
    </>
  );
}
