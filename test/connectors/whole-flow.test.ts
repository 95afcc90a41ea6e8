// Whole-flow contract per built-in connector, through the `fivex-connect` command line the way
// users run it (docs/cli-contract.md): `app set` against the marketplace's stand-in on
// 127.0.0.1, `connect --redirect S --no-browser --json` with the seller approving in a "browser"
// and the answer coming back through strategy S (loopback listener in the built binary, the relay
// page's completion code or address pasted on stdin, the fivex-connect:// link pasted, or a pasted
// self-authorized refresh token), then `refresh`, `probe` and `token`, with what the marketplace
// saw checked at each step. Declined consent ends `failed` / access_denied, exit 1, through each
// strategy. The table (whole-flow-markets.ts) must cover every connector × strategy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_CONNECTORS } from '../../connectors/registry';
import type { BuiltinConnectorId } from '../../connectors/registry';
import type { RedirectStrategy } from '../../connectors/types';
import { CLI_BUILT } from '../support/cli';
import { startRelayPage } from '../support/relay-page';
import type { RelayPage } from '../support/relay-page';
import { FLOW_CASES } from './whole-flow-markets';
import type { FlowCase } from './whole-flow-markets';
import { connectThrough, expectNoSecretsIn, FlowVault, refreshProbeToken } from './whole-flow-support';
import type { ConnectionJson, FlowMarket } from './whole-flow-support';

const ids = Object.keys(BUILTIN_CONNECTORS) as BuiltinConnectorId[];
// Read as partial: a connector without a case is reported by the table test, not by a crash.
const cases: Partial<Record<string, FlowCase>> = FLOW_CASES;

describe('the whole-flow table', () => {
  it('covers every built-in connector × redirect strategy (and each grant type)', () => {
    expect(ids.filter((id) => cases[id] === undefined), 'built-in connectors without a whole-flow case (add one to whole-flow-markets.ts)').toEqual([]);
    expect(Object.keys(FLOW_CASES).filter((id) => !(ids as ReadonlyArray<string>).includes(id)), 'cases for connectors that are not built in').toEqual([]);
    for (const id of ids) {
      const def = BUILTIN_CONNECTORS[id];
      const c = cases[id];
      expect(c?.grant, `${id}: grant of its case`).toBe(def.grant);
      if (c?.grant === 'authorization_code') {
        expect([...c.strategies].sort(), `${id}: strategies driven vs listed in its definition`).toEqual([...def.redirect.supported].sort());
      }
    }
  });
});

const browserCases = ids.flatMap((id) => {
  const c = cases[id];
  return c?.grant === 'authorization_code' ? [[id, c] as const] : [];
});

describe.each(browserCases)('%s: authorize → callback → exchange → refresh → probe → token, through the CLI', (id, c) => {
  // The definition's own list drives the tests; the table check above makes sure the case has them all.
  const strategies: ReadonlyArray<RedirectStrategy> = BUILTIN_CONNECTORS[id].redirect.supported;
  let relay: RelayPage;
  let market: FlowMarket;
  // The registration holds one redirect URI: the relay page here, and none (the RFC 8252 loopback
  // default) in the vault loopback consents use, as an agency registers one per app.
  const vaults: { relayed?: FlowVault; loopback?: FlowVault } = {};
  const vaultFor = (strategy: RedirectStrategy): FlowVault => (strategy === 'loopback' ? vaults.loopback! : vaults.relayed!);

  beforeAll(async () => {
    relay = await startRelayPage({ tls: c.relay === 'https' });
    market = await c.start();
    vaults.relayed = new FlowVault();
    await vaults.relayed.setUp(market, relay);
    if (strategies.includes('loopback')) {
      vaults.loopback = new FlowVault();
      await vaults.loopback.setUp(market, null);
    }
  });

  afterAll(async () => {
    // Checked once over every command this suite ran, failures included.
    for (const vault of Object.values(vaults)) expectNoSecretsIn(vault, market);
    await market?.close();
    await relay?.close();
    for (const vault of Object.values(vaults)) vault.dispose();
  });

  it.for(strategies)('connects through %s, then refreshes, probes and hands out a token', async (strategy, ctx) => {
    if (strategy === 'loopback' && !CLI_BUILT) ctx.skip('loopback runs the built binary: run `npx electron-vite build` first');
    const vault = vaultFor(strategy);
    const since = market.mark();
    const account = `via ${strategy}`;
    const r = await connectThrough(vault, market, relay, strategy, 'approve', { account });
    expect(r.failed, `connect ${id} --redirect ${strategy} failed: ${JSON.stringify(r.failed)}\n${r.run.stderr}`).toBeNull();
    expect(r.run.code, r.run.stderr).toBe(0);
    expect(r.events.map((e) => e.event)).toEqual(strategy === 'manual' ? ['connected'] : ['authorize', 'connected']);
    expect(r.connection).toMatchObject({ tenant: 'Acme Foods', connector: market.connector, account, state: 'active', reason: null });
    expect(r.connection!.accessExpiresAt).not.toBeNull();
    if (strategy !== 'manual') market.expectExchange(since);
    await refreshProbeToken(vault, market, r.connection!);
  });

  it.runIf(strategies.includes('relay'))('connects through relay when the seller pastes the address the relay page landed on', async () => {
    const vault = vaultFor('relay');
    const since = market.mark();
    const r = await connectThrough(vault, market, relay, 'relay', 'approve', { account: 'via the pasted address', pasteAddress: true });
    expect(r.failed, `connect ${id} --redirect relay (address pasted) failed: ${JSON.stringify(r.failed)}\n${r.run.stderr}`).toBeNull();
    expect(r.run.code, r.run.stderr).toBe(0);
    expect(r.connection).toMatchObject({ connector: market.connector, account: 'via the pasted address', state: 'active' });
    market.expectExchange(since);
  });

  it.for(strategies)('ends failed with exit 1 when consent is declined through %s', async (strategy, ctx) => {
    if (strategy === 'loopback' && !CLI_BUILT) ctx.skip('loopback runs the built binary: run `npx electron-vite build` first');
    const vault = vaultFor(strategy);
    const before = new Set((await vault.ok<ConnectionJson[]>(['connections'])).map((x) => x.id));
    const r = await connectThrough(vault, market, relay, strategy, 'decline');
    expect(r.run.code, r.run.stdout).toBe(1);
    expect(r.connection).toBeNull();
    expect(r.events.at(-1)?.event).toBe('failed');
    if (strategy === 'manual') {
      // No consent page: the refusal is the marketplace not knowing the pasted refresh token.
      expect(r.failed!.reason).toMatch(/invalid_grant|consent_gone|needs_consent/);
    } else {
      expect(r.failed).toMatchObject({ reason: 'access_denied' });
    }
    expect(r.failed!.message.length).toBeGreaterThan(10);
    // Nothing half-written: a connect that ends `failed` leaves no connection behind.
    const left = (await vault.ok<ConnectionJson[]>(['connections'])).filter((x) => !before.has(x.id));
    expect(left, 'a failed connect left a connection behind').toEqual([]);
  });
});
