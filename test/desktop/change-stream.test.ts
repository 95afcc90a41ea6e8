// The page's one change stream: what another process does to the vault (the real CLI binary in a
// child process, or a second connection to the same file) reaches the desktop's listeners within
// a second, as the connections and tenants now are; nothing is emitted while nothing changes; the
// tray's attention count follows, and a connection that just lost consent is announced once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoMarketplace } from '../../connectors/demo/server';
import type { DemoMarketplace } from '../../connectors/demo/server';
import type { AttentionUpdate } from '../../main/desktop/attention';
import { createServices } from '../../main/services';
import { openVault } from '../../main/vault';
import { CLI_BUILT, runCliProcess } from '../support/cli';
import { PASSPHRASE, deskOn, until, valueOf } from './desk';
import type { Desk } from './desk';

let demo: DemoMarketplace;
beforeAll(async () => {
  demo = await startDemoMarketplace();
});
afterAll(async () => {
  await demo.close();
});

/** An imported demo connection (active once refreshed), made through the desk's own services. */
async function importedConnection(d: Desk): Promise<string> {
  const services = d.services();
  const res = await fetch(`${demo.url}/demo/self-authorize?scope=profile`, { method: 'POST' });
  const { refresh_token: refreshToken } = (await res.json()) as { refresh_token: string };
  const view = services.engine.store.createConnectionWithGrant({
    tenantId: d.tenantId,
    connectorId: 'demo',
    account: 'Imported shop',
    tokens: { accessToken: 'x', refreshToken, tokenType: 'bearer', accessExpiresAt: new Date(Date.now() + 3_600_000), refreshExpiresAt: null, scopes: null, extra: {} },
    dueNow: false,
  });
  return view.id;
}

const vaultDir = (d: Desk): string => d.api.session.status().dir;
const heard = (d: Desk, connectionId: string, check: (c: { readonly paused: boolean; readonly state: string }) => boolean): boolean =>
  d.events.some((e) => e.channel === 'connections:changed' && e.payload.connections.some((c) => c.id === connectionId && check(c)));

describe('changes made by another process', () => {
  it.skipIf(!CLI_BUILT)('a pause and a new tenant from the CLI binary reach the page within a second (needs npx electron-vite build)', async () => {
    const d = await deskOn(demo);
    const id = await importedConnection(d);
    const env = { FIVEX_VAULT_PASSPHRASE: PASSPHRASE, FIVEX_VAULT_DIR: vaultDir(d) };

    const paused = await runCliProcess(['pause', id], { env });
    expect(paused.code).toBe(0);
    const pausedAt = Date.now();
    await until(() => heard(d, id, (c) => c.paused), 'the pause made by the CLI');
    expect(Date.now() - pausedAt).toBeLessThan(1000);

    const added = await runCliProcess(['tenant', 'add', 'Beta Shop'], { env });
    expect(added.code).toBe(0);
    const addedAt = Date.now();
    await until(() => d.events.some((e) => e.channel === 'tenants:changed' && e.payload.tenants.some((t) => t.name === 'Beta Shop')), 'the tenant added by the CLI');
    expect(Date.now() - addedAt).toBeLessThan(1000);
    // The page reads nothing itself: the event carries the tenant as the list shows it.
    const beta = d.events.flatMap((e) => (e.channel === 'tenants:changed' ? e.payload.tenants : [])).find((t) => t.name === 'Beta Shop');
    expect(beta).toEqual({ id: expect.stringMatching(/^ten_/) as unknown, name: 'Beta Shop', connections: 0 });
  });

  it('a lost consent written by a second connection reaches the page, the tray count and one notice', async () => {
    const d = await deskOn(demo);
    const id = await importedConnection(d);
    const updates: AttentionUpdate[] = [];
    d.api.onAttention((u) => void updates.push(u));
    // The engine announced the new connection (in this process, so no data_version change).
    await until(() => heard(d, id, (c) => c.state === 'active' || c.state === 'degraded'), 'the created connection');
    // Subscribing while unlocked gives the count at once (the tray starts after the keychain unlock).
    expect(updates[0]).toEqual({ count: 0, nowNeedConsent: [] });
    const quietBefore = d.events.filter((e) => e.channel === 'connections:changed').length;
    await new Promise((r) => setTimeout(r, 700));
    // Nothing changed, so nothing was sent.
    expect(d.events.filter((e) => e.channel === 'connections:changed').length).toBe(quietBefore);

    // Another process: its own database connection, its own services.
    const other = openVault(vaultDir(d), { passphrase: PASSPHRASE }, { scrypt: { N: 2 ** 10, r: 8, p: 1 } });
    try {
      const services = createServices(other);
      const row = services.engine.store.require(id);
      // The seller removed the app: the next refresh would read invalid_grant; record it as the engine does.
      other.transaction(() => {
        services.engine.context.recorder.apply(row, { kind: 'refresh_failed', failure: 'consent_gone', reason: 'invalid_grant', detail: null }, new Date().toISOString());
      });
    } finally {
      other.close();
    }
    await until(() => heard(d, id, (c) => c.state === 'needs_consent'), 'the lost consent');
    await until(() => updates.some((u) => u.nowNeedConsent.length === 1), 'the notice');
    const notice = updates.find((u) => u.nowNeedConsent.length === 1);
    expect(notice?.count).toBe(1);
    expect(notice?.nowNeedConsent[0]).toEqual({ connectionId: id, tenantName: 'Acme Retail', connectorName: 'Demo marketplace', account: 'Imported shop' });
    valueOf(await d.api.call('vault:lock'));
    expect(updates.at(-1)).toEqual({ count: 0, nowNeedConsent: [] });
  });
});
