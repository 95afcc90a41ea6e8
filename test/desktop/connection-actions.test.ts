// Acting on a connection from the app (connections:pause / resume / revokePreview / revoke /
// reconnect) through the desktop API, on the real services of a real vault against the real demo
// marketplace: every action is audited as the app's actor, the page hears connections:changed,
// the revocation preview comes in both languages and changes nothing, revoke reports the remote
// outcome (done, or pending during an outage), and Reconnect brings the same connection id back
// active after a revocation or after the seller removed the app. No reply carries a token.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemoMarketplace } from '../../connectors/demo/server';
import { getBuiltinConnector } from '../../connectors/registry';
import type { DemoMarketplace } from '../../connectors/demo/server';
import { toRevocationOutcome } from '../../main/desktop/dto';
import type { ConnectionDto } from '../../preload/contract';
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
afterEach(async () => {
  await fetch(`${demo.url}/demo/outage?seconds=0`, { method: 'POST' });
});

const desk = (opts: DeskOptions = {}): Promise<Desk> => deskOn(demo, opts);

/** Connect the demo marketplace and approve: the active connection. */
async function connected(d: Desk): Promise<ConnectionDto> {
  const before = d.finished().length;
  valueOf(await d.api.call('consent:start', { tenantId: d.tenantId, connectorId: 'demo', region: null }));
  await decideAtDemo(d.opened.at(-1)!, 'approve', { deliver: true });
  await until(() => d.finished().length === before + 1, 'consent:finished');
  const [conn] = valueOf(await d.api.call('connections:list', { tenantId: d.tenantId }));
  expect(conn?.state).toBe('active');
  return conn!;
}

const auditOf = (d: Desk, action: string) => d.services().audit.list({ action });
const changedCount = (d: Desk): number =>
  d.events.filter((e) => e.channel === 'connections:changed' && e.payload.connections.some((c) => c.tenantId === d.tenantId)).length;
const NO_TOKENS = /demo_at_|demo_rt_|code=|refresh_token|access_token/;

describe('pause and resume', () => {
  it('pauses and resumes from the app, audited as the app actor; a paused connection is not refreshed', async () => {
    const d = await desk();
    const conn = await connected(d);
    const heard = changedCount(d);

    const paused = valueOf(await d.api.call('connections:pause', { connectionId: conn.id }));
    expect(paused).toMatchObject({ id: conn.id, state: 'active', paused: true, reason: 'paused' });
    expect(paused.reasonText?.es).toBeTruthy();
    expect(changedCount(d)).toBe(heard + 1);
    expect(auditOf(d, 'connection.pause')).toEqual([expect.objectContaining({ actor: 'os:tester', connection: conn.id, outcome: 'ok' })]);
    expect(await d.api.call('connections:refresh', { connectionId: conn.id })).toMatchObject({ ok: false, error: { code: 'refresh_refused' } });

    // Pausing twice is not an error and writes nothing more.
    expect(valueOf(await d.api.call('connections:pause', { connectionId: conn.id })).paused).toBe(true);
    expect(auditOf(d, 'connection.pause')).toHaveLength(1);

    const resumed = valueOf(await d.api.call('connections:resume', { connectionId: conn.id }));
    expect(resumed).toMatchObject({ id: conn.id, state: 'active', paused: false, reason: null });
    expect(auditOf(d, 'connection.resume')).toEqual([expect.objectContaining({ actor: 'os:tester', connection: conn.id })]);
    expect(valueOf(await d.api.call('connections:refresh', { connectionId: conn.id })).state).toBe('active');
  });

  it('refuses unknown ids, malformed ids, and pausing a revoked connection', async () => {
    const d = await desk();
    const conn = await connected(d);
    const nobody = `con_${'0'.repeat(32)}`;
    for (const channel of ['connections:pause', 'connections:resume', 'connections:revokePreview', 'connections:revoke', 'connections:reconnect'] as const) {
      expect(await d.api.call(channel, { connectionId: nobody })).toMatchObject({ ok: false, error: { code: 'unknown_connection' } });
      expect(await d.api.dispatch(channel, [{ connectionId: 'con_1' }])).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
      expect(await d.api.dispatch(channel, [{ connectionId: conn.id, lang: 'es' }])).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    }
    valueOf(await d.api.call('connections:revoke', { connectionId: conn.id }));
    const refused = await d.api.call('connections:pause', { connectionId: conn.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'action_refused', message: expect.stringContaining('revoked') } });
  });
});

