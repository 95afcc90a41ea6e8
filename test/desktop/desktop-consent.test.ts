// The desktop's consent adapter (main/desktop/desktop-consent.ts) through the desktop API, on the
// real services of a real vault against the real demo marketplace: Connect opens the http://127.0.0.1
// authorize URL through the opener and the page gets a session id only; Approve lands on the
// loopback receiver and the page hears consent:finished and connections:changed; a deep link or a
// pasted link finishes a deep-link attempt (refusing strangers); declines, locks, Refresh now after
// the demo's revoke-all, the preview's link and the "set up the app registration first" text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoMarketplace } from '../../connectors/demo/server';
import type { DemoMarketplace } from '../../connectors/demo/server';
import { callbackFromDeepLink } from '../../main/oauth/protocol';
import { decideAtDemo } from '../support/demo-seller';
import { deskOn, until, valueOf } from './desk';
import type { Desk, DeskOptions } from './desk';

let demo: DemoMarketplace;

beforeAll(async () => {
  demo = await startDemoMarketplace();
});
afterAll(async () => {
  await demo.close();
});

const desk = (opts: DeskOptions = {}): Promise<Desk> => deskOn(demo, opts);

describe('Connect in the app', () => {
  it('opens the demo authorize URL in main; Approve on loopback makes an active connection the page hears about', async () => {
    const d = await desk();
    const connectors = valueOf(await d.api.call('connectors:list'));
    expect(connectors.find((c) => c.id === 'demo')).toMatchObject({ consentAvailable: true, unavailableText: null });

    const reply = valueOf(await d.api.call('consent:start', { tenantId: d.tenantId, connectorId: 'demo', region: null }));
    expect(reply).toEqual({ status: 'opened', sessionId: expect.stringMatching(/^consent_[0-9a-f]{32}$/), expiresAt: expect.any(String), acceptsPaste: false });
    expect(JSON.stringify(reply)).not.toMatch(/http|state|challenge/);
    expect(d.opened).toHaveLength(1);
    const url = d.opened[0]!;
    expect(url.origin).toBe(demo.url);
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);

    expect((await decideAtDemo(url, 'approve', { deliver: true })).status).toBe(200);
    await until(() => d.finished().length === 1, 'consent:finished');
    expect(d.finished()[0]).toEqual({ sessionId: reply.status === 'opened' ? reply.sessionId : '', tenantId: d.tenantId, connectorId: 'demo', outcome: 'connected', text: null });
    expect(d.events.some((e) => e.channel === 'connections:changed' && e.payload.connections.some((c) => c.tenantId === d.tenantId))).toBe(true);
    const list = valueOf(await d.api.call('connections:list', { tenantId: d.tenantId }));
    expect(list).toEqual([expect.objectContaining({ connectorId: 'demo', connectorName: 'Demo marketplace', state: 'active', reason: null })]);
    expect(JSON.stringify([d.events, d.logs])).not.toMatch(/demo_at_|demo_rt_|code=/);
  });

  it('reports a declined consent as declined, and creates nothing', async () => {
    const d = await desk();
    valueOf(await d.api.call('consent:start', { tenantId: d.tenantId, connectorId: 'demo', region: null }));
    await decideAtDemo(d.opened[0]!, 'decline', { deliver: true });
    await until(() => d.finished().length === 1, 'consent:finished');
    expect(d.finished()[0]).toMatchObject({ outcome: 'declined', connectorId: 'demo' });
    expect(valueOf(await d.api.call('connections:list', { tenantId: d.tenantId }))).toEqual([]);
  });

  it('finishes a deep-link attempt from the delivered link, once, after refusing a stranger\'s link', async () => {
    const d = await desk({ strategy: 'deeplink' });
    const reply = valueOf(await d.api.call('consent:start', { tenantId: d.tenantId, connectorId: 'demo', region: null }));
    expect(reply).toMatchObject({ status: 'opened', acceptsPaste: true });
    expect(d.opened[0]!.searchParams.get('redirect_uri')).toBe('fivex-connect://oauth/callback');
    const { callback } = await decideAtDemo(d.opened[0]!, 'approve');
    expect(callback).toMatch(/^fivex-connect:\/\/oauth\/callback\?code=/);

    // The router parses the link once (callbackFromDeepLink) and hands over the typed value.
    const handle = d.api.consentCallbackHandler();
    expect(handle).toBeDefined();
    expect(await handle!(callbackFromDeepLink(`fivex-connect://oauth/callback?code=stolen&state=${'x'.repeat(43)}`))).toBeNull();
    expect(d.logs).toContain('[consent] a deep link was not accepted: not_pending');
    expect(await handle!(callbackFromDeepLink(callback))).toBeNull();
    // The attempt's one ending is announced once, as every ending is.
    await until(() => d.finished().length === 1, 'consent:finished');
    expect(d.finished()[0]).toMatchObject({ outcome: 'connected', connectorId: 'demo', tenantId: d.tenantId });
    await new Promise((r) => setTimeout(r, 50));
    expect(d.finished()).toHaveLength(1);
    expect(await handle!(callbackFromDeepLink(callback))).toBeNull();
    expect(d.logs).toContain('[consent] a deep link was not accepted: not_pending');
    expect(valueOf(await d.api.call('connections:list', { tenantId: d.tenantId })).map((c) => c.state)).toEqual(['active']);
  });

  it('takes a pasted link for a waiting attempt, refusing a wrong one and an unknown session', async () => {
    const d = await desk({ strategy: 'deeplink' });
    const reply = valueOf(await d.api.call('consent:start', { tenantId: d.tenantId, connectorId: 'demo', region: null }));
    if (reply.status !== 'opened') throw new Error('not opened');
    const { callback } = await decideAtDemo(d.opened[0]!, 'approve');

    const wrong = valueOf(await d.api.call('consent:paste', { sessionId: reply.sessionId, text: 'fxc1.not-a-completion-code' }));
    expect(wrong).toMatchObject({ status: 'refused', text: { en: expect.stringContaining('not accepted'), es: expect.stringContaining('no fue aceptado') } });
    const unknown = valueOf(await d.api.call('consent:paste', { sessionId: `consent_${'0'.repeat(32)}`, text: callback }));
    expect(unknown).toMatchObject({ status: 'refused', text: { en: expect.stringContaining('no longer waiting') } });

    const done = valueOf(await d.api.call('consent:paste', { sessionId: reply.sessionId, text: `  ${callback}\n` }));
    expect(done).toEqual({ status: 'finished', result: { sessionId: reply.sessionId, tenantId: d.tenantId, connectorId: 'demo', outcome: 'connected', text: null } });
    await until(() => d.finished().length === 1, 'consent:finished');
    expect(JSON.stringify([wrong, unknown, done])).not.toContain('code=');

    const invalid = await d.api.dispatch('consent:paste', [{ sessionId: 'consent_1; DROP TABLE', text: callback }]);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
  });

  it('ends a waiting attempt when the vault locks, without a write after close', async () => {
    const d = await desk();
    const reply = valueOf(await d.api.call('consent:start', { tenantId: d.tenantId, connectorId: 'demo', region: null }));
    if (reply.status !== 'opened') throw new Error('not opened');
    const connect = d.services().connect;
    expect(connect.pending(reply.sessionId)).toBeDefined();
    valueOf(await d.api.call('vault:lock'));
    await until(() => connect.pending(reply.sessionId) === undefined, 'the attempt to end');
    // The loopback port is closed: the browser's callback finds nobody.
    const redirect = d.opened[0]!.searchParams.get('redirect_uri')!;
    await expect(fetch(`${redirect}?code=x&state=y`)).rejects.toThrow();
    expect(d.logs.filter((l) => /unexpected/.test(l))).toEqual([]);
    // Quietly: the page is on the lock screen, not told about a cancelled attempt.
    expect(d.finished()).toEqual([]);
  });
});

