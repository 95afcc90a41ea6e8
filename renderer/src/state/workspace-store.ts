// The workspace store: tenants, the selected tenant, connectors and that tenant's connections,
// with the actions that load and change them through the bridge; every state change goes
// through the pure transitions of workspace-model.ts.
import { createStore } from 'zustand/vanilla';
import type { ConnectionDto, ConsentFinished } from '../../../preload/contract';
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

export interface WorkspaceStoreState extends WorkspaceState {
  readonly actions: {
    /** After unlock: tenants and connectors, then the selected tenant's connections. */
    readonly loadAll: () => Promise<void>;
    readonly addTenant: (name: string) => Promise<boolean>;
    readonly selectTenant: (tenantId: string) => Promise<void>;
    readonly refreshConnections: (tenantId?: string | null) => Promise<void>;
    /** "Try now": main refreshes the connection's tokens and the row shows its new health. */
    readonly refreshConnection: (connectionId: string) => Promise<void>;
    readonly connect: (connectorId: string, region: string | null) => Promise<void>;
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

export type WorkspaceBridge = Pick<FivexApi, 'tenants' | 'connectors' | 'connections' | 'consent'>;

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
        set(tenantAdded(get(), reply.value));
        await loadConnections(reply.value.id);
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
      async refreshConnection(connectionId) {
        set({ refreshing: connectionId, notice: null });
        const reply = await api.connections.refresh({ connectionId });
        set({ refreshing: null, ...(reply.ok ? {} : { notice: { kind: 'error', error: reply.error } }) });
        await actions.refreshConnections(reply.ok ? reply.value.tenantId : null);
      },
      async connect(connectorId, region) {
        const tenantId = get().selectedTenantId;
        if (tenantId === null) return;
        set({ connecting: connectorId, notice: null });
        const reply = await api.consent.start({ tenantId, connectorId, region });
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
        set({ rowBusy: null, ...(reply.ok ? {} : { notice: { kind: 'error', error: reply.error } }) });
        await actions.refreshConnections(dto.tenantId);
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
        const { connectionId, tenantId } = flow.target;
        const reply = await api.connections.revoke({ connectionId });
        set({ revoke: revokeFinished(get().revoke, connectionId, reply) });
        await actions.refreshConnections(tenantId);
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
      consentFinished(result) {
        set(consentEnded(get(), result));
        void actions.refreshConnections(result.tenantId);
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
