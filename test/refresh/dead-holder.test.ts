// A refresh lease whose holder is provably dead is taken at once; anything short of proof (a
// live holder, another pid space, an old-style owner token, a platform without /proc) leaves the
// time-out in charge. Real processes on Linux (spawned and SIGKILLed), a real vault file.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { currentHolder, holderIsDead, isZombie, linuxProcessTable, opaqueProcessTable, parseStatStartTime } from '../../main/refresh/holder';
import type { HolderIdentity, ProcessTable } from '../../main/refresh/holder';
import { decodeOwner, encodeOwner, RefreshLeases } from '../../main/refresh/lease';
import { LeasesRepo } from '../../main/repos/leases';
import { createVault } from '../../main/vault';
import type { Vault } from '../../main/vault/types';
import { PASSPHRASE, TEST_SCRYPT, tempDir } from './support/harness';

const LINUX = process.platform === 'linux';
const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const f of cleanup.splice(0).reverse()) f();
});

function vault(): Vault {
  const root = tempDir();
  const v = createVault(join(root, 'vault'), { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT });
  cleanup.push(() => rmSync(root, { recursive: true, force: true }), () => v.close());
  return v;
}

/** A live process of our own to hold leases "for": its identity is read from /proc like anyone's. */
async function sleeper(): Promise<{ child: ChildProcess; identity: HolderIdentity; kill(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', reject);
  });
  const identity = currentHolder(linuxProcessTable, child.pid);
  return {
    child,
    identity,
    kill: async () => {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** Writes a lease as another process would: its owner token, its pid, 30 s to run. */
function leaseHeldBy(repo: LeasesRepo, grantId: string, holder: HolderIdentity | null, owner = 'a'.repeat(32)): string {
  const token = holder ? encodeOwner(owner, holder) : owner;
  expect(repo.take({ grantId, owner: token, pid: holder?.pid ?? 1, expiresAt: Date.now() + 30_000, now: Date.now(), deadOwner: null })).toBe(true);
  return token;
}

describe('reading /proc', () => {
  it('finds starttime after the last ")" even when the command name holds spaces and parentheses', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3)).join(' ');
    // Field 3 is "3", so field 22 (starttime) is "22".
    expect(parseStatStartTime(`4242 (a) (weird) name) ${fields}`)).toBe('22');
    expect(parseStatStartTime('4242 no-parens 1 2 3')).toBeNull();
    // A zombie still has a stat; it holds nothing any more.
    expect(isZombie(`4242 (cli) Z ${fields.slice(2)}`)).toBe(true);
    expect(isZombie(`4242 (cli) S ${fields.slice(2)}`)).toBe(false);
    expect(parseStatStartTime('4242 (short) S 1 2')).toBeNull();
  });

  it.skipIf(!LINUX)('names this process: pid space from the boot id and pid namespace, start time from its stat', () => {
    const me = currentHolder(linuxProcessTable);
    expect(me.pid).toBe(process.pid);
    expect(me.pidSpace).toMatch(/^[0-9a-f-]{36}\/pid:\[\d+\]$/);
    expect(me.startedAt).toMatch(/^\d+$/);
    expect(linuxProcessTable.startTime(process.pid)).toBe(me.startedAt);
  });

  it('where processes cannot be checked, nobody is ever judged dead', () => {
    const me = currentHolder(opaqueProcessTable);
    expect([me.pidSpace, me.startedAt]).toEqual([null, null]);
    const someone: HolderIdentity = { pid: 999_999, host: 'h', pidSpace: 'boot/pid:[1]', startedAt: '5' };
    expect(holderIsDead(someone, me, opaqueProcessTable)).toBe(false);
  });
});

describe('judging a holder dead', () => {
  const space = 'boot-1/pid:[4026531836]';
  const table = (procs: Record<number, string>): ProcessTable => ({ pidSpace: () => space, startTime: (pid) => procs[pid] ?? null });
  const me: HolderIdentity = { pid: 10, host: 'here', pidSpace: space, startedAt: '100' };

  it('dead: same pid space, and the pid is gone or now names a process started at another time (reused pid)', () => {
    const holder: HolderIdentity = { pid: 42, host: 'here', pidSpace: space, startedAt: '500' };
    expect(holderIsDead(holder, me, table({}))).toBe(true);
    expect(holderIsDead(holder, me, table({ 42: '777' }))).toBe(true);
  });

  it('alive or unknowable: the same process, another pid space (machine, container, boot), or no identity', () => {
    const holder: HolderIdentity = { pid: 42, host: 'here', pidSpace: space, startedAt: '500' };
    expect(holderIsDead(holder, me, table({ 42: '500' }))).toBe(false);
    expect(holderIsDead({ ...holder, pidSpace: 'boot-2/pid:[4026531836]' }, me, table({}))).toBe(false);
    expect(holderIsDead({ ...holder, pidSpace: 'boot-1/pid:[4026532999]' }, me, table({}))).toBe(false);
    expect(holderIsDead({ ...holder, startedAt: null }, me, table({}))).toBe(false);
    expect(holderIsDead(holder, { ...me, pidSpace: null }, table({}))).toBe(false);
  });

  it('owner tokens carry the identity and round-trip; tokens of older versions carry none', () => {
    const holder: HolderIdentity = { pid: 42, host: 'build-7.local', pidSpace: space, startedAt: '500' };
    expect(decodeOwner(encodeOwner('f'.repeat(32), holder))).toEqual(holder);
    expect(decodeOwner('f'.repeat(32))).toBeNull();
    expect(decodeOwner(`${'f'.repeat(32)}?pid=abc`)).toBeNull();
  });
});

