// Sign-in (failures audited with the name tried, slowed after repeated failures, across
// processes), grant expiry and connector-narrowed grants, transfer and handover, and a vault
// handed from the OS user to an admin and then used by each role.
import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index';
import { createServices } from '../../main/services';
import { openVault } from '../../main/vault';
import { TEST_PASSPHRASE } from '../support/cli';
import { makeWorld, nameOf, PIN, type World } from './support';

let w: World | undefined;
afterEach(() => {
  w?.cleanup();
  w = undefined;
});

const THROTTLE = { freeAttempts: 3, baseDelayMs: 100, maxDelayMs: 400 };

/** Services on the world's vault as a separate process would build them, with its waits recorded. */
function process(world: World, waits: number[]) {
  const vault = openVault(world.vault, { passphrase: TEST_PASSPHRASE });
  const services = createServices(vault, { signInThrottle: THROTTLE, sleep: (ms) => {
    waits.push(ms);
    return Promise.resolve();
  } });
  return {
    services,
    close: async () => {
      await services.audit.flushAnchors();
      vault.close();
    },
  };
}

describe('sign-in', () => {
  it('refuses an unknown name or a wrong PIN, audits the name tried, and slows repeated failures across processes', async () => {
    w = await makeWorld();
    const waits: number[] = [];
    const first = process(w, waits);
    await expect(first.services.access.signIn('nobody', PIN, { host: 'os:t' })).rejects.toMatchObject({ code: 'operator_auth' });
    expect(w.lastAudit()).toMatchObject({ actor: 'os:t', action: 'operator.sign_in', outcome: 'failed' });
    expect(JSON.parse(w.lastAudit().detail)).toMatchObject({ name: 'nobody', reason: 'unknown_operator' });
    for (let i = 0; i < 5; i++) {
      await expect(first.services.access.signIn(nameOf('support'), 'wrong-pin', { host: 'os:t' })).rejects.toMatchObject({ code: 'operator_auth' });
    }
    expect(waits).toEqual([100, 200]);
    expect(JSON.stringify(w.lastAudit())).not.toContain('wrong-pin');
    await first.close();
    // Another process: the counter is in the vault, so the wait goes on growing (capped).
    const second = process(w, waits);
    await expect(second.services.access.signIn(nameOf('support'), 'wrong-pin', { host: 'os:t' })).rejects.toMatchObject({ code: 'operator_auth' });
    await expect(second.services.access.signIn(nameOf('support'), 'wrong-pin', { host: 'os:t' })).rejects.toMatchObject({ code: 'operator_auth' });
    expect(waits).toEqual([100, 200, 400, 400]);
    // The right PIN still works (after the wait), and resets the counter.
    const p = await second.services.access.signIn(nameOf('support'), PIN, { host: 'os:t' });
    expect(p).toMatchObject({ kind: 'operator', name: nameOf('support'), role: 'support' });
    expect(waits).toEqual([100, 200, 400, 400, 400]);
    await expect(second.services.access.signIn(nameOf('support'), 'wrong-pin', { host: 'os:t' })).rejects.toMatchObject({ code: 'operator_auth' });
    expect(waits).toHaveLength(5);
    // Names that are no operator share one counter: guessing names is slowed down as well.
    for (let i = 0; i < 5; i++) {
      await expect(second.services.access.signIn(`guess-${i}`, PIN, { host: 'os:t' })).rejects.toMatchObject({ code: 'operator_auth' });
    }
    expect(waits.slice(5)).toEqual([100, 200]);
    await second.close();
  });

  it('through the CLI: no operator → operator_required, a wrong PIN → operator_auth (audited), the failure counted for the next process', async () => {
    w = await makeWorld();
    const none = await w.run(null, ['tenant', 'list']);
    expect(none.code).toBe(1);
    expect(none.json()).toMatchObject({ error: 'operator_required' });
    const wrong = await w.run(null, ['tenant', 'list'], { env: { FIVEX_OPERATOR: nameOf('finance'), FIVEX_OPERATOR_PIN: 'nope-nope' } });
    expect(wrong.code).toBe(1);
    expect(wrong.json()).toMatchObject({ error: 'operator_auth' });
    expect(wrong.stdout + wrong.stderr).not.toContain('nope-nope');
    expect(w.lastAudit()).toMatchObject({ action: 'operator.sign_in', outcome: 'failed' });
    expect(JSON.parse(w.lastAudit().detail)).toMatchObject({ name: nameOf('finance'), reason: 'wrong_pin', failures: 1 });
    await w.run(null, ['tenant', 'list'], { env: { FIVEX_OPERATOR: nameOf('finance'), FIVEX_OPERATOR_PIN: 'nope-nope' } });
    expect(JSON.parse(w.lastAudit().detail)).toMatchObject({ failures: 2 });
    const byFlag = await w.run(null, ['--operator', nameOf('finance'), 'tenant', 'list'], { env: { FIVEX_OPERATOR_PIN: PIN } });
    expect(byFlag.code, byFlag.stderr).toBe(0);
  });

  it('asks for the PIN on a terminal without echoing it', async () => {
    w = await makeWorld();
    let stdout = '';
    let stderr = '';
    const sink = (add: (s: string) => void) => new Writable({ write: (c: Buffer, _e, cb) => (add(c.toString()), cb()) });
    const stdin = new PassThrough();
    const done = main(['--vault', w.vault, '--json', 'tenant', 'list'], {
      stdout: sink((s) => (stdout += s)),
      stderr: sink((s) => (stderr += s)),
      stdin,
      env: { FIVEX_VAULT_PASSPHRASE: TEST_PASSPHRASE, FIVEX_OPERATOR: nameOf('support') },
      isTTY: true,
    });
    for (let i = 0; i < 200 && !stderr.includes('PIN for'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(stderr).toContain(`PIN for ${nameOf('support')}: `);
    stdin.write(`${PIN}\r`);
    expect(await done).toBe(0);
    expect((JSON.parse(stdout) as Array<{ name: string }>).map((t) => t.name)).toEqual(['Tenant A']);
    expect(stdout + stderr).not.toContain(PIN);
  });
});

describe('grants', () => {
  it('end at their until time, and a connector-narrowed grant shows only that connector', async () => {
    w = await makeWorld();
    const until = new Date(Date.now() + 2_500).toISOString();
    const added = await w.run('admin', ['grant', 'add', nameOf('support'), 'Tenant B', '--until', until]);
    expect(added.json()).toMatchObject({ operator: nameOf('support'), tenant: 'Tenant B', connector: null, until });
    expect((await w.run('support', ['probe', w.conB])).stdout).not.toContain('"forbidden"');
    expect((await w.run('support', ['tenant', 'list'])).json<Array<{ name: string }>>().map((t) => t.name)).toContain('Tenant B');
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(until) - Date.now() + 100)));
    const late = await w.run('support', ['probe', w.conB]);
    expect(late.json()).toMatchObject({ error: 'forbidden' });
    expect((await w.run('support', ['tenant', 'list'])).json<Array<{ name: string }>>().map((t) => t.name)).not.toContain('Tenant B');

    expect((await w.run('admin', ['grant', 'add', nameOf('partner'), 'Tenant B', '--connector', 'etsy'])).code).toBe(0);
    expect((await w.run('partner', ['connections', '--tenant', 'Tenant B'])).json()).toEqual([]);
    expect((await w.run('partner', ['refresh', w.conB])).json()).toMatchObject({ error: 'forbidden' });
    const list = (await w.run('admin', ['grant', 'list', '--tenant', 'Tenant B'])).json<Array<{ operator: string; connector: string | null }>>();
    expect(list).toEqual(expect.arrayContaining([expect.objectContaining({ operator: nameOf('partner'), connector: 'etsy' })]));
    expect((await w.run('admin', ['grant', 'remove', nameOf('partner'), 'Tenant B', '--connector', 'etsy'])).code).toBe(0);
    expect(w.lastAudit()).toMatchObject({ actor: nameOf('admin'), action: 'grant.remove', outcome: 'ok' });
  });
});

