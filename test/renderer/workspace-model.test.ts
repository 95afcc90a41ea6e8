// Pure workspace transitions and the connection row view model, without React.
import { describe, expect, it } from 'vitest';
import type { TenantDto } from '../../preload/contract';
import {
  INITIAL_WORKSPACE,
  connectionRow,
  connectionsLoaded,
  connectionsLoading,
  consentEnded,
  consentStarted,
  healthTone,
  pasteRefused,
  pasteStarted,
  safeAuthorizeLink,
  tenantAdded,
  tenantSelected,
  tenantsLoaded,
} from '../../renderer/src/state/workspace-model';
import { CONNECTOR, connection } from './fake-transport';

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

describe('consent', () => {
  const tenant = 'ten_a';
  const ready = { ...INITIAL_WORKSPACE, connecting: 'demo', connectors: { kind: 'ready' as const, value: [{ ...CONNECTOR, id: 'demo', name: 'Demo marketplace' }] } };

  it('shows an opened consent as a pending attempt with its notice, and an unavailable one as a notice only', () => {
    const opened = consentStarted(ready, tenant, 'demo', { status: 'opened', sessionId: 'consent_1', expiresAt: '2026-11-27T10:10:00.000Z', acceptsPaste: true });
    expect(opened).toMatchObject({ connecting: null, notice: { kind: 'info', key: 'connectors.opened' } });
    expect(opened.consent).toEqual({
      sessionId: 'consent_1', tenantId: tenant, connectorId: 'demo', connectorName: 'Demo marketplace', expiresAt: '2026-11-27T10:10:00.000Z',
      acceptsPaste: true, authorizeUrl: null, pasting: false, pasteError: null,
    });
    const text = { en: 'Set up the app registration first', es: 'Primero configure' };
    expect(consentStarted(ready, tenant, 'demo', { status: 'unavailable', reason: 'not_configured', text })).toMatchObject({ consent: null, notice: { kind: 'text', text } });
  });

  it('keeps only http(s) links from the preview', () => {
    const link = (authorizeUrl: string) =>
      consentStarted(ready, tenant, 'demo', { status: 'link', sessionId: 'consent_1', expiresAt: '2026-11-27T10:10:00.000Z', acceptsPaste: false, authorizeUrl }).consent?.authorizeUrl;
    expect(link('http://127.0.0.1:4680/oauth/authorize?client_id=demo')).toBe('http://127.0.0.1:4680/oauth/authorize?client_id=demo');
    expect(link('javascript:alert(1)')).toBeNull();
    expect(link('data:text/html,hi')).toBeNull();
    expect(safeAuthorizeLink('https://user:pw@example.com/')).toBeNull();
    expect(safeAuthorizeLink('not a url')).toBeNull();
  });

  it('shows a refused paste on the panel and closes the panel when its attempt ends', () => {
    const opened = consentStarted(ready, tenant, 'demo', { status: 'opened', sessionId: 'consent_1', expiresAt: '2026-11-27T10:10:00.000Z', acceptsPaste: true });
    const refused = pasteRefused(pasteStarted(opened), 'consent_1', { en: 'not accepted', es: 'no aceptado' });
    expect(refused.consent).toMatchObject({ pasting: false, pasteError: { en: 'not accepted' } });
    const other = consentEnded(refused, { sessionId: 'consent_2', tenantId: tenant, connectorId: 'demo', outcome: 'connected', text: null });
    expect(other.consent).not.toBeNull();
    const ended = consentEnded(refused, { sessionId: 'consent_1', tenantId: tenant, connectorId: 'demo', outcome: 'declined', text: null });
    // A declined consent reads as a failure (an alert), never as news beside a success.
    expect(ended).toMatchObject({ consent: null, notice: { kind: 'failure', key: 'consent.declined', text: null } });
    expect(consentEnded(refused, { sessionId: 'consent_1', tenantId: tenant, connectorId: 'demo', outcome: 'expired', text: { en: 'too slow', es: 'lento' } }).notice).toEqual({ kind: 'failure', key: 'consent.expired', text: { en: 'too slow', es: 'lento' } });
    expect(consentEnded(refused, { sessionId: 'consent_1', tenantId: tenant, connectorId: 'demo', outcome: 'connected', text: null }).notice).toEqual({ kind: 'info', key: 'consent.connected' });
  });
});
