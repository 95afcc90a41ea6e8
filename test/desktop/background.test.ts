// While the app is unlocked it keeps tokens fresh itself: the one wiring (app and preview alike)
// starts the refresh scheduler after unlock; it renews what is due (here an imported token against
// the real demo marketplace), the page hears the connection as it is now plus each tick, and the
// scheduler stops before the vault locks.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoMarketplace } from '../../connectors/demo/server';
import type { DemoMarketplace } from '../../connectors/demo/server';
import type { Services } from '../../main/services';
import { deskOn, until, valueOf } from './desk';

let demo: DemoMarketplace;
beforeAll(async () => {
  demo = await startDemoMarketplace();
});
afterAll(async () => {
  await demo.close();
});

/** A self-authorized refresh token, imported: due at once, not yet verified. */
async function importedConnection(services: Services, tenantId: string): Promise<string> {
  // Every purpose's scope, so the refreshed connection has nothing missing.
  const scope = encodeURIComponent('profile reports.read finance.read ads.read listings.read listings.write');
  const res = await fetch(`${demo.url}/demo/self-authorize?scope=${scope}`, { method: 'POST' });
  const { refresh_token: refreshToken } = (await res.json()) as { refresh_token: string };
  const view = services.engine.store.createConnectionWithGrant({
    tenantId,
    connectorId: 'demo',
    account: 'Imported shop',
    tokens: { accessToken: '', refreshToken, tokenType: 'bearer', accessExpiresAt: new Date(), refreshExpiresAt: null, scopes: null, extra: {} },
    dueNow: true,
  });
  expect(view.state).toBe('degraded');
  return view.id;
}

it('refreshes due connections while unlocked, tells the page the connection as it is now, and stops before the vault locks', async () => {
  const d = await deskOn(demo, { deps: { schedulerTickMs: 50 } });
  const services = d.services();
  const id = await importedConnection(services, d.tenantId);

  await until(() => services.engine.store.require(id).state === 'active', 'the background refresh');
  await until(
    () => d.events.some((e) => e.channel === 'connections:changed' && e.payload.connections.some((c) => c.id === id && c.state === 'active')),
    'the page to hear the refreshed connection',
  );
  const ticks = (): number => d.events.filter((e) => e.channel === 'scheduler:ticked').length;
  expect(ticks()).toBeGreaterThan(0);
  const tick = d.events.find((e) => e.channel === 'scheduler:ticked');
  expect(tick?.payload).toEqual({ at: expect.any(String) as unknown, due: expect.any(Number) as unknown, refreshed: expect.any(Number) as unknown, failed: 0, probed: expect.any(Number) as unknown });

  valueOf(await d.api.call('vault:lock'));
  const atLock = ticks();
  await new Promise((r) => setTimeout(r, 200));
  // Locking waited for the loop to stop: no tick ran on a closed vault.
  expect(ticks()).toBe(atLock);
  expect(d.logs.filter((line) => /scheduler|change feed/.test(line))).toEqual([]);
});
