// The workspace's pure models: urgency order (lost consent, renew-by soonest, degraded, the rest),
// numbers sorted as numbers, which actions help in which state, the renewal queue's transitions,
// the sidebar's search and recent clients, and the palette's options and shortcut.
import { describe, expect, it } from 'vitest';
import type { GridConnection, TenantHealth } from '../../preload/workspace-channels';
import { helpfulActions, reasonKind } from '../../renderer/src/state/grid-actions-model';
import { isPaletteShortcut, paletteItems } from '../../renderer/src/state/palette-model';
import { appendToQueue, cancelQueue, consentOutcome, nextToStart, progress, queueOf, update } from '../../renderer/src/state/renewal-queue-model';
import { filterClients } from '../../renderer/src/state/sidebar-model';
import { DEFAULT_SORT, nextSort, sortRows, urgencyRank } from '../../renderer/src/state/urgency';
import { toFilter } from '../../renderer/src/state/audit-model';
import { chartSeries } from '../../renderer/src/state/detail-model';

const NOW = Date.parse('2026-12-04T00:00:00.000Z');
const days = (n: number): string => new Date(NOW + n * 86_400_000).toISOString();

function row(over: Partial<GridConnection>): GridConnection {
  return {
    id: 'con_x', tenantId: 'ten_a', tenantName: 'Acme', connectorId: 'demo', connectorName: 'Demo', label: 'shop-1', region: null,
    state: 'active', paused: false, reason: null, reasonText: null, renewBy: null, lastRefreshAt: days(-1), lastProbeAt: null,
    nextRetryAt: null, owner: null, unchecked: false, updatedAt: days(-1), ...over,
  };
}

describe('urgency order', () => {
  it('puts lost consent first, then the renew-by dates that come soonest, then degraded, then the rest', () => {
    const rows = [
      row({ id: 'active', renewBy: days(200) }),
      row({ id: 'degraded', state: 'degraded', reason: 'server_error' }),
      row({ id: 'renew-20', renewBy: days(20) }),
      row({ id: 'revoked', state: 'disconnected', reason: 'revoked' }),
      row({ id: 'lost', state: 'needs_consent', reason: 'invalid_grant' }),
      row({ id: 'renew-3', renewBy: days(3) }),
      row({ id: 'imported', state: 'degraded', reason: 'not_verified', unchecked: true, lastRefreshAt: null }),
      row({ id: 'paused', paused: true, reason: 'paused', renewBy: days(100) }),
    ];
    expect(sortRows(rows, DEFAULT_SORT, 'en', NOW).map((r) => r.id)).toEqual(['lost', 'renew-3', 'renew-20', 'degraded', 'active', 'imported', 'paused', 'revoked']);
  });

  it('never ranks a never-checked import as urgent trouble', () => {
    expect(urgencyRank(row({ state: 'degraded', reason: 'not_verified', unchecked: true }), NOW)).toBeGreaterThan(urgencyRank(row({}), NOW));
  });

  it('sorts accounts numerically: shop-210-2 before shop-210-10', () => {
    const rows = ['shop-210-10', 'shop-210-2', 'shop-9-1', 'Shop-210-1'].map((label, i) => row({ id: `c${i}`, label }));
    expect(sortRows(rows, { key: 'account', dir: 'asc' }, 'en', NOW).map((r) => r.label)).toEqual(['shop-9-1', 'Shop-210-1', 'shop-210-2', 'shop-210-10']);
    expect(sortRows(rows, { key: 'account', dir: 'desc' }, 'en', NOW).map((r) => r.label)[0]).toBe('shop-210-10');
  });

  it('flips a column on a second click and starts a new column ascending', () => {
    expect(nextSort(DEFAULT_SORT, 'account')).toEqual({ key: 'account', dir: 'asc' });
    expect(nextSort({ key: 'account', dir: 'asc' }, 'account')).toEqual({ key: 'account', dir: 'desc' });
  });
});

describe('actions that can help', () => {
  it('offers only Reconnect on a disconnected row, and no Refresh when consent is lost', () => {
    expect(helpfulActions(row({ state: 'disconnected', reason: 'revoked' }))).toEqual(['reconnect']);
    expect(helpfulActions(row({ state: 'needs_consent', reason: 'invalid_grant' }))).toEqual(['reconnect', 'revoke']);
  });
  it('offers Try again (not Reconnect) on an outage, and app settings on a broken app registration', () => {
    expect(helpfulActions(row({ state: 'degraded', reason: 'server_error' }))).toEqual(['refresh', 'pause', 'revoke']);
    expect(helpfulActions(row({ state: 'degraded', reason: 'invalid_client' }))).toEqual(['app_settings', 'revoke']);
    expect(helpfulActions(row({ state: 'degraded', reason: 'missing_permission' }))).toEqual(['reconnect', 'revoke']);
  });
  it('offers Resume on a paused row and says it waits for someone, not that it retries by itself', () => {
    expect(helpfulActions(row({ paused: true, reason: 'paused' }))).toEqual(['resume', 'revoke']);
    expect(reasonKind(row({ paused: true, reason: 'paused' }))).toBe('paused');
    expect(reasonKind(row({ state: 'degraded', reason: 'not_verified', unchecked: true }))).toBe('unchecked');
    expect(reasonKind(row({ state: 'degraded', reason: 'offline' }))).toBe('computer');
  });
});

