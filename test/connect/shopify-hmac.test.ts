// Shopify signs its authorization callback (marketplaces.md §2.5): a callback with the right state
// but without Shopify's HMAC for this app is refused and the attempt keeps waiting; the signed one
// completes (exchanged at the Shopify fake over real HTTP). The state check stops forgeries
// already; the signature proves the sender.
import { afterEach, describe, expect, it } from 'vitest';
import { getBuiltinConnector } from '../../connectors/registry';
import { shopifyCallbackHmac } from '../../connectors/shopify/hooks';
import { ConnectService, ConsentSessions } from '../../main/connect';
import { callbackFromPaste, encodeCompletionCode } from '../../main/oauth/protocol';
import type { ConsentAuditEvent } from '../../main/oauth/protocol';
import type { FakeOAuthMarketplace } from '../fakes/fake-oauth';
import { SHOPIFY_SHOP, startFakeShopify } from '../fakes/shopify';
import { overridesToFake } from '../connectors/support';
import { createHarness } from '../refresh/support/harness';
import type { Harness } from '../refresh/support/harness';
import { ConsentSessionsRepo } from '../../main/repos/consent-sessions';

const RELAY = 'https://agency.example/fivex/relay';
const shopify = getBuiltinConnector('shopify')!;

let fake: FakeOAuthMarketplace | null = null;
let h: Harness | null = null;
let connect: ConnectService | null = null;
afterEach(async () => {
  await connect?.cancelAll();
  h?.close();
  await fake?.close();
  fake = h = connect = null;
});

const pasted = (pairs: Array<[string, string]>): string => encodeCompletionCode([...pairs, ['fxc_relay', RELAY]]);

describe('Shopify callback HMAC', () => {
  it('refuses an unsigned or wrongly signed callback, then completes with the signed one', async () => {
    fake = await startFakeShopify();
    h = createHarness({ connector: shopify, clientId: fake.clientId, clientSecret: fake.clientSecret });
    h.registrations.set({ connectorId: 'shopify', clientId: fake.clientId, redirectUri: RELAY, redirectStrategy: 'relay', endpoints: overridesToFake(shopify, fake.url) });
    const audits: ConsentAuditEvent[] = [];
    const sessions = new ConsentSessions({ repo: new ConsentSessionsRepo(h.vault.db), audit: (e) => void audits.push(e) });
    connect = new ConnectService({ registrations: h.registrations, sessions, tokenClient: h.tokenClient, store: h.engine.store, refresh: h.engine.refresh, clock: () => new Date() });
    const prepared = connect.prepare({ tenantId: h.tenantId, connector: shopify, region: null, account: null, settings: { shop: SHOPIFY_SHOP }, connection: null, actor: 'maria' });
    if (prepared.kind !== 'browser') throw new Error(prepared.kind);
    const attempt = await prepared.begin();
    const state = new URL(attempt.authorizeUrl).searchParams.get('state')!;
    const signedByShopify = [...fake.consent({ state, redirectUri: RELAY })];
    const params = signedByShopify.filter(([n]) => n !== 'hmac');

    const unsigned = await attempt.accept(callbackFromPaste(pasted(params)));
    expect(unsigned).toMatchObject({ kind: 'refused', reason: 'signature_mismatch' });
    const wrongKey = await attempt.accept(callbackFromPaste(pasted([...params, ['hmac', shopifyCallbackHmac(params, 'another-apps-secret')]])));
    expect(wrongKey).toMatchObject({ kind: 'refused', reason: 'signature_mismatch' });
    expect(fake.tokenRequests()).toHaveLength(0);

    const signed = await attempt.accept(callbackFromPaste(pasted(signedByShopify)));
    expect(signed).toMatchObject({ kind: 'done', outcome: { kind: 'connected' } });
    expect(fake.tokenRequests()[0]!.params.get('code')).toBe(params.find(([n]) => n === 'code')![1]);
    expect(audits.filter((e) => e.action === 'consent.callback_refused').map((e) => e.detail.reason)).toEqual(['signature_mismatch', 'signature_mismatch']);
  });

  it('signs the parameters whatever their order, leaving the hmac itself out', () => {
    const SECRET = 'shpss_test_secret_0123456789';
    const a: Array<[string, string]> = [['shop', SHOPIFY_SHOP], ['code', 'c'], ['timestamp', '1'], ['state', 's']];
    const b: Array<[string, string]> = [['timestamp', '1'], ['state', 's'], ['code', 'c'], ['shop', SHOPIFY_SHOP], ['hmac', 'ignored']];
    expect(shopifyCallbackHmac(a, SECRET)).toBe(shopifyCallbackHmac(b, SECRET));
    expect(shopifyCallbackHmac(a, SECRET)).toMatch(/^[0-9a-f]{64}$/);
  });
});