describe('refresh now', () => {
  it('after the seller removes the app (demo revoke-all), a refresh shows needs consent with its plain-language reason', async () => {
    const d = await desk();
    valueOf(await d.api.call('consent:start', { tenantId: d.tenantId, connectorId: 'demo', region: null }));
    await decideAtDemo(d.opened[0]!, 'approve', { deliver: true });
    await until(() => d.finished().length === 1, 'consent:finished');
    const [conn] = valueOf(await d.api.call('connections:list', { tenantId: d.tenantId }));
    expect(conn?.state).toBe('active');

    const fresh = valueOf(await d.api.call('connections:refresh', { connectionId: conn!.id }));
    expect(fresh).toMatchObject({ id: conn!.id, state: 'active', lastRefreshAt: expect.any(String) });

    expect((await fetch(`${demo.url}/demo/revoke-all`, { method: 'POST' })).status).toBe(200);
    const gone = valueOf(await d.api.call('connections:refresh', { connectionId: conn!.id }));
    expect(gone).toMatchObject({ id: conn!.id, state: 'needs_consent', reason: 'invalid_grant' });
    expect(gone.reasonText?.en).toContain('no longer accepts');
    expect(gone.reasonText?.es).toContain('ya no acepta');
    expect(d.events.filter((e) => e.channel === 'connections:changed').length).toBeGreaterThanOrEqual(3);

    const unknown = await d.api.call('connections:refresh', { connectionId: `con_${'0'.repeat(32)}` });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_connection' } });
    expect(await d.api.dispatch('connections:refresh', [{ connectionId: 'con_1' }])).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
  });
});