describe('the renewal queue', () => {
  it('renews one after another, takes each outcome from its consent, and stops when cancelled', () => {
    let q = queueOf([{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }, { id: 'c', label: 'C' }]);
    expect(nextToStart(q)?.connectionId).toBe('a');
    q = update(q, 'a', { status: 'waiting', sessionId: 's1' });
    expect(nextToStart(q)).toBeNull(); // one at a time
    q = consentOutcome(q, 's1', 'connected', null);
    expect(q.items[0]?.status).toBe('renewed');
    expect(nextToStart(q)?.connectionId).toBe('b');
    q = update(q, 'b', { status: 'waiting', sessionId: 's2' });
    q = consentOutcome(q, 'other-session', 'declined', null);
    expect(q.items[1]?.status).toBe('waiting'); // another attempt's ending is not this one's
    q = consentOutcome(q, 's2', 'declined', { en: 'Declined.', es: 'Rechazado.' });
    expect(q.items[1]?.status).toBe('declined');
    q = cancelQueue(q);
    expect(q.items[2]?.status).toBe('cancelled');
    expect(nextToStart(q)).toBeNull();
    expect(progress(q)).toEqual({ done: 3, total: 3, running: false });
  });

  it('lets a row join a running queue once, at its end', () => {
    let q = update(queueOf([{ id: 'a', label: 'A' }]), 'a', { status: 'waiting', sessionId: 's1' });
    q = appendToQueue(q, { id: 'b', label: 'B' });
    q = appendToQueue(q, { id: 'b', label: 'B' });
    q = appendToQueue(q, { id: 'a', label: 'A' });
    expect(q.items.map((i) => `${i.connectionId}:${i.status}`)).toEqual(['a:waiting', 'b:queued']);
  });
});

describe('sidebar, palette, audit form, chart', () => {
  const t = (id: string, name: string): TenantHealth => ({ id, name, connections: 1, needsConsent: 0, degraded: 0, disconnected: 0, lastActivityAt: null });
  it('lists recent clients first and every client in natural order, searching without accents', () => {
    const tenants = [t('ten_1', 'Client 10'), t('ten_2', 'Client 2'), t('ten_3', 'Óptica Norte')];
    const lists = filterClients(tenants, ['ten_3', 'ten_gone'], '', 'en');
    expect(lists.recent.map((x) => x.id)).toEqual(['ten_3']);
    expect(lists.all.map((x) => x.name)).toEqual(['Client 2', 'Client 10', 'Óptica Norte']);
    expect(filterClients(tenants, [], 'optica', 'es').all.map((x) => x.id)).toEqual(['ten_3']);
  });
  it('offers actions, clients and connections, and opens on Ctrl+K (⌘K on macOS)', () => {
    const items = paletteItems({ tenants: [t('ten_1', 'Acme')], connections: [row({ id: 'con_1' }), row({ id: 'con_1' })], current: { kind: 'attention' }, texts: { attention: 'A', audit: 'B', settings: 'C', lang: 'D', lock: 'E' } });
    expect(items.filter((i) => i.group === 'client').map((i) => i.label)).toEqual(['Acme']);
    expect(items.filter((i) => i.group === 'connection')).toHaveLength(1);
    expect(isPaletteShortcut({ key: 'k', ctrlKey: true, metaKey: false }, false)).toBe(true);
    expect(isPaletteShortcut({ key: 'k', ctrlKey: true, metaKey: false }, true)).toBe(false);
    expect(isPaletteShortcut({ key: 'K', ctrlKey: false, metaKey: true }, true)).toBe(true);
  });
  it('turns the audit form into a filter: blanks are "any", the end date covers its whole day', () => {
    const f = toFilter({ tenantId: '', operator: ' os:ana ', action: '', outcome: 'ok', from: '2026-12-01', to: '2026-12-02', search: '' });
    expect(f.tenantId).toBeNull();
    expect(f.operator).toBe('os:ana');
    expect(Date.parse(f.until ?? '') - Date.parse(f.since ?? '')).toBe(2 * 86_400_000 - 1);
    expect(toFilter({ tenantId: '', operator: '', action: '', outcome: '', from: 'nope', to: '', search: '' }).since).toBeNull();
  });
  it('charts health as levels over time, extended to now', () => {
    const s = chartSeries([{ at: days(-2), state: 'active', reason: null }, { at: days(-1), state: 'needs_consent', reason: 'invalid_grant' }], NOW);
    expect(s.ys).toEqual([3, 1, 1]);
    expect(s.xs.at(-1)).toBe(NOW / 1000);
  });
});
