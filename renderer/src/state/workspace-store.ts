// The workspace store: tenants, the selected tenant, connectors and that tenant's connections,
// with the actions that load and change them through the bridge; every state change goes
// through pure transitions (workspace-model.ts, live-changes.ts). Lists are read once (unlock,
// selecting a tenant); after that the change stream from main keeps them current, and an
// action's reply updates its row: nothing is reloaded after an action.
import { createStore } from 'zustand/vanilla';
import type { ConnectionDto, ConnectionsChanged, ConsentFinished, TenantsChanged } from '../../../preload/contract';
import type { FivexApi } from '../bridge/fivex-api';
import {
  INITIAL_WORKSPACE,
  connectionsLoaded,
  connectionsLoading,
  consentEnded,
  consentStarted,
  pasteRefused,
  pasteStarted,
  tenantAdded,
  tenantSelected,
  tenantsLoaded,
} from './workspace-model';
import type { WorkspaceState } from './workspace-model';
import { revokeClosed, revokeConfirmed, revokeFinished, revokePreviewed, revokeRequested } from './connection-actions-model';
import type { RevokeTarget } from './connection-actions-model';
import { connectionUpdated, connectionsChanged, tenantsChanged } from './live-changes';

export interface WorkspaceStoreState extends WorkspaceState {
  readonly actions: {
    /** After unlock: tenants and connectors, then the selected tenant's connections. */
    readonly loadAll: () => Promise<void>;
    readonly addTenant: (name: string) => Promise<boolean>;
    readonly selectTenant: (tenantId: string) => Promise<void>;
    readonly refreshConnections: (tenantId?: string | null) => Promise<void>;
    /** The change stream: connections that changed (here or in another process), as they are now. */
    readonly applyConnections: (change: ConnectionsChanged) => void;
    /** The change stream: tenants added or changed elsewhere. */
    readonly applyTenants: (change: TenantsChanged) => void;
    /** "Try now": main refreshes the connection's tokens and the row shows its new health. */
    readonly refreshConnection: (connectionId: string) => Promise<void>;
    /** With `how` (the connect dialog): the chosen redirect strategy and connection settings. */
    readonly connect: (connectorId: string, region: string | null, how?: BrowserConnectChoice) => Promise<void>;
    /** Renew consent: the same consent panel as Connect, for this connection (same id comes back). */
    readonly reconnect: (connectionId: string) => Promise<void>;
    readonly setPaused: (connectionId: string, paused: boolean) => Promise<void>;
    /** Revoke…: shows the impact preview; nothing changes until confirmRevoke. */
    readonly startRevoke: (connectionId: string) => Promise<void>;
    readonly confirmRevoke: () => Promise<void>;
    readonly closeRevoke: () => void;
    /** Remote consent: the completion code (or link) pasted into the consent panel. */
    readonly pasteCode: (text: string) => Promise<void>;
    readonly consentFinished: (result: ConsentFinished) => void;
    /** Hides the consent panel (the attempt itself ends by itself when it expires). */
    readonly dismissConsent: () => void;
    readonly dismissNotice: () => void;
    /** On lock: forget everything read from the vault. */
    readonly reset: () => void;
  };
}

export type WorkspaceBridge = Pick<FivexApi, 'tenants' | 'connectors' | 'connections' | 'consent'> & Partial<Pick<FivexApi, 'connect'>>;

export interface BrowserConnectChoice {
  readonly strategy: 'loopback' | 'deeplink' | 'relay';
  readonly settings: Readonly<Record<string, string>>;
}

