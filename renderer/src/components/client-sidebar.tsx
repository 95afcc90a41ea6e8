// The sidebar: the workspace's places (needs attention, audit log, settings), a search over
// clients, recently opened clients first, then every client in natural order (numbers as
// numbers), each with its health counts. The client list is virtualized: 500 clients cost a
// screenful of elements.
import { useVirtualizer } from '@tanstack/react-virtual';
import { observeRectOr } from './virtual-rect';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../preload/contract';
import type { TenantHealth } from '../../../preload/workspace-channels';
import type { View } from '../state/connections-store';
import { filterClients } from '../state/sidebar-model';

const ITEM_HEIGHT = 52;

export interface ClientSidebarProps {
  readonly tenants: ReadonlyArray<TenantHealth>;
  readonly recent: ReadonlyArray<string>;
  readonly view: View;
  readonly lang: Lang;
  readonly attentionCount: number | null;
  readonly onOpen: (view: View) => void;
  readonly onClient: (tenantId: string) => void;
  readonly addForm: React.ReactNode;
  /** The clients now in view (recent ones and the list's visible window), for prefetching their rows. */
  readonly onVisible?: (tenantIds: ReadonlyArray<string>) => void;
  /** false: the acting role may not read the audit log (main's permissions), so no such place. */
  readonly canAudit?: boolean;
}

// Memoized: a switch re-renders the two items whose "current" changed, not every one shown.
const ClientItem = memo(function ClientItem(props: { readonly t: TenantHealth; readonly current: boolean; readonly onClient: (tenantId: string) => void }) {
  const { t } = useTranslation();
  const c = props.t;
  return (
    <button type="button" className="client-item" aria-current={props.current ? 'page' : undefined} onClick={() => props.onClient(c.id)}>
      <span className="client-name clamp1">{c.name}</span>
      <span className="client-counts">
        {c.needsConsent > 0 ? <span className="count count-bad">{t('ws.sidebar.needsConsent', { count: c.needsConsent })}</span> : null}
        {c.degraded > 0 ? <span className="count count-warn">{t('ws.sidebar.degraded', { count: c.degraded })}</span> : null}
        {c.needsConsent + c.degraded === 0 ? <span className="muted small">{t('ws.sidebar.connections', { count: c.connections })}</span> : null}
      </span>
    </button>
  );
});

export function ClientSidebar(props: ClientSidebarProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const scroller = useRef<HTMLDivElement>(null);
  const { recent, all } = useMemo(() => filterClients(props.tenants, props.recent, query, props.lang), [props.tenants, props.recent, query, props.lang]);
  const virtualizer = useVirtualizer({
    count: all.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ITEM_HEIGHT,
    overscan: 8,
    initialRect: { width: 280, height: 700 },
    observeElementRect: observeRectOr({ width: 280, height: 700 }),
  });
  const items = virtualizer.getVirtualItems();
  const visible = [...recent.map((c) => c.id), ...items.flatMap((item) => all[item.index]?.id ?? [])].join(' ');
  const { onVisible } = props;
  useEffect(() => {
    if (onVisible === undefined || visible === '') return;
    // Once the list has stopped moving (a scroll), not on every frame of it; a search that narrowed
    // the list to a few clients at once, since one of them is about to be opened.
    const ids = visible.split(' ');
    const timer = setTimeout(() => onVisible(ids), ids.length <= 5 ? 0 : 120);
    return () => clearTimeout(timer);
  }, [visible, onVisible]);
  const currentId = props.view.kind === 'client' ? props.view.tenantId : null;
  const place = (kind: 'attention' | 'audit' | 'settings', label: string, extra?: string) => (
    <button type="button" className="place" aria-current={props.view.kind === kind ? 'page' : undefined} onClick={() => props.onOpen({ kind })}>
      {label}
      {extra !== undefined ? <span className="count count-bad">{extra}</span> : null}
    </button>
  );

  return (
    <nav className="sidebar" aria-label={t('ws.sidebar.label')}>
      <div className="places">
        {place('attention', t('ws.attention.title'), props.attentionCount !== null && props.attentionCount > 0 ? String(props.attentionCount) : undefined)}
        {props.canAudit !== false ? place('audit', t('ws.audit.title')) : null}
        {place('settings', t('ws.settings.title'))}
      </div>
      <label className="visually-hidden" htmlFor="client-search">
        {t('ws.sidebar.search')}
      </label>
      <input id="client-search" type="search" className="client-search" placeholder={t('ws.sidebar.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
      {recent.length > 0 ? (
        <section aria-labelledby="recent-title" className="client-group">
          <h2 id="recent-title" className="group-title">
            {t('ws.sidebar.recent')}
          </h2>
          {recent.map((c) => (
            <ClientItem key={c.id} t={c} current={c.id === currentId} onClient={props.onClient} />
          ))}
        </section>
      ) : null}
      <h2 className="group-title" id="all-title">
        {t('ws.sidebar.all', { count: all.length })}
      </h2>
      <div ref={scroller} className="client-scroll" aria-labelledby="all-title" role="list">
        {all.length === 0 ? <p className="muted small">{query === '' ? t('tenants.none') : t('ws.sidebar.noMatch')}</p> : null}
        <div className="grid-spacer" style={{ height: `${virtualizer.getTotalSize()}px` }}>
          {items.map((item) => {
            const c = all[item.index];
            if (c === undefined) return null;
            return (
              <div key={c.id} role="listitem" className="client-slot" style={{ transform: `translateY(${item.start}px)` }}>
                <ClientItem t={c} current={c.id === currentId} onClient={props.onClient} />
              </div>
            );
          })}
        </div>
      </div>
      <div className="sidebar-add">{props.addForm}</div>
    </nav>
  );
}
