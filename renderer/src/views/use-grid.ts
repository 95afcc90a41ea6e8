// Shared wiring of a connection grid: the sort order the person picked, rows sorted by it
// (urgency by default), and the row actions routed to the stores (revoke opens the typed
// confirmation, app settings opens Settings, the rest run in place with feedback).
import { useCallback, useMemo, useState } from 'react';
import type { Lang } from '../../../preload/contract';
import type { GridConnection } from '../../../preload/workspace-channels';
import type { GridAction } from '../state/grid-actions-model';
import { useApi } from '../state/api-context';
import { useStores } from '../state/stores-context';
import { useReply } from './use-reply';
import { DEFAULT_SORT, nextSort, sortRows } from '../state/urgency';
import type { SortKey, SortOrder } from '../state/urgency';

export function useGrid(rows: ReadonlyArray<GridConnection>, lang: Lang) {
  const stores = useStores();
  const api = useApi();
  // What each marketplace offers: Reconnect asks which redirect when there is a choice.
  const options = useReply(() => api.connect.options(), [api]);
  const choosesRedirect = useMemo(() => {
    const list = options.state.kind === 'ready' ? options.state.value : [];
    return new Set(list.filter((o) => o.available && o.mode === 'browser' && o.strategies.length > 1).map((o) => o.connectorId));
  }, [options.state]);
  const [sort, setSort] = useState<SortOrder>(DEFAULT_SORT);
  const now = useMemo(() => Date.now(), [rows]);
  const sorted = useMemo(() => sortRows(rows, sort, lang, now), [rows, sort, lang, now]);
  const onSort = useCallback((key: SortKey): void => setSort((s) => nextSort(s, key)), []);
  // Stable across renders, so the grid's memoized rows are not rendered again for new closures.
  const onAction = useCallback(
    (row: GridConnection, action: GridAction): void => {
      const a = stores.connections.getState().actions;
      if (action === 'revoke') void a.startRevoke(row);
      // As on the detail page: the renew dialog says what is asked and lets the person pick the redirect.
      else if (action === 'reconnect' && row.state !== 'disconnected' && choosesRedirect.has(row.connectorId)) a.askRenew(row);
      else if (action === 'app_settings') a.open({ kind: 'settings' });
      else void a.runAction(row, action);
    },
    [stores, choosesRedirect],
  );
  const onOpen = useCallback(
    (row: GridConnection): void => {
      const a = stores.connections.getState();
      a.actions.open({ kind: 'detail', connectionId: row.id, back: a.view });
    },
    [stores],
  );
  return { sorted, sort, onSort, onAction, onOpen, now };
}