describe('revoke', () => {
  it('previews the impact in English and Spanish without changing anything, then revokes at the marketplace', async () => {
    const d = await desk();
    const conn = await connected(d);

    const preview = valueOf(await d.api.call('connections:revokePreview', { connectionId: conn.id }));
    expect(preview.connectionId).toBe(conn.id);
    expect(preview.impact.en.stops[0]).toContain('FiveX Connect stops renewing and checking');
    expect(preview.impact.en.stops[0]).toContain('Acme Retail');
    expect(preview.impact.es.stops[0]).toContain('FiveX Connect deja de renovar y comprobar');
    expect(preview.impact.en.remains.join(' ')).toContain('audit trail');
    expect(preview.impact.es.remains.join(' ')).toContain('registro de auditoría');
    expect(preview.impact.en.canReconnect.at(-1)).toContain('The seller has to approve again');
    expect(preview.impact.es.canReconnect.at(-1)).toContain('El vendedor tiene que aprobar de nuevo');
    // Nothing happened: still active, nothing audited as a revocation.
    expect(valueOf(await d.api.call('connections:list', { tenantId: d.tenantId }))[0]?.state).toBe('active');
    expect(auditOf(d, 'connection.revoke')).toEqual([]);

    const heard = changedCount(d);
    const result = valueOf(await d.api.call('connections:revoke', { connectionId: conn.id }));
    expect(result.outcome).toEqual({ remote: 'done' });
    expect(result.connection).toMatchObject({ id: conn.id, state: 'disconnected' });
    expect(changedCount(d)).toBe(heard + 1);
    expect(auditOf(d, 'connection.revoke')).toEqual([expect.objectContaining({ actor: 'os:tester', connection: conn.id, outcome: 'ok', detail: expect.objectContaining({ remoteRevocation: 'done' }) })]);
    expect(valueOf(await d.api.call('connections:list', { tenantId: d.tenantId })).map((c) => [c.id, c.state])).toEqual([[conn.id, 'disconnected']]);
    expect(JSON.stringify([preview, result, d.events, d.logs])).not.toMatch(NO_TOKENS);
  });

  it('reports a revocation the marketplace could not take (outage) as pending, and queues it for the monitor', async () => {
    const d = await desk();
    const conn = await connected(d);
    expect((await fetch(`${demo.url}/demo/outage?seconds=600`, { method: 'POST' })).status).toBe(200);
    const result = valueOf(await d.api.call('connections:revoke', { connectionId: conn.id }));
    expect(result).toMatchObject({ outcome: { remote: 'pending' }, connection: { id: conn.id, state: 'disconnected' } });
    expect(auditOf(d, 'connection.revoke')).toEqual([expect.objectContaining({ actor: 'os:tester', outcome: 'pending' })]);

    // The monitor's retry finishes it once the marketplace answers again.
    await fetch(`${demo.url}/demo/outage?seconds=0`, { method: 'POST' });
    const retried = await d.services().engine.revocation.retryPendingRevocations(Date.now() + 86_400_000);
    expect(retried).toMatchObject({ attempted: 1, done: 1 });
  });

  it('explains an unsupported remote revocation with the marketplace\'s removal steps, and a grant still shared', () => {
    const ebay = getBuiltinConnector('ebay');
    expect(ebay?.revocation.method).toBe('none');
    const unsupported = toRevocationOutcome({ remoteRevocation: 'unsupported', sharedWith: 0 }, ebay);
    expect(unsupported).toEqual({ remote: 'unsupported', removeApp: { en: ebay!.texts.removeApp.en, es: ebay!.texts.removeApp.es } });
    expect(toRevocationOutcome({ remoteRevocation: 'unsupported', sharedWith: 0 }, undefined)).toEqual({ remote: 'unsupported', removeApp: null });
    expect(toRevocationOutcome({ remoteRevocation: 'pending', sharedWith: 2 }, ebay)).toEqual({ remote: 'shared', sharedWith: 2 });
    expect(toRevocationOutcome({ remoteRevocation: 'pending', sharedWith: 0 }, ebay)).toEqual({ remote: 'pending' });
  });
});

