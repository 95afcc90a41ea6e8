// The change stream applied to the workspace as pure transitions: changed rows replace theirs in
// place, new rows of the shown tenant are added, deleted and moved rows leave, other tenants'
// rows are ignored, and tenants added elsewhere join the list in its order with their counts.
import { describe, expect, it } from 'vitest';
import { connectionsChanged, tenantsChanged } from '../../renderer/src/state/live-changes';
import { INITIAL_WORKSPACE } from '../../renderer/src/state/workspace-model';
import type { WorkspaceState } from '../../renderer/src/state/workspace-model';
import { connection } from './fake-transport';

const TEN = 'ten_00000000000000000000000000000000';
const shown = (rows = [connection({ id: 'con_1' }), connection({ id: 'con_2', account: 'Second' })]): WorkspaceState => ({
  ...INITIAL_WORKSPACE,
  selectedTenantId: TEN,
  connectionsFor: TEN,
  connections: { kind: 'ready', value: rows },
});
const ids = (s: WorkspaceState): string[] => (s.connections.kind === 'ready' ? s.connections.value.map((c) => `${c.id}:${c.state}`) : []);

describe('connectionsChanged', () => {
  it('replaces changed rows in place and appends the shown tenant\'s new ones', () => {
    const next = connectionsChanged(shown(), { connections: [connection({ id: 'con_2', state: 'needs_consent' }), connection({ id: 'con_3' })], removed: [] });
    expect(ids(next)).toEqual(['con_1:active', 'con_2:needs_consent', 'con_3:active']);
  });

  it('drops deleted rows and rows that now belong to another tenant, and ignores other tenants', () => {
    const other = 'ten_11111111111111111111111111111111';
    const next = connectionsChanged(shown(), { connections: [connection({ id: 'con_1', tenantId: other }), connection({ id: 'con_9', tenantId: other })], removed: ['con_2'] });
    expect(ids(next)).toEqual([]);
    const untouched = shown();
    expect(connectionsChanged(untouched, { connections: [connection({ id: 'con_9', tenantId: other })], removed: ['con_8'] })).toBe(untouched);
  });

  it('leaves a list that is not loaded alone (it is read when the tenant is selected)', () => {
    const loading: WorkspaceState = { ...INITIAL_WORKSPACE, connections: { kind: 'loading' }, connectionsFor: TEN };
    expect(connectionsChanged(loading, { connections: [connection()], removed: [] })).toBe(loading);
  });
});

describe('tenantsChanged', () => {
  it('updates counts and adds tenants in name order (numbers as numbers)', () => {
    const state: WorkspaceState = { ...INITIAL_WORKSPACE, tenants: { kind: 'ready', value: [{ id: 't1', name: 'Shop 2', connections: 0 }, { id: 't2', name: 'Shop 10', connections: 1 }] } };
    const next = tenantsChanged(state, { tenants: [{ id: 't2', name: 'Shop 10', connections: 2 }, { id: 't3', name: 'Shop 3', connections: 0 }] });
    expect(next.tenants.kind === 'ready' ? next.tenants.value : []).toEqual([
      { id: 't1', name: 'Shop 2', connections: 0 },
      { id: 't3', name: 'Shop 3', connections: 0 },
      { id: 't2', name: 'Shop 10', connections: 2 },
    ]);
  });
});
