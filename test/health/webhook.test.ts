// The state-change webhook against a real HTTP listener on 127.0.0.1: Slack-compatible payload,
// URL from the settings, failures and timeouts logged without the URL, never blocking a refresh.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebhookNotifier } from '../../main/health/webhook';
import { SettingsRepo } from '../../main/repos/settings';
import type { StateChange } from '../../main/health/recorder';
import { connectorAt, createHarness, tokenSet } from '../refresh/support/harness';
import type { Harness } from '../refresh/support/harness';
import { startFakeTokenServer } from '../refresh/support/fake-token-server';
import type { FakeTokenServer } from '../refresh/support/fake-token-server';

interface Hook {
  readonly url: string;
  readonly bodies: unknown[];
  /** How the hook answers: change it mid-test. */
  readonly answer: { status: number; delayMs: number };
  close(): Promise<void>;
}

async function startHook(): Promise<Hook> {
  const bodies: unknown[] = [];
  const answer = { status: 200, delayMs: 0 };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      bodies.push({ contentType: req.headers['content-type'], json: JSON.parse(raw) as unknown });
      setTimeout(() => {
        res.writeHead(answer.status);
        res.end('ok');
      }, answer.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    // A Slack-like URL whose path is the secret.
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/SECRETPATHxyz`,
    bodies,
    answer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const change = (i: number): StateChange => ({
  connectionId: `con_${i}`,
  tenantId: 'ten_1',
  connectorId: 'etsy',
  account: `Shop ${i}`,
  from: { state: 'active', reason: null, detail: null },
  to: { state: 'needs_consent', reason: 'invalid_grant', detail: null },
  at: '2026-06-01T00:00:00.000Z',
});

let hook: Hook;
beforeEach(async () => {
  hook = await startHook();
});
afterEach(async () => {
  await hook.close();
});

describe('webhook notifier', () => {
  it('POSTs {"text"} naming tenant, marketplace, account, the transition and its meaning', async () => {
    const n = new WebhookNotifier({ url: () => hook.url, names: () => ({ tenant: 'Acme Shoes', connector: 'Etsy' }) });
    n.notify([change(1)]);
    await n.flush();
    expect(hook.bodies).toHaveLength(1);
    const { contentType, json } = hook.bodies[0] as { contentType: string; json: { text: string } };
    expect(contentType).toBe('application/json');
    expect(Object.keys(json)).toEqual(['text']);
    expect(json.text).toContain('Acme Shoes · Etsy · Shop 1: active → needs_consent (invalid_grant)');
    expect(json.text).toContain('no longer accepts this authorization');
  });

  it('summarises many changes in one message', async () => {
    const n = new WebhookNotifier({ url: () => hook.url });
    n.notify(Array.from({ length: 12 }, (_, i) => change(i)));
    await n.flush();
    expect(hook.bodies).toHaveLength(1);
    expect((hook.bodies[0] as { json: { text: string } }).json.text).toContain('… and 7 more connections changed state.');
  });

  it('does nothing without a URL, and refuses a non-https URL without quoting it', () => {
    const logs: string[] = [];
    new WebhookNotifier({ url: () => null, log: (l) => logs.push(l) }).notify([change(1)]);
    new WebhookNotifier({ url: () => 'http://hooks.example.com/T0/SECRETPATHxyz', log: (l) => logs.push(l) }).notify([change(1)]);
    expect(hook.bodies).toHaveLength(0);
    expect(logs).toEqual([expect.stringContaining('not an https URL')]);
    expect(logs.join()).not.toContain('SECRETPATH');
  });

  it('logs an error answer and a timeout without the URL, and never throws', async () => {
    const logs: string[] = [];
    const n = new WebhookNotifier({ url: () => hook.url, timeoutMs: 200, log: (l) => logs.push(l) });
    hook.answer.status = 500;
    n.notify([change(1)]);
    await n.flush();
    hook.answer.status = 200;
    hook.answer.delayMs = 1_000;
    n.notify([change(2)]);
    await n.flush();
    expect(logs).toEqual([expect.stringContaining('HTTP 500'), expect.stringContaining('no answer within 200 ms')]);
    expect(logs.join()).not.toContain('SECRETPATH');
  });
});

describe('webhook from the engine', () => {
  let server: FakeTokenServer;
  let h: Harness;
  afterEach(async () => {
    h.close();
    await server.close();
  });

  it('a state change during refresh posts to settings.webhook_url, without blocking the refresh', async () => {
    server = await startFakeTokenServer();
    h = createHarness({ connector: connectorAt(server.endpoints), clientId: 'c', clientSecret: 's' });
    new SettingsRepo(h.vault).setWebhookUrl(hook.url);
    hook.answer.delayMs = 2_000; // a slow hook: the refresh must not wait for it
    const conn = h.connect(tokenSet({ refreshToken: 'RT-hook-canary' }));
    server.handle(() => ({ status: 400, body: { error: 'invalid_grant' } }));
    const started = performance.now();
    const r = await h.engine.refresh.refreshConnection(conn.id, { force: true });
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(r.connection.state).toBe('needs_consent');
    await h.engine.flush();
    expect(hook.bodies).toHaveLength(1);
    const text = (hook.bodies[0] as { json: { text: string } }).json.text;
    expect(text).toContain('Acme Shoes · Test Market · Main store: active → needs_consent (invalid_grant)');
    expect(text).not.toContain('RT-hook-canary');
  });
});