describe('reconnect', () => {
  it('after a revocation, Reconnect opens the same consent flow and the same connection id comes back active', async () => {
    const d = await desk();
    const conn = await connected(d);
    valueOf(await d.api.call('connections:revoke', { connectionId: conn.id }));

    const start = valueOf(await d.api.call('connections:reconnect', { connectionId: conn.id }));
    expect(start).toEqual({ status: 'opened', sessionId: expect.stringMatching(/^consent_[0-9a-f]{32}$/), expiresAt: expect.any(String), acceptsPaste: false });
    expect(d.opened.at(-1)?.origin).toBe(demo.url);
    const before = d.finished().length;
    await decideAtDemo(d.opened.at(-1)!, 'approve', { deliver: true });
    await until(() => d.finished().length === before + 1, 'consent:finished');
    expect(d.finished().at(-1)).toMatchObject({ sessionId: start.status === 'opened' ? start.sessionId : '', tenantId: d.tenantId, connectorId: 'demo', outcome: 'connected' });

    const list = valueOf(await d.api.call('connections:list', { tenantId: d.tenantId }));
    expect(list.map((c) => [c.id, c.state])).toEqual([[conn.id, 'active']]);
    expect(auditOf(d, 'connection.reconnect')).toEqual([expect.objectContaining({ actor: 'os:tester', connection: conn.id })]);
    expect(valueOf(await d.api.call('connections:refresh', { connectionId: conn.id })).state).toBe('active');
  });

  it('after the seller removed the app (needs consent), Reconnect in the preview hands back the link and renews the same connection', async () => {
    const d = await desk({ preview: true });
    const first = valueOf(await d.api.call('consent:start', { tenantId: d.tenantId, connectorId: 'demo', region: null }));
    if (first.status !== 'link') throw new Error('expected a link');
    await decideAtDemo(first.authorizeUrl, 'approve', { deliver: true });
    await until(() => d.finished().length === 1, 'consent:finished');
    const [conn] = valueOf(await d.api.call('connections:list', { tenantId: d.tenantId }));
    await fetch(`${demo.url}/demo/revoke-all`, { method: 'POST' });
    expect(valueOf(await d.api.call('connections:refresh', { connectionId: conn!.id })).state).toBe('needs_consent');

    const start = valueOf(await d.api.call('connections:reconnect', { connectionId: conn!.id }));
    if (start.status !== 'link') throw new Error(`expected a link, got ${start.status}`);
    expect(start.authorizeUrl.startsWith(`${demo.url}/oauth/authorize?`)).toBe(true);
    await decideAtDemo(start.authorizeUrl, 'approve', { deliver: true });
    await until(() => d.finished().length === 2, 'consent:finished');
    const list = valueOf(await d.api.call('connections:list', { tenantId: d.tenantId }));
    expect(list.map((c) => [c.id, c.state, c.reason])).toEqual([[conn!.id, 'active', null]]);
    expect(JSON.stringify([start, list, d.events])).not.toMatch(/demo_at_|demo_rt_|code=/);
  });
});
