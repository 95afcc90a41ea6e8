// Shopify signs its authorization callback (marketplaces.md §2.5): a callback with the right state
// but without Shopify's HMAC for this app is refused and the attempt keeps waiting; the signed one
// completes. The state check stops forgeries already; the signature proves the sender.
import { describe, expect, it } from 'vitest';
import { getBuiltinConnector } from '../../../connectors/registry';
import { shopifyCallbackHmac } from '../../../connectors/shopify/hooks';
import { createConsentService, encodeCompletionCode } from '../../main/oauth/protocol';
import { auditRecorder, onCleanup, openTestVault, resolved, testClock } from '../oauth/protocol/support';

const RELAY = 'https://agency.example/fivex/relay';
const SECRET = 'shpss_test_secret_0123456789';
const SHOP = 'acme-store.myshopify.com';

async function shopifyFlow() {
  const tv = openTestVault();
  const audit = auditRecorder();
  const consent = createConsentService({ db: tv.vault.db, clock: testClock().now, audit: audit.sink });
  const shopify = getBuiltinConnector('shopify')!;
  const flow = await consent.begin({
    rc: resolved(shopify, { clientId: 'shopify-client', clientSecret: SECRET, redirectUri: RELAY, redirectStrategy: 'relay' }, { shop: SHOP }),
    tenantId: tv.tenantId,
    operator: 'maria',
    strategy: 'relay',
  });
  onCleanup(() => flow.cancel());
  const state = new URL(flow.authorizeUrl).searchParams.get('state')!;
  return { flow, state, audit };
}

const pasted = (pairs: Array<[string, string]>): string => encodeCompletionCode([...pairs, ['fxc_relay', RELAY]]);

describe('Shopify callback HMAC', () => {
  it('refuses an unsigned or wrongly signed callback, then completes with the signed one', async () => {
    const { flow, state, audit } = await shopifyFlow();
    const params: Array<[string, string]> = [['code', 'shopify-code-1'], ['host', 'YWNtZS1zdG9yZS5teXNob3BpZnkuY29tL2FkbWlu'], ['shop', SHOP], ['state', state], ['timestamp', '1764288000']];

    const unsigned = await flow.completeWithPasted(pasted(params));
    expect(unsigned).toMatchObject({ kind: 'refused', reason: 'signature_mismatch' });
    const wrongKey = await flow.completeWithPasted(pasted([...params, ['hmac', shopifyCallbackHmac(params, 'another-apps-secret')]]));
    expect(wrongKey).toMatchObject({ kind: 'refused', reason: 'signature_mismatch' });

    const signed = await flow.completeWithPasted(pasted([...params, ['hmac', shopifyCallbackHmac(params, SECRET)]]));
    expect(signed).toMatchObject({ kind: 'authorized', code: 'shopify-code-1' });
    expect(audit.events.filter((e) => e.action === 'consent.callback_refused').map((e) => e.detail.reason)).toEqual(['signature_mismatch', 'signature_mismatch']);
  });

  it('signs the parameters whatever their order, leaving the hmac itself out', () => {
    const a: Array<[string, string]> = [['shop', SHOP], ['code', 'c'], ['timestamp', '1'], ['state', 's']];
    const b: Array<[string, string]> = [['timestamp', '1'], ['state', 's'], ['code', 'c'], ['shop', SHOP], ['hmac', 'ignored']];
    expect(shopifyCallbackHmac(a, SECRET)).toBe(shopifyCallbackHmac(b, SECRET));
    expect(shopifyCallbackHmac(a, SECRET)).toMatch(/^[0-9a-f]{64}$/);
  });
});
