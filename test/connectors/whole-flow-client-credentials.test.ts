// Whole flow for the client-credentials marketplaces whose API credentials belong to the seller
// (bol.com §2.9, Zalando zDirect §2.11 in docs/marketplaces.md), through the CLI as the contract
// promises: `connect TENANT CONNECTOR --client-id ID --client-secret-env VAR` per client tenant,
// each with its own pair, then refresh, probe and token per connection, the fake checking which
// pair every token request carried. The agency-wide `app set` registration only points the
// endpoints at the fake; its client id is one the marketplace does not know, so a token call that
// used it instead of the seller's own pair would fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_CONNECTORS } from '../../connectors/registry';
import { startFakeBolCom } from '../fakes/bol-com';
import type { RecordedRequest } from '../fakes/fake-marketplace';
import type { FakeOAuthMarketplace } from '../fakes/fake-oauth';
import { startFakeZalando } from '../fakes/zalando';
import { bearer } from './whole-flow-fake-market';
import { FLOW_CASES } from './whole-flow-markets';
import { overridesToFake } from './support';
import { FlowVault, headerOf } from './whole-flow-support';
import type { ConnectionJson, TokenJson } from './whole-flow-support';

interface Seller {
  readonly tenant: string;
  readonly clientId: string;
  readonly secret: string;
}

const SELLERS: ReadonlyArray<Seller> = [
  { tenant: 'Seller One', clientId: 'seller-one-9f1c2d3e-client', secret: 'seller-one-secret-4b5a6c7d8e9f' },
  { tenant: 'Seller Two', clientId: 'seller-two-0a1b2c3d-client', secret: 'seller-two-secret-1e2f3a4b5c6d' },
];
const SELLER_SECRET_ENV = 'SELLER_CLIENT_SECRET';

const cases = [
  // §2.9: POST /token, Basic with the seller's id:secret, form grant_type=client_credentials.
  { id: 'bol-com', start: startFakeBolCom, extra: (): void => undefined },
  // §2.11: the same, plus scope=access_token_only so no refresh token is ever issued.
  { id: 'zalando', start: startFakeZalando, extra: (req: RecordedRequest): void => expect(req.params.get('scope')).toBe('access_token_only') },
] as const;

it('drives every client-credentials connector of the registry', () => {
  const table = Object.entries(FLOW_CASES).filter(([, c]) => c.grant === 'client_credentials').map(([id]) => id);
  const registry = Object.values(BUILTIN_CONNECTORS).filter((d) => d.grant === 'client_credentials').map((d) => d.id);
  expect(cases.map((c) => c.id).sort()).toEqual(registry.sort());
  expect(table.sort()).toEqual(registry.sort());
});

describe.each(cases)('$id: each seller connects with its own API credentials, through the CLI', ({ id, start, extra }) => {
  let fake: FakeOAuthMarketplace;
  let vault: FlowVault;

  beforeAll(async () => {
    fake = await start();
    for (const s of SELLERS) fake.addClient(s.clientId, s.secret);
    vault = new FlowVault();
    await vault.ok(['init']);
    for (const s of SELLERS) await vault.ok(['tenant', 'add', s.tenant]);
    const endpoints = Object.entries(overridesToFake(BUILTIN_CONNECTORS[id], fake.url)).flatMap(([name, url]) => ['--endpoint', `${name}=${url}`]);
    await vault.ok(['app', 'set', id, '--client-id', 'agency-app-unknown-to-the-marketplace', ...endpoints]);
  });

  afterAll(async () => {
    if (vault) {
      const printed = vault.outputs.join('\n');
      for (const s of SELLERS) expect(printed.includes(s.secret), 'a seller secret appeared in the CLI output').toBe(false);
      vault.dispose();
    }
    await fake?.close();
  });

  const tokenRequestsSince = (since: number): RecordedRequest[] => fake.requests.slice(since).filter((r) => r.path === fake.config.paths.token);

  function expectSellersPair(req: RecordedRequest, seller: Seller): void {
    expect(req.method).toBe('POST');
    expect(req.bodyFormat).toBe('form');
    expect(req.params.get('grant_type')).toBe('client_credentials');
    expect(req.basic, `the token request of ${seller.tenant} carried its own client id`).toEqual({ id: seller.clientId, secret: seller.secret });
    expect(req.params.has('client_secret')).toBe(false);
    extra(req);
  }

  it('connects two sellers, and every token call of a connection uses that seller\'s pair', async () => {
    const connections: ConnectionJson[] = [];
    for (const seller of SELLERS) {
      const since = fake.requests.length;
      const r = await vault.run(['connect', seller.tenant, id, '--client-id', seller.clientId, '--client-secret-env', SELLER_SECRET_ENV], { env: { [SELLER_SECRET_ENV]: seller.secret } });
      expect(r.code, `connect ${seller.tenant} ${id} --client-id ${seller.clientId}: ${r.stdout}\n${r.stderr}`).toBe(0);
      const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; connection?: ConnectionJson });
      expect(events.map((e) => e.event)).toEqual(['connected']);
      expect(events[0]!.connection).toMatchObject({ tenant: seller.tenant, connector: id, state: 'active' });
      connections.push(events[0]!.connection!);
      const token = tokenRequestsSince(since);
      expect(token).toHaveLength(1);
      expectSellersPair(token[0]!, seller);
    }

    // Refresh each (a new client-credentials token), in the other order, so a mix-up shows.
    for (const [i, seller] of [...SELLERS.entries()].reverse()) {
      const since = fake.requests.length;
      const refreshed = await vault.ok<ConnectionJson>(['refresh', connections[i]!.id]);
      expect(refreshed).toMatchObject({ id: connections[i]!.id, state: 'active' });
      const token = tokenRequestsSince(since);
      expect(token).toHaveLength(1);
      expectSellersPair(token[0]!, seller);
    }

    for (const [i] of SELLERS.entries()) {
      let since = fake.requests.length;
      const probed = await vault.ok<ConnectionJson>(['probe', connections[i]!.id]);
      expect(probed).toMatchObject({ state: 'active' });
      expect(probed.lastProbeAt).not.toBeNull();
      const probes = fake.requests.slice(since).filter((r) => r.path === fake.config.paths.probe);
      expect(probes).toHaveLength(1);
      expect(fake.isAccessTokenLive(bearer(probes[0]!) ?? '')).toBe(true);

      since = fake.requests.length;
      const token = await vault.ok<TokenJson>(['token', connections[i]!.id]);
      expect(headerOf(token.headers, 'authorization')).toBe(`Bearer ${token.accessToken}`);
      expect(fake.isAccessTokenLive(token.accessToken)).toBe(true);
      // A fresh token is handed out as is: nothing more reached the token endpoint.
      expect(tokenRequestsSince(since)).toHaveLength(0);
    }
  });

  it('refuses a pair the marketplace does not know: failed, exit 1, no connection', async () => {
    const before = new Set((await vault.ok<ConnectionJson[]>(['connections'])).map((x) => x.id));
    const r = await vault.run(['connect', SELLERS[0]!.tenant, id, '--client-id', 'withdrawn-client', '--client-secret-env', SELLER_SECRET_ENV], { env: { [SELLER_SECRET_ENV]: 'withdrawn-secret-0000' } });
    expect(r.code).toBe(1);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { event?: string; reason?: string; error?: string };
    expect(last.event, r.stdout).toBe('failed');
    const left = (await vault.ok<ConnectionJson[]>(['connections'])).filter((x) => !before.has(x.id));
    expect(left, 'a failed connect left a connection behind').toEqual([]);
  });
});
