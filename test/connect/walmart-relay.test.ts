// Walmart (docs/marketplaces.md §2.6, §4 quirk 1) through the connect use case against the
// Walmart fake over real HTTP: the callback's sellerId must reach the token endpoint as
// WM_PARTNER.ID on the code exchange, then on every refresh, and the probe must work, whichever way
// the callback arrived: the relay's completion code, the pasted relay address, the relay's deep link,
// or (for a registration that allows it) the loopback receiver.
import { afterEach, describe, expect, it } from 'vitest';
import { getBuiltinConnector } from '../../connectors/registry';
import type { ConnectorDefinition } from '../../connectors/types';
import { ConnectService, ConsentSessions } from '../../main/connect';
import type { ConsentAttempt } from '../../main/connect';
import type { ConnectOutcome } from '../../main/connect';
import { callbackFromDeepLink, callbackFromPaste, encodeCompletionCode, RELAY_MARKER_PARAM } from '../../main/oauth/protocol';
import { header } from '../fakes/fake-marketplace';
import type { FakeOAuthMarketplace } from '../fakes/fake-oauth';
import { startFakeWalmart, WALMART_SELLER_ID } from '../fakes/walmart';
import { overridesToFake } from '../connectors/support';
import { get } from '../oauth/protocol/raw-http';
import { createHarness } from '../refresh/support/harness';
import type { Harness } from '../refresh/support/harness';
import { ConsentSessionsRepo } from '../../main/repos/consent-sessions';

const RELAY_PAGE = 'https://agency.example/fivex/relay';
const walmart = getBuiltinConnector('walmart')!;

let fake: FakeOAuthMarketplace | null = null;
let h: Harness | null = null;
let connect: ConnectService | null = null;

afterEach(async () => {
  await connect?.cancelAll();
  h?.close();
  await fake?.close();
  fake = h = connect = null;
});

async function setup(connector: ConnectorDefinition = walmart): Promise<{ fake: FakeOAuthMarketplace; h: Harness; connect: ConnectService }> {
  fake = await startFakeWalmart();
  h = createHarness({ connector, clientId: fake.clientId, clientSecret: fake.clientSecret });
  h.registrations.set({
    connectorId: connector.id,
    clientId: fake.clientId,
    redirectUri: RELAY_PAGE,
    endpoints: overridesToFake(walmart, fake.url),
    params: { clientType: 'seller' },
  });
  const sessions = new ConsentSessions({ repo: new ConsentSessionsRepo(h.vault.db) });
  connect = new ConnectService({ registrations: h.registrations, sessions, tokenClient: h.tokenClient, store: h.engine.store, refresh: h.engine.refresh, clock: () => new Date() });
  return { fake, h, connect };
}

async function begin(c: ConnectService, harness: Harness, connector: ConnectorDefinition, strategy?: string): Promise<ConsentAttempt> {
  const prepared = c.prepare({
    tenantId: harness.tenantId,
    connector,
    region: null,
    account: null,
    settings: {},
    connection: null,
    actor: 'os:tester',
    ...(strategy ? { strategy } : {}),
  });
  if (prepared.kind !== 'browser') throw new Error(`expected a browser consent, got ${prepared.kind}`);
  return prepared.begin();
}

/** The seller approves on Walmart: the callback the fake redirects to (code, type, clientId, state, sellerId). */
function approve(f: FakeOAuthMarketplace, attempt: ConsentAttempt): URLSearchParams {
  const authorize = new URL(attempt.authorizeUrl);
  // camelCase on Walmart's authorize page (marketplaces.md §2.6).
  const state = authorize.searchParams.get('state')!;
  return f.consent({ state, redirectUri: authorize.searchParams.get('redirectUri') });
}

