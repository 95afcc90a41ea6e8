// A tampered app client secret (the sealed app_registrations.client_secret edited in the vault
// file) is a state too: every connection of that marketplace reads degraded /
// registration_tampered, nothing is sent with it, and saving the secret again (app set) heals it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explainReason } from '../../main/health/reasons';
import { connectorAt, createHarness, tokenSet } from '../refresh/support/harness';
import type { Harness } from '../refresh/support/harness';
import { startFakeTokenServer, tokenAnswer } from '../refresh/support/fake-token-server';
import type { FakeTokenServer } from '../refresh/support/fake-token-server';

let server: FakeTokenServer;
let h: Harness;

beforeEach(async () => {
  server = await startFakeTokenServer();
  server.handle(() => tokenAnswer({ refresh: 'RT-next' }));
  h = createHarness({ connector: connectorAt(server.endpoints), clientId: 'client-1', clientSecret: 'secret-1' });
});
afterEach(async () => {
  h.close();
  await server.close();
});

function tamperClientSecret(): void {
  const row = h.vault.db.prepare('SELECT id, client_secret FROM app_registrations').get() as { id: string; client_secret: Buffer };
  const edited = Buffer.from(row.client_secret);
  edited[15] = edited[15]! ^ 0x80;
  h.vault.db.prepare('UPDATE app_registrations SET client_secret = ? WHERE id = ?').run(edited, row.id);
}

describe('a tampered app client secret', () => {
  it('degrades every connection of the marketplace with registration_tampered; app set heals it', async () => {
    const a = h.connect(tokenSet({ refreshToken: 'RT-a' }));
    const b = h.connect(tokenSet({ refreshToken: 'RT-b' }), { account: 'Second store' });
    tamperClientSecret();
    const r = await h.engine.refresh.refreshConnection(a.id, { force: true });
    expect(r).toMatchObject({ outcome: 'failed', reason: 'registration_tampered' });
    expect(server.requests).toHaveLength(0);
    for (const id of [a.id, b.id]) expect(h.engine.store.require(id)).toMatchObject({ state: 'degraded', reason: 'registration_tampered' });
    expect(explainReason('registration_tampered', { lang: 'es' }).whoCanFix).toContain('vuelve a guardar el secreto de cliente');

    h.registrations.set({ connectorId: 'test-market', clientId: 'client-1', clientSecret: 'secret-1' });
    const healed = await h.engine.refresh.refreshConnection(a.id, { force: true });
    expect(healed.connection.state).toBe('active');
    expect(server.requests).toHaveLength(1);
  });
});
