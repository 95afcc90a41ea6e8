// bol.com's intermediary Code flow (docs/marketplaces.md §2.9) beside its client-credentials
// flow, through the connect use case against the bol.com fake over real HTTP: relay consent with
// Basic auth at login.bol.com/token, then refreshes that work whether the bol account rotates its
// refresh tokens ("Method 2") or not ("Method 1"). The UNCONFIRMED authorize URL and scope are
// registration data: overridden here the way an agency would.
import { afterEach, describe, expect, it } from 'vitest';
import { getBuiltinConnector } from '../../connectors/registry';
import { ConnectService, ConsentSessions } from '../../main/connect';
import { callbackFromPaste, encodeCompletionCode, RELAY_MARKER_PARAM } from '../../main/oauth/protocol';
import { startFakeBolComIntermediary } from '../fakes/bol-com';
import type { FakeOAuthMarketplace } from '../fakes/fake-oauth';
import { overridesToFake } from '../connectors/support';
import { createHarness } from '../refresh/support/harness';
import type { Harness } from '../refresh/support/harness';
import { ConsentSessionsRepo } from '../../main/repos/consent-sessions';

const RELAY = 'https://agency.example/fivex/relay';
const bol = getBuiltinConnector('bol-com-intermediary')!;

let fake: FakeOAuthMarketplace | null = null;
let h: Harness | null = null;
let connect: ConnectService | null = null;
afterEach(async () => {
  await connect?.cancelAll();
  h?.close();
  await fake?.close();
  fake = h = connect = null;
});

describe.each([['method1'], ['method2']] as const)('bol.com intermediary Code flow (%s)', (method) => {
  it('connects through the relay with Basic auth and keeps refreshing', async () => {
    fake = await startFakeBolComIntermediary(method);
    h = createHarness({ connector: bol, clientId: fake.clientId, clientSecret: fake.clientSecret });
    const authorize = 'https://login.bol.example/partner/authorize';
    h.registrations.set({ connectorId: bol.id, clientId: fake.clientId, redirectUri: RELAY, endpoints: { ...overridesToFake(bol, fake.url), authorize }, params: { scope: 'RETAILER' } });
    connect = new ConnectService({ registrations: h.registrations, sessions: new ConsentSessions({ repo: new ConsentSessionsRepo(h.vault.db) }), tokenClient: h.tokenClient, store: h.engine.store, refresh: h.engine.refresh, clock: () => new Date() });
    const prepared = connect.prepare({ tenantId: h.tenantId, connector: bol, region: null, account: 'Partner seller', settings: {}, connection: null, actor: 'os:tester' });
    if (prepared.kind !== 'browser') throw new Error(prepared.kind);
    expect(prepared.strategy).toBe('relay');
    const attempt = await prepared.begin();
    const url = new URL(attempt.authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(authorize);
    expect(url.searchParams.get('scope')).toBe('RETAILER');
    expect(url.searchParams.get('redirect_uri')).toBe(RELAY);
    expect(url.searchParams.has('code_challenge')).toBe(false);

    const callback = fake.consent({ state: url.searchParams.get('state')!, redirectUri: RELAY });
    const done = await attempt.accept(callbackFromPaste(encodeCompletionCode([...callback, [RELAY_MARKER_PARAM, RELAY]])));
    if (done.kind !== 'done' || done.outcome.kind !== 'connected') throw new Error(JSON.stringify(done));
    const id = done.outcome.connection.id;
    expect(done.outcome.connection.state).toBe('active');
    const [exchange] = fake.tokenRequests();
    expect(exchange!.basic).toEqual({ id: fake.clientId, secret: fake.clientSecret });
    expect(exchange!.params.get('grant_type')).toBe('authorization_code');

    // Method 2 would kill the grant on a reuse of the old refresh token: two refreshes in a row
    // must each use the newest one. Method 1 keeps the same one.
    for (let i = 0; i < 2; i++) {
      const refreshed = await h.engine.refresh.refreshConnection(id, { force: true });
      expect(refreshed.connection.state).toBe('active');
    }
    const used = fake.tokenRequests().slice(1).map((r) => r.params.get('refresh_token'));
    expect(used).toHaveLength(2);
    if (method === 'method1') expect(used[0]).toBe(used[1]);
    else expect(used[0]).not.toBe(used[1]);
    expect((await h.engine.probes.probeConnection(id, { force: true })).status).toBe('ok');
  });
});

describe('bol.com: the two flows side by side', () => {
  it('the client-credentials connector stays what it was; the Code flow is its own connector', () => {
    expect(getBuiltinConnector('bol-com')).toMatchObject({ grant: 'client_credentials', sellerOwnedCredentials: true });
    expect(bol).toMatchObject({ grant: 'authorization_code', clientAuth: 'basic', endpoints: { token: 'https://login.bol.com/token' } });
    // Every UNCONFIRMED fact of the Code flow is listed, so `connector list` users know what to check.
    expect(bol.unconfirmed.join(' ')).toMatch(/authorize URL.*--endpoint authorize=URL/);
  });
});
