// The workspace's navigation and grid data: which view is open (a client, needs attention, a
// connection's detail, the audit log, settings), the sidebar's clients with health counts, each
// client's grid rows (cached, so switching back is instant), the rows needing attention across
// clients, per-row feedback for actions, and the bulk renewal queue.
import { createStore } from 'zustand/vanilla';
import type { ApiError, ConsentFinished } from '../../../preload/contract';
import type { GridConnection, TenantHealth, WorkspaceStatus } from '../../../preload/workspace-channels';
import type { FivexApi } from '../bridge/fivex-api';
import type { GridAction, RowFeedback } from './grid-actions-model';
import { appendToQueue, cancelQueue, consentOutcome, nextToStart, progress, queueOf, update } from './renewal-queue-model';
import type { RenewStrategy, RenewalQueue } from './renewal-queue-model';
import { rememberRecent, readRecent } from './recent-clients';
import { createRowPrefetcher } from './row-prefetch';
import type { Loadable } from './workspace-model';
import { revokeClosed, revokeConfirmed, revokeFinished, revokePreviewed, revokeRequested } from './connection-actions-model';
import type { RevokeFlow } from './connection-actions-model';

export type View =
  | { readonly kind: 'client'; readonly tenantId: string }
  | { readonly kind: 'attention' }
  | { readonly kind: 'detail'; readonly connectionId: string; readonly back: View }
  | { readonly kind: 'audit' }
  | { readonly kind: 'settings' }
  | { readonly kind: 'none' };

export interface ConnectionsState {
  readonly view: View;
  readonly tenants: Loadable<ReadonlyArray<TenantHealth>>;
  readonly rows: ReadonlyMap<string, ReadonlyArray<GridConnection>>;
  readonly rowsError: ApiError | null;
  readonly attention: Loadable<ReadonlyArray<GridConnection>>;
  /** The first load of needs attention shows lost consent first; true while the rest is on its way. */
  readonly attentionMore: boolean;
  readonly status: WorkspaceStatus | null;
  readonly recent: ReadonlyArray<string>;
  readonly feedback: ReadonlyMap<string, RowFeedback>;
  readonly selected: ReadonlySet<string>;
  readonly queue: RenewalQueue | null;
  readonly paletteOpen: boolean;
  /** Revoke…: impact preview, typed confirmation, outcome (connection-actions-model.ts). */
  readonly revoke: RevokeFlow | null;
  /** Reconnect from a grid row whose marketplace offers a choice of redirect: the renew dialog. */
  readonly renewing: GridConnection | null;
}

export interface ConnectionsStoreState extends ConnectionsState {
  readonly actions: {
    readonly load: () => Promise<void>;
    readonly open: (view: View) => void;
    readonly openClient: (tenantId: string) => void;
    /**
     * Loads, in idle time, the rows of clients the person can see in the sidebar and has not
     * opened yet, so opening one shows its rows at once.
     */
    readonly prefetch: (tenantIds: ReadonlyArray<string>) => void;
    readonly reload: (tenantId?: string | null) => Promise<void>;
    readonly runAction: (row: GridConnection, action: Exclude<GridAction, 'revoke' | 'app_settings'>) => Promise<void>;
    readonly toggleSelected: (connectionId: string) => void;
    readonly selectAll: (ids: ReadonlyArray<string>, on: boolean) => void;
    readonly startRenewal: () => void;
    /** Renew one connection's consent with a chosen redirect strategy (the detail view). */
    readonly renew: (row: GridConnection, strategy: RenewStrategy | null) => void;
    /** Opens (a row) or closes (null) the renew dialog. */
    readonly askRenew: (row: GridConnection | null) => void;
    readonly cancelRenewal: () => void;
    readonly closeRenewal: () => void;
    readonly consentFinished: (result: ConsentFinished) => void;
    readonly setPalette: (open: boolean) => void;
    readonly startRevoke: (row: GridConnection) => Promise<void>;
    readonly confirmRevoke: () => Promise<void>;
    readonly closeRevoke: () => void;
    readonly reset: () => void;
  };
}

