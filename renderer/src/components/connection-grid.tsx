// The connection grid, virtualized (@tanstack/react-virtual): only the rows in view are in the
// page, each of one fixed height, texts wrapping inside their column (clamped, full text on
// hover and for screen readers). Table semantics through ARIA roles with aria-rowcount and
// aria-rowindex, so assistive technology knows the full size. Marketplace data is text only.
// Each row is memoized on its own data: scrolling renders only the rows that enter the view,
// and a feedback change or selection re-renders one row, not the screenful.
import { useVirtualizer } from '@tanstack/react-virtual';
import { observeRectOr } from './virtual-rect';
import { memo, useMemo, useRef } from 'react';
import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ApiError, Lang } from '../../../preload/contract';
import type { GridConnection } from '../../../preload/workspace-channels';
import type { GridAction, RowFeedback } from '../state/grid-actions-model';
import { reasonKind } from '../state/grid-actions-model';
import type { ReasonKind } from '../state/grid-actions-model';

const REASON_KINDS: ReadonlyArray<ReasonKind> = ['retry', 'seller', 'agency', 'computer', 'paused', 'unchecked', 'none'];
import type { SortKey, SortOrder } from '../state/urgency';
import { renewSoon } from '../state/urgency';
import { formatDate } from '../state/workspace-model';
import { shortDate } from '../state/dates';
import { GridRowActionsView } from './grid-row-actions';
import { useDenied } from './denied-reason';
import { useErrorText } from './error-text';

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
    // A scroll renders the rows entering the view in React's own task, not inside the scroll event:
    // the event, the render and the frame are three short tasks instead of one long one.
    useFlushSync: false,
    // jsdom and the first paint have no layout: start with a screenful so first rows show at once.
    initialRect: { width: 1200, height: 800 },
    observeElementRect: observeRectOr({ width: 1200, height: 800 }),
  });

  const texts = useMemo(() => gridTexts(t), [t]);
  // Looked up once for the grid; the memoized rows compare them, so keep them stable per language and role.
  const denied = useDenied();
  const errorText = useErrorText();
  const deniedKey = ['connection.refresh', 'connection.reconnect', 'connection.pause', 'connection.resume', 'connection.revoke', 'app.set'].map((a) => denied(a, 'refresh') ?? '').join('|');
  const rowHelpers = useMemo(() => ({ deniedFor: denied, errorText }), [deniedKey, t]);
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
              <GridRow
                key={row.id}
                row={row}
                index={item.index}
                start={item.start}
                template={template}
                lang={props.lang}
                t={t}
                texts={texts}
                helpers={rowHelpers}
                showClient={props.showClient}
                feedback={props.feedback.get(row.id) ?? null}
                onAction={props.onAction}
                onOpen={props.onOpen}
                selectable={props.onToggle !== undefined}
                selected={props.selected?.has(row.id) ?? false}
                onToggle={props.onToggle}
                now={props.now}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** The row's words that do not depend on the row, looked up once per language (not per cell). */
function gridTexts(t: TFunction) {
  return {
    unchecked: t('ws.state.unchecked'),
    reasonUnchecked: t('ws.reason.unchecked'),
    reasonNone: t('ws.reason.none'),
    owner: t('ws.grid.owner'),
    notKnown: t('connections.notKnown'),
    paused: t('connections.paused'),
    renewSoon: t('connections.renewSoon'),
    lastRefresh: t('ws.grid.lastRefresh'),
    lastProbe: t('ws.grid.lastProbe'),
    nextRetry: t('ws.grid.nextRetry'),
    never: t('connections.never'),
    health: { active: t('health.active'), degraded: t('health.degraded'), needs_consent: t('health.needs_consent'), disconnected: t('health.disconnected') } as Record<GridConnection['state'], string>,
    next: Object.fromEntries(REASON_KINDS.map((k) => [k, t(`ws.next.${k}`)])) as Record<ReasonKind, string>,
  };
}
type GridTexts = ReturnType<typeof gridTexts>;

interface GridRowProps {
  readonly row: GridConnection;
  readonly index: number;
  readonly start: number;
  readonly template: string;
  readonly lang: Lang;
  readonly t: TFunction;
  readonly texts: GridTexts;
  readonly helpers: { readonly deniedFor: (action: string, what: string) => string | null; readonly errorText: (error: ApiError) => string };
  readonly showClient: boolean;
  readonly feedback: RowFeedback | null;
  readonly onAction: (row: GridConnection, action: GridAction) => void;
  readonly onOpen: (row: GridConnection) => void;
  readonly selectable: boolean;
  readonly selected: boolean;
  readonly onToggle: ((id: string) => void) | undefined;
  readonly now: number;
}

const GridRow = memo(function GridRow(props: GridRowProps) {
  const { row, lang, t, texts } = props;
  const kind = reasonKind(row);
  const tone = row.state === 'disconnected' ? 'off' : row.state === 'needs_consent' ? 'bad' : kind === 'unchecked' ? 'neutral' : row.state === 'degraded' ? 'warn' : 'ok';
  const badge = kind === 'unchecked' ? texts.unchecked : texts.health[row.state];
  const reason = row.reasonText === null ? (kind === 'unchecked' ? texts.reasonUnchecked : texts.reasonNone) : row.reasonText[lang];
  const next = texts.next[kind];
  const soon = renewSoon(row.renewBy, props.now);
  const name = `${row.connectorName} · ${row.label}`;
  const { onAction } = props;
  return (
    <div
      role="row"
      aria-rowindex={props.index + 2}
      data-state={row.state}
      data-id={row.id}
      className={`grid-row ${props.template}`}
      style={{ transform: `translateY(${props.start}px)` }}
    >
      {props.selectable ? (
        <div role="cell" className="cell cell-select">
          <input type="checkbox" checked={props.selected} onChange={() => props.onToggle?.(row.id)} aria-label={t('ws.grid.selectRow', { name: `${row.tenantName} · ${name}` })} />
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
          {texts.owner}: {row.owner ?? texts.notKnown}
        </span>
      </div>
      <div role="cell" className="cell cell-state">
        <span className={`badge badge-${tone}`}>{badge}</span>
        {row.paused ? <span className="badge badge-off">{texts.paused}</span> : null}
      </div>
      <div role="cell" className="cell cell-reason">
        <span className="clamp" title={`${reason} ${next}`}>
          {reason} <span className="muted">{next}</span>
        </span>
      </div>
      <div role="cell" className="cell cell-renewBy">
        {row.renewBy === null ? (
          <span className="muted">{texts.notKnown}</span>
        ) : (
          <time dateTime={row.renewBy} className={soon ? 'soon' : undefined}>
            {formatDate(row.renewBy, lang, false)}
            {soon ? <span className="small"> ({texts.renewSoon})</span> : null}
          </time>
        )}
      </div>
      <div role="cell" className="cell cell-checks small">
        <span className="clamp1">
          {texts.lastRefresh}: {row.lastRefreshAt === null ? texts.never : shortDate(row.lastRefreshAt, lang)}
        </span>
        <span className={row.nextRetryAt !== null ? 'clamp1 retry' : 'clamp1'}>
          {row.nextRetryAt !== null
            ? `${texts.nextRetry}: ${shortDate(row.nextRetryAt, lang)}`
            : `${texts.lastProbe}: ${row.lastProbeAt === null ? texts.never : shortDate(row.lastProbeAt, lang)}`}
        </span>
      </div>
      <div role="cell" className="cell cell-actions">
        <GridRowActionsView row={row} name={name} feedback={props.feedback} onAction={(a) => onAction(row, a)} t={t} {...props.helpers} />
      </div>
    </div>
  );
});
