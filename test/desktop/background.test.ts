// While the app is unlocked it keeps tokens fresh itself: the refresh scheduler starts after unlock,
// renews what is due (here an imported token against the real demo marketplace), tells the page,
// and stops before the vault locks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startDemoMarketplace } from '../../connectors/demo/server';
import { createDesktopApi } from '../../main/desktop/api';
import type { DesktopEvent } from '../../main/desktop/events';
import { createServices } from '../../main/services';
import { PASSPHRASE, until, valueOf } from './desk';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('refreshes due connections while unlocked, tells the page, and stops before the vault locks', async () => {
  const demo = await startDemoMarketplace();
  const root = mkdtempSync(join(tmpdir(), 'fivex-desktop-background-'));
  cleanups.push(async () => {
    rmSync(root, { recursive: true, force: true });
    await demo.close();
  });
  const order: string[] = [];
  const events: DesktopEvent[] = [];
  const api = createDesktopApi({
    vaultDir: join(root, 'vault'),
    keychain: null,
    buildServices: (vault) => createServices(vault),
    actor: 'os:tester',
    mode: 'desktop',
    version: '0.0.0-test',
    scrypt: { N: 2 ** 10, r: 8, p: 1 },
    log: () => undefined,
    backgroundFor: (services, changed) => {
      order.push('start');
      const monitor = services.engine.scheduler.monitor({ tickMs: 50, onTick: (r) => (r.refreshed > 0 ? changed() : undefined) });
      return {
        stop: async () => {
          await monitor.stop();
          order.push('stopped');
        },
      };
    },
  });
  cleanups.push(() => api.close());
  api.onEvent((e) => void events.push(e));

  valueOf(await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false }));
  expect(order).toEqual(['start']);
  const services = api.session.services();
  services.registrations.set({ connectorId: 'demo', clientId: demo.clientId, params: { baseUrl: demo.url } });
  const tenant = services.tenants.add('Acme Retail');
  // A self-authorized refresh token, imported: due at once, not yet verified.
  // Every purpose's scope, so the refreshed connection has nothing missing.
  const scope = encodeURIComponent('profile reports.read finance.read ads.read listings.read listings.write');
  const res = await fetch(`${demo.url}/demo/self-authorize?scope=${scope}`, { method: 'POST' });
  const { refresh_token: refreshToken } = (await res.json()) as { refresh_token: string };
  const view = services.engine.store.createConnectionWithGrant({
    tenantId: tenant.id,
    connectorId: 'demo',
    account: 'Imported shop',
    tokens: { accessToken: '', refreshToken, tokenType: 'bearer', accessExpiresAt: new Date(), refreshExpiresAt: null, scopes: null, extra: {} },
    dueNow: true,
  });
  expect(view.state).toBe('degraded');

  await until(() => services.engine.store.require(view.id).state === 'active', 'the background refresh');
  await until(() => events.some((e) => e.channel === 'connections:changed'), 'the page to be told');

  valueOf(await api.call('vault:lock'));
  // Locking waited for the loop to stop before closing the vault.
  expect(order).toEqual(['start', 'stopped']);
});
