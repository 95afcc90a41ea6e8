// Pure workspace transitions and the connection row view model, without React.
import { describe, expect, it } from 'vitest';
import type { TenantDto } from '../../preload/contract';
import {
  INITIAL_WORKSPACE,
  connectionRow,
  connectionsLoaded,
  connectionsLoading,
  healthTone,
  tenantAdded,
  tenantSelected,
  tenantsLoaded,
} from '../../renderer/src/state/workspace-model';
import { connection } from './fake-transport';

const acme: TenantDto = { id: 'ten_a', name: 'Acme', connections: 1 };
const zeta: TenantDto = { id: 'ten_z', name: 'zeta', connections: 0 };

describe('tenants', () => {
  it('selects the first tenant on load and keeps a still-existing selection on reload', () => {
    const loaded = tenantsLoaded(INITIAL_WORKSPACE, [acme, zeta]);
    expect(loaded.selectedTenantId).toBe('ten_a');
    const chosen = tenantSelected(loaded, 'ten_z');
    expect(tenantsLoaded(chosen, [acme, zeta]).selectedTenantId).toBe('ten_z');
    expect(tenantsLoaded(chosen, [acme]).selectedTenantId).toBe('ten_a');
    expect(tenantsLoaded(chosen, []).selectedTenantId).toBeNull();
  });

  it('puts an added tenant in name order (case-insensitive) and selects it', () => {
    const state = tenantAdded(tenantsLoaded(INITIAL_WORKSPACE, [acme, zeta]), { id: 'ten_m', name: 'Mango', connections: 0 });
    expect(state.tenants.kind === 'ready' ? state.tenants.value.map((t) => t.name) : []).toEqual(['Acme', 'Mango', 'zeta']);
    expect(state.selectedTenantId).toBe('ten_m');
    expect(state.connections).toEqual({ kind: 'idle' });
  });

  it('ignores selecting an unknown tenant', () => {
    const loaded = tenantsLoaded(INITIAL_WORKSPACE, [acme]);
    expect(tenantSelected(loaded, 'ten_gone')).toBe(loaded);
  });
});

describe('connections', () => {
  it('drops a response for a tenant that is no longer selected', () => {
    const state = tenantSelected(tenantsLoaded(INITIAL_WORKSPACE, [acme, zeta]), 'ten_z');
    const stale = connectionsLoaded(state, 'ten_a', { kind: 'ready', value: [connection()] });
    expect(stale).toBe(state);
    const fresh = connectionsLoaded(connectionsLoading(state, 'ten_z'), 'ten_z', { kind: 'ready', value: [] });
    expect(fresh.connections).toEqual({ kind: 'ready', value: [] });
  });

  it('keeps the shown list while refreshing the same tenant', () => {
    const state = connectionsLoaded(connectionsLoading(tenantsLoaded(INITIAL_WORKSPACE, [acme]), 'ten_a'), 'ten_a', { kind: 'ready', value: [] });
    expect(connectionsLoading(state, 'ten_a')).toBe(state);
  });

  it('builds a row: tone per state, reason in the chosen language, renew-by flagged within 30 days', () => {
    const now = new Date('2026-11-27T12:00:00.000Z');
    const dto = connection({
      state: 'needs_consent',
      reasonText: { en: 'The seller must approve again.', es: 'El vendedor debe aprobar de nuevo.' },
      renewBy: '2026-12-10T00:00:00.000Z',
      lastRefreshAt: '2026-11-26T08:30:00.000Z',
    });
    const en = connectionRow(dto, 'en', now);
    expect(en).toMatchObject({ tone: 'bad', reason: 'The seller must approve again.', renewBy: { soon: true, iso: '2026-12-10T00:00:00.000Z' } });
    expect(en.renewBy?.text).toMatch(/Dec/);
    const es = connectionRow({ ...dto, renewBy: '2027-11-20T00:00:00.000Z' }, 'es', now);
    expect(es.reason).toBe('El vendedor debe aprobar de nuevo.');
    expect(es.renewBy?.soon).toBe(false);
    expect(es.renewBy?.text).toMatch(/nov/);
    expect(connectionRow(connection(), 'en', now)).toMatchObject({ tone: 'ok', reason: null, renewBy: null, lastRefresh: null });
  });

  it('maps every health state to a tone', () => {
    expect(['active', 'degraded', 'needs_consent', 'disconnected'].map((s) => healthTone(s as never))).toEqual(['ok', 'warn', 'bad', 'off']);
  });
});