async function expectConnectedWithSeller(f: FakeOAuthMarketplace, harness: Harness, outcome: ConnectOutcome): Promise<void> {
  if (outcome.kind !== 'connected') throw new Error(`expected connected, got ${outcome.reason}: ${outcome.message}`);
  expect(outcome.connection.state).toBe('active');
  // The kept value names the account when no label was given.
  expect(outcome.connection.account).toBe(WALMART_SELLER_ID);
  const [exchange] = f.tokenRequests();
  expect(exchange?.params.get('grant_type')).toBe('authorization_code');
  expect(header(exchange!, 'wm_partner.id')).toBe(WALMART_SELLER_ID);

  // The refresh is resolved from the grant's kept values: the header is there again.
  const refreshed = await harness.engine.refresh.refreshConnection(outcome.connection.id, { force: true, actor: 'os:tester' });
  expect(refreshed.connection.state).toBe('active');
  const refresh = f.tokenRequests().at(-1)!;
  expect(refresh.params.get('grant_type')).toBe('refresh_token');
  expect(header(refresh, 'wm_partner.id')).toBe(WALMART_SELLER_ID);

  const probed = await harness.engine.probes.probeConnection(outcome.connection.id, { force: true, actor: 'os:tester' });
  expect(probed).toMatchObject({ status: 'ok', reason: null });
  expect(probed.connection.state).toBe('active');
  expect(f.requestsTo('/v3/token/detail')).toHaveLength(1);
}

describe('Walmart through its relay', () => {
  it('connects with the completion code the relay page shows, sellerId reaching every token call', async () => {
    const s = await setup();
    const attempt = await begin(s.connect, s.h, walmart);
    expect(attempt.strategy).toBe('relay');
    const callback = approve(s.fake, attempt);
    const code = encodeCompletionCode([...callback, [RELAY_MARKER_PARAM, RELAY_PAGE]]);
    const pasted = await attempt.accept(callbackFromPaste(code));
    if (pasted.kind !== 'done') throw new Error(`refused: ${pasted.message}`);
    await expectConnectedWithSeller(s.fake, s.h, pasted.outcome);
  });

  it('connects with the relay address pasted as the browser shows it', async () => {
    const s = await setup();
    const attempt = await begin(s.connect, s.h, walmart);
    const pasted = await attempt.accept(callbackFromPaste(`${RELAY_PAGE}?${approve(s.fake, attempt).toString()}`));
    if (pasted.kind !== 'done') throw new Error(`refused: ${pasted.message}`);
    await expectConnectedWithSeller(s.fake, s.h, pasted.outcome);
  });

  it('connects with the deep link the relay page opens in the app', async () => {
    const s = await setup();
    const attempt = await begin(s.connect, s.h, walmart);
    const query = new URLSearchParams(approve(s.fake, attempt));
    query.append(RELAY_MARKER_PARAM, RELAY_PAGE);
    const delivered = await s.connect.deliver(callbackFromDeepLink(`fivex-connect://oauth/callback?${query.toString()}`));
    if (delivered.kind !== 'done') throw new Error(`expected done, got ${delivered.kind}`);
    await expectConnectedWithSeller(s.fake, s.h, delivered.outcome);
  });

  it('connects over loopback too, where a registration allows it', async () => {
    const loopbackWalmart: ConnectorDefinition = { ...walmart, redirect: { ...walmart.redirect, supported: ['relay', 'loopback'] } };
    const s = await setup(loopbackWalmart);
    const attempt = await begin(s.connect, s.h, loopbackWalmart, 'loopback');
    const redirect = new URL(new URL(attempt.authorizeUrl).searchParams.get('redirectUri')!);
    const hit = await get(Number(redirect.port), `${redirect.pathname}?${approve(s.fake, attempt).toString()}`);
    expect(hit.statuses).toEqual([200]);
    await expectConnectedWithSeller(s.fake, s.h, await attempt.result);
  });

  it('fails plainly, without a token request, when the callback has no sellerId', async () => {
    const s = await setup();
    const attempt = await begin(s.connect, s.h, walmart);
    const callback = approve(s.fake, attempt);
    callback.delete('sellerId');
    const pasted = await attempt.accept(callbackFromPaste(`${RELAY_PAGE}?${callback.toString()}`));
    if (pasted.kind !== 'done') throw new Error(`refused: ${pasted.message}`);
    // The person is told what was missing from the marketplace's answer, not to set a --param.
    expect(pasted.outcome).toMatchObject({ kind: 'failed', message: expect.stringMatching(/consent callback carried no "sellerId"/) as unknown });
    expect(s.fake.tokenRequests()).toHaveLength(0);
  });
});