describe('what the Connect button says', () => {
  it('explains a missing app registration with the command to run, and keeps client-credentials and per-connection settings for the CLI', async () => {
    const d = await desk({ register: false });
    const connectors = valueOf(await d.api.call('connectors:list'));
    const byId = new Map(connectors.map((c) => [c.id, c]));
    expect(byId.get('demo')).toMatchObject({ consentAvailable: false });
    expect(byId.get('demo')?.unavailableText?.en).toContain('Set up the app registration first');
    expect(byId.get('demo')?.unavailableText?.en).toContain('fivex-connect app set demo --client-id ID');
    expect(byId.get('demo')?.unavailableText?.es).toContain('fivex-connect app set demo');
    expect(byId.get('ebay')?.unavailableText?.en).toContain('fivex-connect app set ebay');
    expect(byId.get('zalando')?.unavailableText?.en).toMatch(/does not use a browser sign-in/);
    expect(byId.get('shopify')?.unavailableText?.en).toMatch(/needs details for each connection/);
    const start = valueOf(await d.api.call('consent:start', { tenantId: d.tenantId, connectorId: 'demo', region: null }));
    expect(start).toMatchObject({ status: 'unavailable', reason: 'not_configured' });
    expect(d.opened).toEqual([]);
  });

  it('in the preview, hands the page the http authorize link built in main instead of opening it', async () => {
    const d = await desk({ preview: true });
    expect(valueOf(await d.api.call('connectors:list')).find((c) => c.id === 'demo')?.consentAvailable).toBe(true);
    const reply = valueOf(await d.api.call('consent:start', { tenantId: d.tenantId, connectorId: 'demo', region: null }));
    expect(reply).toMatchObject({ status: 'link', acceptsPaste: false, authorizeUrl: expect.stringMatching(new RegExp(`^${demo.url}/oauth/authorize\\?`)) });
    if (reply.status !== 'link') return;
    await decideAtDemo(reply.authorizeUrl, 'approve', { deliver: true });
    await until(() => d.finished().length === 1, 'consent:finished');
    expect(d.finished()[0]?.outcome).toBe('connected');
  });
});