export type ConnectionsBridge = Pick<FivexApi, 'workspace' | 'connections'> & Partial<Pick<FivexApi, 'connect'>>;

const INITIAL: ConnectionsState = {
  view: { kind: 'none' },
  tenants: { kind: 'idle' },
  rows: new Map(),
  rowsError: null,
  attention: { kind: 'idle' },
  attentionMore: false,
  status: null,
  recent: [],
  feedback: new Map(),
  selected: new Set(),
  queue: null,
  paletteOpen: false,
  revoke: null,
  renewing: null,
};

export function createConnectionsStore(api: ConnectionsBridge, storage: Storage | null) {
  return createStore<ConnectionsStoreState>()((set, get) => {
    const prefetcher = createRowPrefetcher(api, get, (rows) => set({ rows }));
    // What the view opened last is loading (prefetching waits for it: the person's screen first).
    let viewLoading: Promise<void> = Promise.resolve();
    const loadRows = async (tenantId: string): Promise<void> => {
      const reply = await api.workspace.connections({ tenantId });
      if (!reply.ok) {
        set({ rowsError: reply.error });
        return;
      }
      const rows = new Map(get().rows);
      rows.set(tenantId, reply.value);
      set({ rows, rowsError: null });
    };
    const loadTenants = async (): Promise<void> => {
      const reply = await api.workspace.tenants();
      set({ tenants: reply.ok ? { kind: 'ready', value: reply.value } : { kind: 'failed', error: reply.error } });
    };
    // The newest load of needs attention wins; opening the view while one runs waits for it.
    let attentionSeq = 0;
    let attentionLoading: Promise<void> | null = null;
    let attentionOpened = false;
    const loadAttention = (reuse = false): Promise<void> => {
      if (reuse && attentionLoading !== null) return attentionLoading;
      const mine = ++attentionSeq;
      const current = (): boolean => mine === attentionSeq;
      const run = async (): Promise<void> => {
        if (get().attention.kind === 'ready') {
          const reply = await api.workspace.attention();
          if (current()) set({ attention: reply.ok ? { kind: 'ready', value: reply.value } : { kind: 'failed', error: reply.error }, attentionMore: false });
          return;
        }
        set({ attention: { kind: 'loading' } });
        // Lost consent always sorts first: those rows make the first screen while the rest (renew
        // soon, degraded: the forecast over every connection) is read. The rest is asked for after
        // them, so main answers the small part (and the client list) first.
        const consent = await api.workspace.attention({ part: 'needs_consent' });
        if (current() && consent.ok && consent.value.length > 0) {
          set({ attention: { kind: 'ready', value: consent.value }, attentionMore: true });
          // Lost consent with no client to go back to: needs attention is the first screen (as
          // load() decides), shown now rather than after the client list.
          if (get().view.kind === 'none' && get().recent.length === 0) {
            attentionOpened = true;
            set({ view: { kind: 'attention' } });
          }
        }
        const rest = await api.workspace.attention({ part: 'rest' });
        if (!current()) return;
        if (!consent.ok) set({ attention: { kind: 'failed', error: consent.error }, attentionMore: false });
        else if (!rest.ok) set({ attention: { kind: 'failed', error: rest.error }, attentionMore: false });
        else set({ attention: { kind: 'ready', value: [...consent.value, ...rest.value] }, attentionMore: false });
      };
      const loading = run().finally(() => {
        if (attentionLoading === loading) attentionLoading = null;
      });
      attentionLoading = loading;
      return loading;
    };
    const loadStatus = async (): Promise<void> => {
      const reply = await api.workspace.status();
      if (reply.ok) set({ status: reply.value });
    };
    const setFeedback = (id: string, fb: RowFeedback | null): void => {
      const feedback = new Map(get().feedback);
      if (fb === null) feedback.delete(id);
      else feedback.set(id, fb);
      set({ feedback });
    };
    const currentTenant = (): string | null => {
      const v = get().view;
      return v.kind === 'client' ? v.tenantId : null;
    };

    const pump = async (): Promise<void> => {
      const q = get().queue;
      if (q === null) return;
      const item = nextToStart(q);
      if (item === null) return;
      set({ queue: update(q, item.connectionId, { status: 'starting' }) });
      const reply =
        item.strategy !== null && api.connect !== undefined
          ? await api.connect.renew({ connectionId: item.connectionId, strategy: item.strategy })
          : await api.connections.reconnect({ connectionId: item.connectionId });
      const now = get().queue;
      if (now === null) return;
      if (!reply.ok) {
        set({ queue: update(now, item.connectionId, { status: 'failed', message: { en: reply.error.message, es: reply.error.message } }) });
      } else if (reply.value.status === 'unavailable') {
        set({ queue: update(now, item.connectionId, { status: 'unavailable', message: reply.value.text }) });
      } else {
        set({
          queue: update(now, item.connectionId, {
            status: 'waiting',
            sessionId: reply.value.sessionId,
            link: reply.value.status === 'link' ? reply.value.authorizeUrl : null,
          }),
        });
        return; // consent:finished moves the queue on
      }
      void pump();
    };

    /**
     * Renewing one row is a queue of one (the same progress and outcome as bulk renewal); while a
     * renewal queue runs, the row joins its end instead of replacing it.
     */
    const enqueue = (row: GridConnection, strategy: RenewStrategy | null): void => {
      const running = get().queue;
      const target = { id: row.id, label: `${row.tenantName} · ${row.connectorName} · ${row.label}`, strategy };
      set({ queue: running !== null && !running.cancelled && progress(running).running ? appendToQueue(running, target) : queueOf([target]) });
      setFeedback(row.id, null);
      void pump();
    };

    const actions: ConnectionsStoreState['actions'] = {
      renew: (row, strategy) => enqueue(row, strategy),
      askRenew: (row) => set({ renewing: row }),
      async load() {
        set({ tenants: { kind: 'loading' }, recent: readRecent(storage) });
        // No client to go back to: needs attention is the likely first screen (and its count the
        // sidebar's), so it loads alongside the client list instead of after it.
        // Back to the last client: its rows load alongside the client list, for the same reason.
        const last = get().recent[0];
        if (last === undefined) void loadAttention(true);
        else prefetcher.now(last);
        await Promise.all([loadTenants(), loadStatus()]);
        const tenants = get().tenants;
        if (get().view.kind === 'none') {
          const list = tenants.kind === 'ready' ? tenants.value : [];
          // Back where the person was (their last client); else where trouble is; else the first client.
          const anyTrouble = list.some((t) => t.needsConsent + t.degraded > 0);
          const recent = get().recent.find((id) => list.some((t) => t.id === id));
          if (recent !== undefined) actions.openClient(recent);
          else if (anyTrouble) actions.open({ kind: 'attention' });
          else if (list[0] !== undefined) actions.openClient(list[0].id);
        }
        await viewLoading;
        prefetcher.background();
      },
      open(view) {
        set({ view, selected: view.kind === 'attention' ? get().selected : new Set() });
        if (view.kind === 'attention') {
          attentionOpened = true;
          // Shown rows are current: once opened, every change reloads them (reload below).
          if (get().attention.kind !== 'ready' || attentionLoading !== null) viewLoading = loadAttention(true);
        }
        // Cached rows are current: the change stream drops or reloads them (reload below).
        if (view.kind === 'client' && !get().rows.has(view.tenantId)) {
          const { tenantId } = view;
          const prefetching = prefetcher.pending(tenantId);
          // A prefetch on its way is waited for (not asked again); if it was dropped, the rows load now.
          viewLoading = prefetching === undefined ? loadRows(tenantId) : prefetching.then(() => (get().rows.has(tenantId) ? undefined : loadRows(tenantId)));
        }
      },
      prefetch(tenantIds) {
        prefetcher.visible(tenantIds);
      },
      openClient(tenantId) {
        set({ recent: rememberRecent(storage, get().recent, tenantId) });
        actions.open({ kind: 'client', tenantId });
      },
      async reload(tenantId = null) {
        const shown = currentTenant();
        const jobs: Array<Promise<void>> = [loadTenants(), loadStatus()];
        if (shown !== null && (tenantId === null || tenantId === shown)) jobs.push(loadRows(shown));
        // Other clients' cached rows are dropped so they load fresh when opened again.
        prefetcher.dropped();
        const rows = new Map(get().rows);
        for (const id of rows.keys()) if (id !== shown && (tenantId === null || tenantId === id)) rows.delete(id);
        set({ rows });
        // Kept fresh once the person has opened it; loaded ahead only, it is dropped (the sidebar
        // counts from the client list meanwhile) rather than read again on every change.
        if (get().view.kind === 'attention' || attentionOpened) jobs.push(loadAttention());
        else if (get().attention.kind !== 'idle') {
          attentionSeq += 1;
          set({ attention: { kind: 'idle' }, attentionMore: false });
        }
        await Promise.all(jobs);
      },
      async runAction(row, action) {
        if (get().feedback.get(row.id)?.kind === 'busy') return;
        setFeedback(row.id, { kind: 'busy', action });
        const id = { connectionId: row.id };
        const reply =
          action === 'refresh'
            ? await api.connections.refresh(id)
            : action === 'pause'
              ? await api.connections.pause(id)
              : action === 'resume'
                ? await api.connections.resume(id)
                : null;
        if (action === 'reconnect') {
          enqueue(row, null);
          return;
        }
        if (reply === null) return;
        if (reply.ok) setFeedback(row.id, { kind: 'done', action, state: reply.value.state });
        else setFeedback(row.id, { kind: 'failed', action, error: reply.error });
        await actions.reload(row.tenantId);
      },
      toggleSelected(connectionId) {
        const selected = new Set(get().selected);
        if (selected.has(connectionId)) selected.delete(connectionId);
        else selected.add(connectionId);
        set({ selected });
      },
      selectAll(ids, on) {
        set({ selected: on ? new Set(ids) : new Set() });
      },
      startRenewal() {
        const { attention, selected, queue } = get();
        if (attention.kind !== 'ready' || selected.size === 0 || (queue !== null && nextToStart(queue) === null && queue.items.some((i) => i.status === 'waiting'))) return;
        const targets = attention.value.filter((r) => selected.has(r.id)).map((r) => ({ id: r.id, label: `${r.tenantName} · ${r.connectorName} · ${r.label}` }));
        set({ queue: queueOf(targets), selected: new Set() });
        void pump();
      },
      cancelRenewal() {
        const q = get().queue;
        if (q !== null) set({ queue: cancelQueue(q) });
      },
      closeRenewal() {
        set({ queue: null });
      },
      consentFinished(result) {
        const q = get().queue;
        if (q !== null) {
          set({ queue: consentOutcome(q, result.sessionId, result.outcome, result.text) });
          void pump();
        }
        void actions.reload(result.tenantId);
      },
      setPalette(open) {
        set({ paletteOpen: open });
      },
      async startRevoke(row) {
        const flow = revokeRequested(get().revoke, { connectionId: row.id, tenantId: row.tenantId, marketplace: row.connectorName, account: row.label });
        if (flow === get().revoke) return;
        set({ revoke: flow });
        const reply = await api.connections.revokePreview({ connectionId: row.id });
        set({ revoke: revokePreviewed(get().revoke, row.id, reply) });
      },
      async confirmRevoke() {
        const before = get().revoke;
        const flow = revokeConfirmed(before);
        if (flow === before || flow === null) return;
        set({ revoke: flow });
        const reply = await api.connections.revoke({ connectionId: flow.target.connectionId });
        set({ revoke: revokeFinished(get().revoke, flow.target.connectionId, reply) });
        await actions.reload(flow.target.tenantId);
      },
      closeRevoke() {
        set({ revoke: revokeClosed(get().revoke) });
      },
      reset() {
        prefetcher.dropped();
        attentionSeq += 1;
        attentionOpened = false;
        set({ ...INITIAL, rows: new Map(), feedback: new Map(), selected: new Set() });
      },
    };
    return { ...INITIAL, actions };
  });
}

export type ConnectionsStore = ReturnType<typeof createConnectionsStore>;
