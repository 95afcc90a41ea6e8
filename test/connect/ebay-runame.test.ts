// eBay's redirect_uri is an RuName, not an address (docs/marketplaces.md §2.3, §4 quirk 19): the
// consent session keeps the RuName's real landing address (callback_uri, migration 004, from
// `app set ebay --param acceptUrl=…`) and binds the callback to it like any other redirect. Against
// the eBay fake over real HTTP, through the connect use case.
import { afterEach, describe, expect, it } from 'vitest';
import { getBuiltinConnector } from '../../connectors/registry';
import { ConnectService, ConsentSessions } from '../../main/connect';
import type { ConsentAttempt } from '../../main/connect';
import { ConnectError } from '../../main/connect';
import { callbackFromPaste, encodeCompletionCode, RELAY_MARKER_PARAM } from '../../main/oauth/protocol';
import type { ConsentAuditEvent } from '../../main/oauth/protocol';
import { EBAY_RUNAME, startFakeEbay } from '../fakes/ebay';
import type { FakeOAuthMarketplace } from '../fakes/fake-oauth';
import { overridesToFake } from '../connectors/support';
import { createHarness } from '../refresh/support/harness';
import type { Harness } from '../refresh/support/harness';
import { ConsentSessionsRepo } from '../../main/repos/consent-sessions';

const ACCEPT_URL = 'https://agency.example/fivex/relay';
const ebay = getBuiltinConnector('ebay')!;

let fake: FakeOAuthMarketplace | null = null;
let h: Harness | null = null;
let connect: ConnectService | null = null;

afterEach(async () => {
  await connect?.cancelAll();
  h?.close();
  await fake?.close();
  fake = h = connect = null;
});

async function setup(params: Record<string, string>): Promise<{ fake: FakeOAuthMarketplace; h: Harness; connect: ConnectService; audits: ConsentAuditEvent[] }> {
  fake = await startFakeEbay();
  h = createHarness({ connector: ebay, clientId: fake.clientId, clientSecret: fake.clientSecret });
  h.registrations.set({ connectorId: 'ebay', clientId: fake.clientId, redirectUri: EBAY_RUNAME, endpoints: overridesToFake(ebay, fake.url), params });
  const audits: ConsentAuditEvent[] = [];
  const sessions = new ConsentSessions({ repo: new ConsentSessionsRepo(h.vault.db), audit: (e) => void audits.push(e) });
  connect = new ConnectService({ registrations: h.registrations, sessions, tokenClient: h.tokenClient, store: h.engine.store, refresh: h.engine.refresh, clock: () => new Date() });
  return { fake, h, connect, audits };
}

function begin(c: ConnectService, harness: Harness): Promise<ConsentAttempt> {
  const prepared = c.prepare({ tenantId: harness.tenantId, connector: ebay, region: null, account: null, settings: {}, connection: null, actor: 'os:tester' });
  if (prepared.kind !== 'browser') throw new Error(prepared.kind);
  return prepared.begin();
}

function approve(f: FakeOAuthMarketplace, attempt: ConsentAttempt): URLSearchParams {
  const authorize = new URL(attempt.authorizeUrl);
  expect(authorize.searchParams.get('redirect_uri')).toBe(EBAY_RUNAME);
  return f.consent({ state: authorize.searchParams.get('state')!, redirectUri: EBAY_RUNAME });
}

describe('eBay consent bound to the RuName landing address', () => {
  it('stores the landing address and accepts the callback that arrived there', async () => {
    const s = await setup({ acceptUrl: ACCEPT_URL });
    const attempt = await begin(s.connect, s.h);
    const row = s.h.vault.db.prepare<[string], { redirect_uri: string; callback_uri: string | null }>('SELECT redirect_uri, callback_uri FROM consent_sessions WHERE id = ?').get(attempt.sessionId);
    expect(row).toEqual({ redirect_uri: EBAY_RUNAME, callback_uri: ACCEPT_URL });
    const code = encodeCompletionCode([...approve(s.fake, attempt), [RELAY_MARKER_PARAM, ACCEPT_URL]]);
    const pasted = await attempt.accept(callbackFromPaste(code));
    if (pasted.kind !== 'done') throw new Error(pasted.message);
    expect(pasted.outcome).toMatchObject({ kind: 'connected', connection: { state: 'active' } });
    // The exchange names the RuName, as eBay wants (not the landing address).
    expect(s.fake.tokenRequests()[0]!.params.get('redirect_uri')).toBe(EBAY_RUNAME);
  });

  it('refuses a callback that landed elsewhere and keeps waiting for the genuine one', async () => {
    const s = await setup({ acceptUrl: ACCEPT_URL });
    const attempt = await begin(s.connect, s.h);
    const callback = approve(s.fake, attempt);
    const elsewhere = await attempt.accept(callbackFromPaste(`https://attacker.example/relay?${callback.toString()}`));
    expect(elsewhere).toMatchObject({ kind: 'refused', reason: 'redirect_mismatch' });
    const markedElsewhere = await attempt.accept(callbackFromPaste(encodeCompletionCode([...callback, [RELAY_MARKER_PARAM, 'https://attacker.example/relay']])));
    expect(markedElsewhere).toMatchObject({ kind: 'refused', reason: 'redirect_mismatch' });
    expect(s.fake.tokenRequests()).toHaveLength(0);
    expect(s.audits.filter((e) => e.action === 'consent.callback_refused').map((e) => e.detail.reason)).toEqual(['redirect_mismatch', 'redirect_mismatch']);
    const genuine = await attempt.accept(callbackFromPaste(`${ACCEPT_URL}?${callback.toString()}`));
    expect(genuine).toMatchObject({ kind: 'done', outcome: { kind: 'connected' } });
  });

  it('will not start an unbound consent: without the landing address it says what to set', async () => {
    const s = await setup({});
    await expect(begin(s.connect, s.h)).rejects.toThrow(ConnectError);
    await expect(begin(s.connect, s.h)).rejects.toThrow(/app set ebay --param acceptUrl=https:\/\//);
    expect(s.h.vault.db.prepare('SELECT COUNT(*) AS n FROM consent_sessions').get()).toEqual({ n: 0 });
  });
});
