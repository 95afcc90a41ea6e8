// The change stream applied to the workspace, as pure transitions: main sends the connections and
// tenants that changed as they are now (an action here, the background scheduler, the CLI in
// another process), and the store merges them instead of reloading lists.
import type { ConnectionDto, ConnectionsChanged, TenantDto, TenantsChanged } from '../../../preload/contract';
import type { WorkspaceState } from './workspace-model';

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Merges changed connections into the shown tenant's list (others are read when selected). */
export function connectionsChanged(state: WorkspaceState, change: ConnectionsChanged): WorkspaceState {
  const shown = state.connections;
  const tenantId = state.connectionsFor;
  if (shown.kind !== 'ready' || tenantId === null) return state;
  const removed = new Set(change.removed);
  const updates = new Map<string, ConnectionDto>();
  for (const dto of change.connections) if (dto.tenantId === tenantId) updates.set(dto.id, dto);
  // A connection that moved to another tenant leaves this list.
  for (const dto of change.connections) if (dto.tenantId !== tenantId) removed.add(dto.id);
  if (updates.size === 0 && !shown.value.some((c) => removed.has(c.id))) return state;
  const next: ConnectionDto[] = [];
  for (const dto of shown.value) {
    if (removed.has(dto.id)) continue;
    const updated = updates.get(dto.id);
    next.push(updated ?? dto);
    updates.delete(dto.id);
  }
  next.push(...updates.values());
  return { ...state, connections: { kind: 'ready', value: next } };
}

/** One connection as an action's reply returned it. */
export function connectionUpdated(state: WorkspaceState, dto: ConnectionDto): WorkspaceState {
  return connectionsChanged(state, { connections: [dto], removed: [] });
}

/** Tenants added or changed elsewhere (name, connection count), in the list's order. */
export function tenantsChanged(state: WorkspaceState, change: TenantsChanged): WorkspaceState {
  if (state.tenants.kind !== 'ready' || change.tenants.length === 0) return state;
  const updates = new Map(change.tenants.map((t) => [t.id, t]));
  const next: TenantDto[] = state.tenants.value.map((t) => {
    const updated = updates.get(t.id);
    updates.delete(t.id);
    return updated ?? t;
  });
  next.push(...updates.values());
  next.sort((a, b) => byName.compare(a.name, b.name));
  return { ...state, tenants: { kind: 'ready', value: next } };
}
