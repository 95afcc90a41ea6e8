// The dispatcher every channel goes through: arguments are checked against the channel's schema
// with messages that name the field and the rule but never the value; replies are checked too (in
// tests and development), so a field the schema does not declare (a token, say) is stopped in
// main instead of reaching the page; handler groups bound per vault join the same map.
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { createDispatcher, describeIssue } from '../../main/desktop/dispatch';
import type { InvokeHandlers } from '../../main/desktop/dispatch';
import { perVaultHandlers } from '../../main/desktop/per-vault';
import type { Services } from '../../main/services';
import { INVOKE, INVOKE_CHANNELS } from '../../preload/contract';
import { channel } from '../../preload/schema-kit';

const CONNECTION = {
  id: `con_${'1'.repeat(32)}`,
  tenantId: `ten_${'2'.repeat(32)}`,
  connectorId: 'demo',
  connectorName: 'Demo marketplace',
  account: 'Shop',
  region: null,
  state: 'active',
  reason: null,
  reasonText: null,
  renewBy: null,
  lastRefreshAt: null,
  paused: false,
  updatedAt: '2026-12-04T00:00:00.000Z',
} as const;

/** Handlers that answer `reply` for every channel (what a buggy handler could return). */
function handlersAnswering(reply: unknown): InvokeHandlers {
  return Object.fromEntries(INVOKE_CHANNELS.map((name) => [name, () => Promise.resolve(reply)])) as unknown as InvokeHandlers;
}

describe('dispatch', () => {
  it('declares every channel once, each with an argument and a reply schema', () => {
    for (const name of INVOKE_CHANNELS) {
      expect(INVOKE[name].args).toBeDefined();
      expect(INVOKE[name].reply).toBeDefined();
    }
    expect(new Set(INVOKE_CHANNELS).size).toBe(INVOKE_CHANNELS.length);
  });

  it('stops a reply with a field its schema does not declare, and logs it without the value', async () => {
    const lines: string[] = [];
    const dispatch = createDispatcher(handlersAnswering({ ...CONNECTION, refreshToken: 'CANARY-RT' }), { validateReplies: true, log: (l) => void lines.push(l) });
    const reply = await dispatch('connections:refresh', { connectionId: CONNECTION.id });
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'Something went wrong in FiveX Connect; the details are in its log.' } });
    expect(lines.join('\n')).toContain('the connections:refresh reply does not fit its schema: reply.refreshToken: is not a known field');
    expect(JSON.stringify([reply, lines])).not.toContain('CANARY');
  });

  it('passes a fitting reply through, and leaves replies unchecked when told (packaged builds)', async () => {
    const checked = createDispatcher(handlersAnswering(CONNECTION), { validateReplies: true, log: () => undefined });
    expect(await checked('connections:pause', { connectionId: CONNECTION.id })).toEqual({ ok: true, value: CONNECTION });
    const unchecked = createDispatcher(handlersAnswering({ odd: true }), { validateReplies: false, log: () => undefined });
    expect(await unchecked('connections:pause', { connectionId: CONNECTION.id })).toEqual({ ok: true, value: { odd: true } });
  });

  it('never runs a handler for arguments that do not fit, and never quotes them', async () => {
    let ran = false;
    const handlers = handlersAnswering(CONNECTION);
    const dispatch = createDispatcher({ ...handlers, 'vault:unlock': () => ((ran = true), Promise.reject(new Error('ran'))) }, { validateReplies: true, log: () => undefined });
    const secret = 'hunter2-SECRET-passphrase';
    const replies = [
      await dispatch('vault:unlock', { passphrase: secret, rememberOnThisDevice: 'yes', acceptInsecureKeychain: false }),
      await dispatch('vault:unlock', { passphrase: secret.repeat(100), rememberOnThisDevice: false, acceptInsecureKeychain: false }),
      await dispatch('vault:unlock', [secret]),
    ];
    expect(ran).toBe(false);
    expect(replies.map((r) => (r.ok ? '' : r.error.message))).toEqual([
      'Invalid arguments for vault:unlock: args.rememberOnThisDevice: expected boolean',
      'Invalid arguments for vault:unlock: args.passphrase: must have at most 1024 characters',
      'Invalid arguments for vault:unlock: args: expected an object or nothing, got a list',
    ]);
    expect(JSON.stringify(replies)).not.toContain('hunter2');
  });

  it('words a rule of our own as written, and a library rule without its input', () => {
    const result = v.safeParse(v.strictObject({ a: v.pipe(v.string(), v.regex(/^x$/)) }), { a: 'SECRET' });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssue(result.issues[0], 'args')).toBe('args.a: does not pass the regex rule');
  });
});

describe('perVaultHandlers', () => {
  it('builds a group once per opened vault and calls the current one', async () => {
    const group = { 'x:echo': channel(v.strictObject({ n: v.number() }), v.number()) };
    let current = { id: 1 } as unknown as Services;
    const made: unknown[] = [];
    const handlers = perVaultHandlers(group, () => current, (services) => {
      made.push(services);
      return { 'x:echo': ({ n }) => Promise.resolve(n + (made.length * 100)) };
    });
    expect(await handlers['x:echo']({ n: 1 })).toBe(101);
    expect(await handlers['x:echo']({ n: 2 })).toBe(102);
    current = { id: 2 } as unknown as Services;
    expect(await handlers['x:echo']({ n: 3 })).toBe(203);
    expect(made).toHaveLength(2);
  });
});