describe('ownership', () => {
  it('transfers a connection to an operator with a grant on its tenant, never to one without', async () => {
    w = await makeWorld();
    const moved = await w.run('account_manager', ['transfer', w.conA, '--to', nameOf('support')]);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.json()).toMatchObject({ id: w.conA, owner: nameOf('support') });
    expect(w.lastAudit()).toMatchObject({ actor: nameOf('account_manager'), action: 'connection.transfer', outcome: 'ok', connection_id: w.conA });
    const before = w.state();
    const refused = await w.run('admin', ['transfer', w.conB, '--to', nameOf('support')]);
    expect(refused.code).toBe(1);
    expect(refused.json()).toMatchObject({ error: 'conflict', message: expect.stringContaining('no grant') });
    expect(w.state()).toBe(before);
  });

  it('hands over what an operator created (with person-tied consent flagged), then lets the operator go', async () => {
    w = await makeWorld();
    expect((await w.run('account_manager', ['tenant', 'add', 'Client C'])).code).toBe(0);
    const line = JSON.stringify({ tenant: 'Client C', connector: 'demo', account: 'C shop', refreshToken: 'rt-c-shop-0123456789abcdef' });
    expect((await w.run('account_manager', ['import', '-'], { stdin: `${line}\n` })).code).toBe(0);
    // A marketplace that ties consent to the person (eBay; connectors/ebay/definition.ts), made in-process as the same operator.
    const vault = openVault(w.vault, { passphrase: TEST_PASSPHRASE });
    const s = createServices(vault);
    const am = await s.access.signIn(nameOf('account_manager'), PIN, { host: 'os:t' });
    s.acting.set(am);
    const tenant = s.tenants.find('Client C')!;
    const ebay = s.engine.store.createConnectionWithGrant({
      tenantId: tenant.id,
      connectorId: 'ebay',
      account: 'C on eBay',
      region: null,
      grant: { externalAccount: null },
      tokens: { accessToken: 'at', refreshToken: 'rt', tokenType: 'bearer', accessExpiresAt: new Date(Date.now() + 3_600_000), refreshExpiresAt: null, scopes: null, extra: {} },
      actor: am.actor,
    }).id;
    vault.close();

    const conns = (await w.run('admin', ['connections', '--tenant', 'Client C'])).json<Array<{ id: string; owner: string }>>();
    expect(conns.map((c) => c.owner)).toEqual([nameOf('account_manager'), nameOf('account_manager')]);
    const removeFirst = await w.run('admin', ['operator', 'remove', nameOf('account_manager')]);
    expect(removeFirst.json()).toMatchObject({ error: 'conflict', message: expect.stringContaining('owns') });

    const dry = (await w.run('admin', ['handover', nameOf('account_manager'), '--to', nameOf('partner'), '--dry-run'])).json<{ moved: string[]; needsReconsent: string[] }>();
    expect(dry.moved).toEqual(expect.arrayContaining([tenant.id, ebay, ...conns.map((c) => c.id)]));
    expect(dry.needsReconsent).toEqual([ebay]);
    expect((await w.run('admin', ['connections', '--tenant', 'Client C'])).json<Array<{ owner: string }>>().every((c) => c.owner === nameOf('account_manager'))).toBe(true);

    const done = await w.run('admin', ['handover', nameOf('account_manager'), '--to', nameOf('partner')]);
    expect(done.json()).toEqual(dry);
    expect(w.lastAudit()).toMatchObject({ actor: nameOf('admin'), action: 'operator.handover', outcome: 'ok' });
    expect((await w.run('admin', ['connections', '--tenant', 'Client C'])).json<Array<{ owner: string }>>().every((c) => c.owner === nameOf('partner'))).toBe(true);
    // The new owner holds a grant on what it now owns.
    expect((await w.run('partner', ['connections', '--tenant', 'Client C'])).json<unknown[]>()).toHaveLength(2);
    expect((await w.run('admin', ['operator', 'remove', nameOf('account_manager')])).code).toBe(0);
    expect(w.lastAudit()).toMatchObject({ action: 'operator.remove', outcome: 'ok' });
  });
});

