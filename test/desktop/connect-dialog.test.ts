// The connect dialog's channels (preload/connect-channels.ts) through the desktop API on the real
// services of a real vault: what each marketplace will ask (scopes by purpose in plain words, the
// redirect strategies, the settings it needs), browser consent with a chosen strategy and a
// Shopify-like setting against the demo marketplace (checked by the connector's own rules), a
// declined consent that reads as declined, the seller's own bol.com credentials against the
// multi-seller fake (never echoed or logged), and one pasted self-authorized refresh token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoMarketplace } from '../../connectors/demo/server';
import type { DemoMarketplace } from '../../connectors/demo/server';
import { FakeBolComSellers } from '../fakes/bol-com';
import { decideAtDemo } from '../support/demo-seller';
import { deskOn, until, valueOf } from './desk';

let demo: DemoMarketplace;
let bol: FakeBolComSellers;

beforeAll(async () => {
  demo = await startDemoMarketplace();
  bol = await FakeBolComSellers.start();
});
afterAll(async () => {
  await demo.close();
  await bol.close();
});

describe('connect:options', () => {
  it('says what each marketplace will ask, how it connects and what it needs, before anything starts', async () => {
    const d = await deskOn(demo);
    const options = valueOf(await d.api.call('connect:options'));
    const of = (id: string) => options.find((o) => o.connectorId === id)!;
    const demoOption = of('demo');
    expect(demoOption).toMatchObject({ mode: 'browser', available: true, acceptsToken: true, unavailableText: null });
    expect(demoOption.purposes.map((p) => p.purpose)).toEqual(['base', 'reporting', 'finance', 'advertising', 'listings']);
    expect(demoOption.purposes[1]).toMatchObject({ scopes: ['reports.read'], text: { en: expect.stringMatching(/orders, sales and reports/), es: expect.stringMatching(/pedidos/) } });
    // Relay is not offered without the agency's relay page (the registration's redirect URI).
    expect(demoOption.strategies.map((s) => s.id)).toEqual(['loopback', 'deeplink']);
    d.services().registrations.set({ connectorId: 'demo', clientId: demo.clientId, params: { baseUrl: demo.url }, redirectUri: 'https://relay.example.com/fivex' });
    const withRelay = valueOf(await d.api.call('connect:options')).find((o) => o.connectorId === 'demo')!;
    expect(withRelay.strategies.map((s) => s.id)).toEqual(['loopback', 'deeplink', 'relay']);
    expect(withRelay.strategies[2]!.text.en).toMatch(/completion code/);
    expect(demoOption.settings).toEqual([expect.objectContaining({ name: 'shop', required: false })]);

    expect(of('shopify')).toMatchObject({ mode: 'browser', available: false, settings: [expect.objectContaining({ name: 'shop', required: true })] });
    expect(of('shopify').unavailableText?.en).toMatch(/app set shopify/);
    expect(of('amazon-sp-api').settings).toEqual([expect.objectContaining({ name: 'country', choices: expect.arrayContaining(['DE', 'US']) })]);
    // The seller's own pair needs no agency registration.
    expect(of('bol-com')).toMatchObject({ mode: 'seller_credentials', available: true, strategies: [] });
    expect(of('zalando')).toMatchObject({ mode: 'seller_credentials', available: true });
  });
});