describe.skipIf(!LINUX)('taking a lease from a dead holder (real processes)', () => {
  it('a SIGKILLed holder on this machine: taken at once, though its lease had 30 s to run', async () => {
    const v = vault();
    const repo = new LeasesRepo(v.db);
    const leases = new RefreshLeases(repo, Date.now);
    const holder = await sleeper();
    const dead = leaseHeldBy(repo, 'grt_1', holder.identity);
    // Alive: left alone.
    expect(leases.tryAcquire('grt_1')).toBeNull();
    await holder.kill();
    const started = performance.now();
    const got = await leases.acquire('grt_1', () => false);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(got.kind).toBe('held');
    if (got.kind !== 'held') return;
    expect(got.lease.tookOverFrom).toBe(holder.identity.pid);
    expect(leases.holder('grt_1')?.owner).toBe(got.lease.owner);
    expect(leases.holder('grt_1')?.identity?.pid).toBe(process.pid);
    // The dead holder's token no longer releases anything.
    expect(repo.release('grt_1', dead)).toBe(false);
    expect(got.lease.release()).toBe(true);
  });

  it('a holder killed but not yet reaped (a zombie) is dead too', async () => {
    const v = vault();
    const repo = new LeasesRepo(v.db);
    const leases = new RefreshLeases(repo, Date.now);
    // The background sleep's parent becomes `exec sleep 60`, which never reaps it: killed, it stays a zombie.
    const parent = spawn('sh', ['-c', 'sleep 30 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
    cleanup.push(() => parent.kill('SIGKILL'));
    const pid = Number((await new Promise<Buffer>((resolve) => parent.stdout.once('data', resolve))).toString().trim());
    const identity = currentHolder(linuxProcessTable, pid);
    expect(identity.startedAt).not.toBeNull();
    leaseHeldBy(repo, 'grt_1', identity);
    expect(leases.tryAcquire('grt_1')).toBeNull();
    process.kill(pid, 'SIGKILL');
    let zombie = false;
    for (let i = 0; i < 100 && !zombie; i++) {
      zombie = readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
      if (!zombie) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(zombie).toBe(true);
    expect(leases.tryAcquire('grt_1')?.tookOverFrom).toBe(pid);
  });

  it('a pid reused by another process is not the holder: its lease is taken', async () => {
    const v = vault();
    const repo = new LeasesRepo(v.db);
    const leases = new RefreshLeases(repo, Date.now);
    const other = await sleeper();
    // Recorded as this pid, but started at another time: the process that held it is gone.
    leaseHeldBy(repo, 'grt_1', { ...other.identity, startedAt: String(Number(other.identity.startedAt) + 1) });
    expect(leases.tryAcquire('grt_1')).not.toBeNull();
  });

  it('without proof the time-out stands: a holder in another pid space, or an owner token without identity', () => {
    const v = vault();
    const repo = new LeasesRepo(v.db);
    let now = Date.now();
    const leases = new RefreshLeases(repo, () => now);
    const elsewhere: HolderIdentity = { pid: 999_999, host: 'other-host', pidSpace: 'another-boot/pid:[4026531836]', startedAt: '1' };
    leaseHeldBy(repo, 'grt_1', elsewhere);
    leaseHeldBy(repo, 'grt_2', null);
    expect(leases.tryAcquire('grt_1')).toBeNull();
    expect(leases.tryAcquire('grt_2')).toBeNull();
    now += 31_000;
    expect(leases.tryAcquire('grt_1')).not.toBeNull();
    expect(leases.tryAcquire('grt_2')).not.toBeNull();
  });

  it('two waiters that both see the holder dead: exactly one takes the lease (compare-and-set on the dead token)', async () => {
    const v = vault();
    const repo = new LeasesRepo(v.db);
    const a = new RefreshLeases(repo, Date.now, undefined, { holder: { ...currentHolder(linuxProcessTable), host: 'a' } });
    const b = new RefreshLeases(repo, Date.now, undefined, { holder: { ...currentHolder(linuxProcessTable), host: 'b' } });
    const holder = await sleeper();
    const dead = leaseHeldBy(repo, 'grt_1', holder.identity);
    await holder.kill();
    const taken = [a.tryAcquire('grt_1'), b.tryAcquire('grt_1')];
    expect(taken.filter((l) => l !== null)).toHaveLength(1);
    // The statement itself: a take naming the dead token succeeds only while that token holds it.
    const late = { grantId: 'grt_1', owner: 'late', pid: 1, expiresAt: Date.now() + 30_000, now: Date.now(), deadOwner: dead };
    expect(repo.take(late)).toBe(false);
    expect(repo.get('grt_1')?.owner).toBe(taken.find((l) => l !== null)!.owner);
  });
});