export function createWorkspaceStore(api: WorkspaceBridge) {
  return createStore<WorkspaceStoreState>()((set, get) => {
    const loadConnections = async (tenantId: string): Promise<void> => {
      set(connectionsLoading(get(), tenantId));
      const reply = await api.connections.list({ tenantId });
      set(connectionsLoaded(get(), tenantId, reply.ok ? { kind: 'ready', value: reply.value } : { kind: 'failed', error: reply.error }));
    };

    /** A connection of the list on screen (actions start from a row the person sees). */
    const shownConnection = (connectionId: string): ConnectionDto | undefined => {
      const { connections } = get();
      return connections.kind === 'ready' ? connections.value.find((c) => c.id === connectionId) : undefined;
    };

    const actions: WorkspaceStoreState['actions'] = {
      async loadAll() {
        set({ tenants: { kind: 'loading' }, connectors: { kind: 'loading' } });
        const [tenants, connectors] = await Promise.all([api.tenants.list(), api.connectors.list()]);
        set({ connectors: connectors.ok ? { kind: 'ready', value: connectors.value } : { kind: 'failed', error: connectors.error } });
        if (!tenants.ok) {
          set({ tenants: { kind: 'failed', error: tenants.error } });
          return;
        }
        set(tenantsLoaded(get(), tenants.value));
        const selected = get().selectedTenantId;
        if (selected !== null) await loadConnections(selected);
      },
      async addTenant(name) {
        set({ addingTenant: true, addTenantError: null });
        const reply = await api.tenants.add({ name });
        if (!reply.ok) {
          set({ addingTenant: false, addTenantError: reply.error });
          return false;
        }
        // A new tenant has no connections yet: nothing to read.
        set(connectionsLoaded(tenantAdded(get(), reply.value), reply.value.id, { kind: 'ready', value: [] }));
        return true;
      },
      async selectTenant(tenantId) {
        set(tenantSelected(get(), tenantId));
        if (get().selectedTenantId === tenantId) await loadConnections(tenantId);
      },
      async refreshConnections(tenantId = null) {
        const selected = get().selectedTenantId;
        if (selected !== null && (tenantId === null || tenantId === selected)) await loadConnections(selected);
      },
      applyConnections(change) {
        set(connectionsChanged(get(), change));
      },
      applyTenants(change) {
        set(tenantsChanged(get(), change));
      },
      async refreshConnection(connectionId) {
        set({ refreshing: connectionId, notice: null });
        const reply = await api.connections.refresh({ connectionId });
        if (reply.ok) set({ ...connectionUpdated(get(), reply.value), refreshing: null });
        else set({ refreshing: null, notice: { kind: 'error', error: reply.error } });
      },
      async connect(connectorId, region, how) {
        const tenantId = get().selectedTenantId;
        if (tenantId === null) return;
        set({ connecting: connectorId, notice: null });
        const reply =
          how === undefined || api.connect === undefined
            ? await api.consent.start({ tenantId, connectorId, region })
            : await api.connect.browser({ tenantId, connectorId, region, strategy: how.strategy, settings: { ...how.settings } });
        if (!reply.ok) {
          set({ connecting: null, notice: { kind: 'error', error: reply.error } });
          return;
        }
        set(consentStarted(get(), tenantId, connectorId, reply.value));
      },
      async reconnect(connectionId) {
        const dto = shownConnection(connectionId);
        if (dto === undefined || get().rowBusy !== null) return;
        set({ rowBusy: { connectionId, action: 'reconnect' }, notice: null });
        const reply = await api.connections.reconnect({ connectionId });
        if (!reply.ok) {
          set({ rowBusy: null, notice: { kind: 'error', error: reply.error } });
          return;
        }
        set({ ...consentStarted(get(), dto.tenantId, dto.connectorId, reply.value), rowBusy: null });
      },
      async setPaused(connectionId, paused) {
        const dto = shownConnection(connectionId);
        if (dto === undefined || get().rowBusy !== null) return;
        set({ rowBusy: { connectionId, action: paused ? 'pause' : 'resume' }, notice: null });
        const reply = paused ? await api.connections.pause({ connectionId }) : await api.connections.resume({ connectionId });
        if (reply.ok) set({ ...connectionUpdated(get(), reply.value), rowBusy: null });
        else set({ rowBusy: null, notice: { kind: 'error', error: reply.error } });
      },
      async startRevoke(connectionId) {
        const dto = shownConnection(connectionId);
        if (dto === undefined) return;
        const target: RevokeTarget = { connectionId, tenantId: dto.tenantId, marketplace: dto.connectorName, account: dto.account };
        const flow = revokeRequested(get().revoke, target);
        if (flow === get().revoke) return;
        set({ revoke: flow, notice: null });
        const reply = await api.connections.revokePreview({ connectionId });
        set({ revoke: revokePreviewed(get().revoke, connectionId, reply) });
      },
      async confirmRevoke() {
        const before = get().revoke;
        const flow = revokeConfirmed(before);
        if (flow === before || flow === null) return;
        set({ revoke: flow });
        const { connectionId } = flow.target;
        const reply = await api.connections.revoke({ connectionId });
        const revoked = reply.ok ? connectionUpdated(get(), reply.value.connection) : get();
        set({ ...revoked, revoke: revokeFinished(get().revoke, connectionId, reply) });
      },
      closeRevoke() {
        set({ revoke: revokeClosed(get().revoke) });
      },
      async pasteCode(text) {
        const pending = get().consent;
        if (pending === null || text.trim() === '') return;
        set(pasteStarted(get()));
        const reply = await api.consent.paste({ sessionId: pending.sessionId, text });
        if (!reply.ok) {
          set({ ...pasteRefused(get(), pending.sessionId, null), notice: { kind: 'error', error: reply.error } });
          return;
        }
        if (reply.value.status === 'refused') set(pasteRefused(get(), pending.sessionId, reply.value.text));
        else actions.consentFinished(reply.value.result);
      },
      // The new (or renewed) connection arrives through the change stream.
      consentFinished(result) {
        set(consentEnded(get(), result));
      },
      dismissConsent() {
        set({ consent: null });
      },
      dismissNotice() {
        set({ notice: null });
      },
      reset() {
        set({ ...INITIAL_WORKSPACE });
      },
    };

    return { ...INITIAL_WORKSPACE, actions };
  });
}

export type WorkspaceStore = ReturnType<typeof createWorkspaceStore>;