describe('connect:browser', () => {
  it('starts consent with the chosen strategy and a checked setting; Approve makes it active with the setting kept', async () => {
    const d = await deskOn(demo);
    const bad = await d.api.call('connect:browser', { tenantId: d.tenantId, connectorId: 'demo', region: null, settings: { shop: 'Not A Shop!' }, strategy: 'loopback' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_args', message: expect.stringMatching(/shop.*does not look like/) } });
    const unknown = await d.api.call('connect:browser', { tenantId: d.tenantId, connectorId: 'demo', region: null, settings: { country: 'de' }, strategy: 'loopback' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(d.opened).toHaveLength(0);

    const reply = valueOf(await d.api.call('connect:browser', { tenantId: d.tenantId, connectorId: 'demo', region: null, settings: { shop: 'acme-store' }, strategy: 'loopback' }));
    expect(reply).toMatchObject({ status: 'opened', acceptsPaste: false });
    expect((await decideAtDemo(d.opened[0]!, 'approve', { deliver: true })).status).toBe(200);
    await until(() => d.finished().length === 1, 'consent:finished');
    expect(d.finished()[0]).toMatchObject({ outcome: 'connected' });
    const [row] = valueOf(await d.api.call('connections:list', { tenantId: d.tenantId }));
    expect(row).toMatchObject({ state: 'active' });
    const detail = valueOf(await d.api.call('workspace:detail', { connectionId: row!.id }));
    expect(detail.settings).toEqual([{ name: 'shop', value: 'acme-store' }]);
  });

  it('uses the strategy the person chose (deep link: a code can be pasted), and a declined consent ends as declined with nothing created', async () => {
    const d = await deskOn(demo);
    const reply = valueOf(await d.api.call('connect:browser', { tenantId: d.tenantId, connectorId: 'demo', region: null, settings: {}, strategy: 'deeplink' }));
    expect(reply).toMatchObject({ status: 'opened', acceptsPaste: true });
    expect(d.opened[0]!.searchParams.get('redirect_uri')).toMatch(/^fivex-connect:/);
    const decision = await decideAtDemo(d.opened[0]!, 'decline');
    const pasted = valueOf(await d.api.call('consent:paste', { sessionId: reply.status === 'opened' ? reply.sessionId : '', text: decision.callback }));
    expect(pasted).toMatchObject({ status: 'finished', result: { outcome: 'declined' } });
    expect(valueOf(await d.api.call('connections:list', { tenantId: d.tenantId }))).toEqual([]);
  });

  it('renews an existing connection with a chosen strategy: the same id comes back active', async () => {
    const d = await deskOn(demo);
    valueOf(await d.api.call('connect:browser', { tenantId: d.tenantId, connectorId: 'demo', region: null, settings: {}, strategy: 'loopback' }));
    await decideAtDemo(d.opened[0]!, 'approve', { deliver: true });
    await until(() => d.finished().length === 1, 'first consent');
    const [row] = valueOf(await d.api.call('connections:list', { tenantId: d.tenantId }));
    const renew = valueOf(await d.api.call('connect:renew', { connectionId: row!.id, strategy: 'loopback' }));
    expect(renew.status).toBe('opened');
    await decideAtDemo(d.opened[1]!, 'approve', { deliver: true });
    await until(() => d.finished().length === 2, 'renewed consent');
    const after = valueOf(await d.api.call('connections:list', { tenantId: d.tenantId }));
    expect(after.map((c) => [c.id, c.state])).toEqual([[row!.id, 'active']]);
  });
});

describe('connect without a browser', () => {
  it("bol.com with the seller's own client id and secret: active, and the secret is never echoed, logged or evented", async () => {
    const d = await deskOn(demo);
    d.services().registrations.set({ connectorId: 'bol-com', clientId: 'agency-own-id', params: {}, endpoints: { token: `${bol.url}/token`, probe: `${bol.url}/retailer/retailers` } });
    const pair = bol.generate('seller-a-client');
    const reply = await d.api.call('connect:sellerCredentials', { tenantId: d.tenantId, connectorId: 'bol-com', region: null, settings: {}, account: 'Acme BV', clientId: pair.clientId, clientSecret: pair.clientSecret });
    const value = valueOf(reply);
    expect(value).toMatchObject({ outcome: 'connected', connection: { connectorId: 'bol-com', state: 'active', account: 'Acme BV' } });
    expect(bol.tokenCallers()).toEqual(['seller-a-client']);
    expect(JSON.stringify([reply, d.events, d.logs])).not.toContain(pair.clientSecret);

    const wrong = valueOf(await d.api.call('connect:sellerCredentials', { tenantId: d.tenantId, connectorId: 'bol-com', region: null, settings: {}, account: null, clientId: pair.clientId, clientSecret: 'not-the-secret' }));
    expect(wrong).toMatchObject({ outcome: 'failed', reason: 'seller_credentials_revoked', text: { en: expect.any(String), es: expect.any(String) } });
    expect(valueOf(await d.api.call('connections:list', { tenantId: d.tenantId }))).toHaveLength(1);
    // The seller withdraws the pair and issues a new one: renewing with it brings the same connection back.
    const id = value.outcome === 'connected' ? value.connection.id : '';
    bol.withdraw(pair.clientId);
    const next = bol.generate('seller-a-new-client');
    const renewed = valueOf(await d.api.call('connect:sellerCredentials', { tenantId: d.tenantId, connectorId: 'bol-com', region: null, settings: {}, account: null, clientId: next.clientId, clientSecret: next.clientSecret, connectionId: id }));
    expect(renewed).toMatchObject({ outcome: 'connected', connection: { id, state: 'active', account: 'Acme BV' } });
    expect(bol.tokenCallers().at(-1)).toBe('seller-a-new-client');
    expect(valueOf(await d.api.call('connections:list', { tenantId: d.tenantId })).map((c) => c.id)).toEqual([id]);
    // A marketplace whose credentials are the agency's does not take a seller's pair.
    expect(await d.api.call('connect:sellerCredentials', { tenantId: d.tenantId, connectorId: 'demo', region: null, settings: {}, account: null, clientId: 'x', clientSecret: 'y' })).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
  });

  it('a pasted self-authorized refresh token connects one connection (proven by a refresh); a refused one leaves nothing', async () => {
    const d = await deskOn(demo);
    const minted = (await (await fetch(`${demo.url}/demo/self-authorize?scope=${encodeURIComponent("profile reports.read finance.read ads.read listings.read listings.write")}`, { method: 'POST' })).json()) as { refresh_token: string };
    const ok = valueOf(await d.api.call('connect:refreshToken', { tenantId: d.tenantId, connectorId: 'demo', region: null, settings: {}, account: 'Imported shop', refreshToken: minted.refresh_token }));
    expect(ok, JSON.stringify([ok, d.logs])).toMatchObject({ outcome: 'connected', connection: { state: 'active', account: 'Imported shop' } });
    const bad = valueOf(await d.api.call('connect:refreshToken', { tenantId: d.tenantId, connectorId: 'demo', region: null, settings: {}, account: 'Other', refreshToken: 'demo_rt_not-a-real-one' }));
    expect(bad).toMatchObject({ outcome: 'failed' });
    expect(valueOf(await d.api.call('connections:list', { tenantId: d.tenantId })).map((c) => c.account)).toEqual(['Imported shop']);
    expect(JSON.stringify([d.events, d.logs])).not.toContain(minted.refresh_token);
  });
});

describe('connect:browser refusals', () => {
  it('a strategy the registration cannot serve is refused before anything opens, saying why', async () => {
    const d = await deskOn(demo);
    const reply = valueOf(await d.api.call('connect:browser', { tenantId: d.tenantId, connectorId: 'demo', region: null, settings: {}, strategy: 'relay' }));
    expect(d.opened).toHaveLength(0);
    // The demo registration has no relay page: the reply names what to set.
    expect(reply).toMatchObject({ status: 'unavailable', reason: 'not_configured', text: { en: expect.stringMatching(/relay page.*--redirect-uri/) } });
  });
});