describe('a vault handed from the OS user to an admin, then to each role', () => {
  it('walks through', async () => {
    w = await makeWorld({ operators: false });
    // No operators: the OS user does everything, and --operator is a mistake.
    expect((await w.run(null, ['connections'])).code).toBe(0);
    expect((await w.run(null, ['--operator', 'x', 'connections'])).json()).toMatchObject({ error: 'unknown_operator' });
    // The first operator must be an admin.
    const notAdmin = await w.run(null, ['operator', 'add', 'sam', '--role', 'support', '--pin-env', 'P'], { env: { P: PIN } });
    expect(notAdmin.json()).toMatchObject({ error: 'invalid_role' });
    const shortPin = await w.run(null, ['operator', 'add', 'boss', '--role', 'admin', '--pin-env', 'P'], { env: { P: '123' } });
    expect(shortPin.json()).toMatchObject({ error: 'invalid_pin' });
    const boss = await w.run(null, ['operator', 'add', 'boss', '--role', 'admin', '--pin-env', 'P'], { env: { P: PIN } });
    expect(boss.json()).toEqual({ name: 'boss', role: 'admin' });
    expect(w.lastAudit()).toMatchObject({ action: 'operator.add', outcome: 'ok', actor: expect.stringMatching(/^os:/) });
    // From now on the OS user needs an operator.
    expect((await w.run(null, ['connections'])).json()).toMatchObject({ error: 'operator_required' });
    expect((await w.run(null, ['--version'])).code).toBe(0);
    const as = (name: string) => ({ env: { FIVEX_OPERATOR: name, FIVEX_OPERATOR_PIN: PIN } });
    for (const [name, role] of [['ann', 'account_manager'], ['sue', 'support'], ['fin', 'finance'], ['pat', 'partner'], ['aud', 'auditor']] as const) {
      expect((await w.run(null, ['operator', 'add', name, '--role', role, '--pin-env', 'P'], { env: { ...as('boss').env, P: PIN } })).code).toBe(0);
      if (role !== 'auditor') expect((await w.run(null, ['grant', 'add', name, 'Tenant A'], as('boss'))).code).toBe(0);
    }
    const ops = (await w.run(null, ['operator', 'list'], as('boss'))).json<Array<{ name: string; role: string; grants: Array<{ tenant: string }> }>>();
    expect(ops.find((o) => o.name === 'ann')).toEqual({ name: 'ann', role: 'account_manager', grants: [{ tenant: 'Tenant A', connector: null, until: null }] });
    // Each role at work.
    const ann = await w.run(null, ['tenant', 'add', 'Ann client'], as('ann'));
    expect(ann.code, ann.stderr).toBe(0);
    expect((await w.run(null, ['pause', w.conA], as('ann'))).json()).toMatchObject({ id: w.conA });
    expect((await w.run(null, ['resume', w.conB], as('ann'))).json()).toMatchObject({ error: 'forbidden' });
    expect((await w.run(null, ['pause', w.conA], as('sue'))).json()).toMatchObject({ error: 'forbidden', message: expect.stringContaining('support') });
    const preview = (await w.run(null, ['revoke', w.conA, '--dry-run'], as('sue'))).json<{ canReconnect: string[] }>();
    expect(preview.canReconnect).toEqual(expect.arrayContaining([expect.stringContaining('ann (account_manager'), expect.stringContaining('boss (admin'), expect.stringContaining('pat (partner')]));
    expect(preview.canReconnect.join('\n')).not.toMatch(/sue|fin|aud/);
    expect(preview.canReconnect.at(-1)).toMatch(/seller/);
    expect((await w.run(null, ['token', w.conA], as('fin'))).json()).toMatchObject({ error: 'forbidden' });
    expect((await w.run(null, ['audit', 'verify'], as('fin'))).code).toBe(0);
    expect((await w.run(null, ['tenant', 'list'], as('aud'))).json()).toMatchObject({ error: 'forbidden' });
    const audit = (await w.run(null, ['audit', 'list', '--outcome', 'refused'], as('aud'))).json<Array<{ actor: string }>>();
    expect(audit.map((e) => e.actor)).toEqual(expect.arrayContaining(['ann', 'sue', 'fin', 'aud']));
    expect((await w.run(null, ['app', 'set', 'demo', '--client-id', 'x', '--param', 'baseUrl=http://127.0.0.1:9'], as('pat'))).json()).toMatchObject({ error: 'forbidden' });
    const set = await w.run(null, ['app', 'set', 'demo', '--client-id', 'demo-client', '--endpoint', 'token=https://tokens.example.com/t'], as('boss'));
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(w.lastAudit().detail)).toMatchObject({ endpointHosts: { token: 'tokens.example.com' } });
    // A new role, by an admin: sue the support operator becomes an account manager and may pause.
    expect((await w.run(null, ['operator', 'set-role', 'sue', '--role', 'account_manager'], as('ann'))).json()).toMatchObject({ error: 'forbidden' });
    expect((await w.run(null, ['operator', 'set-role', 'sue', '--role', 'account_manager'], as('boss'))).json()).toEqual({ name: 'sue', role: 'account_manager' });
    expect(w.lastAudit()).toMatchObject({ action: 'operator.role', outcome: 'ok', actor: 'boss' });
    expect(JSON.parse(w.lastAudit().detail)).toEqual({ name: 'sue', from: 'support', to: 'account_manager' });
    expect((await w.run(null, ['pause', w.conA], as('sue'))).json()).toMatchObject({ id: w.conA });
    expect((await w.run(null, ['operator', 'set-role', 'sue', '--role', 'owner'], as('boss'))).json()).toMatchObject({ error: 'invalid_role' });
    expect((await w.run(null, ['operator', 'set-role', 'boss', '--role', 'auditor'], as('boss'))).json()).toMatchObject({ error: 'conflict', message: expect.stringContaining('last admin') });
  });
});
