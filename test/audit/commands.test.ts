// `audit list|export|verify|prune` and the event `init` writes, as docs/cli-contract.md says,
// with the additive filters, the chain head on exports, and owner-only export files.
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli';

let dir: string;
let cleanup: () => void;
let vaultDir: string;
const v = (...args: string[]): string[] => ['--vault', vaultDir, ...args];

interface Event {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly tenant: string | null;
  readonly action: string;
  readonly outcome: string;
  readonly detail: Record<string, unknown>;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('fivex-audit-cmd-'));
  vaultDir = join(dir, 'vault');
  expect((await runCli(v('init'))).code).toBe(0);
  await runCli(v('tenant', 'add', 'Acme Foods'));
  await runCli(v('tenant', 'add', 'Blue Shoes'));
}, 60_000);
afterAll(() => cleanup());

// Each CLI run unlocks the vault with the default scrypt cost: generous timeouts for a busy machine.
describe('audit commands', { timeout: 120_000 }, () => {
  it('init writes the vault\'s first event', async () => {
    const all = (await runCli(v('audit', 'list', '--json'))).json<Event[]>();
    expect(all[0]).toMatchObject({ id: 1, action: 'vault.create', outcome: 'ok', actor: expect.stringMatching(/^os:/), tenant: null });
  });

  it('lists events with the contract fields, filtered by tenant, actor, action, outcome and time', async () => {
    const all = (await runCli(v('audit', 'list', '--json'))).json<Event[]>();
    expect(all.map((e) => e.action)).toEqual(['vault.create', 'tenant.add', 'tenant.add']);
    expect(Object.keys(all[0]!).sort()).toEqual(['action', 'actor', 'at', 'connection', 'detail', 'id', 'outcome', 'tenant']);
    const list = async (...args: string[]): Promise<number[]> => (await runCli(v('audit', 'list', ...args, '--json'))).json<Event[]>().map((e) => e.id);
    expect(await list('--tenant', 'Acme Foods')).toEqual([2]);
    expect(await list('--action', 'tenant.add', '--tenant', 'Blue Shoes')).toEqual([3]);
    expect(await list('--actor', all[0]!.actor, '--outcome', 'ok')).toEqual([1, 2, 3]);
    expect(await list('--actor', 'os:nobody')).toEqual([]);
    expect(await list('--outcome', 'refused')).toEqual([]);
    expect(await list('--since', all[1]!.at, '--until', all[2]!.at)).toEqual([2]);
    expect(await list('--since', '2999-01-01')).toEqual([]);
    const bad = await runCli(v('audit', 'list', '--until', 'tomorrow'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--until takes an ISO-8601 date/);
    expect((await runCli(v('audit', 'list', '--since', '2026-02-01', '--until', '2026-01-01'))).code).toBe(2);
    expect((await runCli(v('audit', 'list', '--tenant', 'Nobody Inc'))).code).toBe(1);
  });

  it('exports JSON to stdout as the contract\'s array, and audits the export', async () => {
    const r = await runCli(v('audit', 'export', '--format', 'json'));
    const events = JSON.parse(r.stdout) as Event[];
    expect(Array.isArray(events)).toBe(true);
    const last = (await runCli(v('audit', 'list', '--action', 'audit.export', '--json'))).json<Event[]>().at(-1)!;
    expect(last).toMatchObject({ outcome: 'ok', detail: { format: 'json', to: 'stdout', events: events.length, lastId: events.at(-1)!.id } });
  });

  it('exports JSON with --with-head as an envelope carrying the chain head', async () => {
    const r = await runCli(v('audit', 'export', '--format', 'json', '--with-head'));
    const doc = JSON.parse(r.stdout) as { head: Record<string, unknown>; events: Event[] };
    const verified = (await runCli(v('audit', 'verify', '--json'))).json<{ head: string }>();
    expect(doc.head).toMatchObject({ vault: expect.stringMatching(/^vlt_/), events: doc.events.length, lastId: doc.events.at(-1)!.id, verified: true, from: 1 });
    // The export itself was audited after it was read, so verify's head is one event further on.
    expect(doc.head.head).toMatch(/^[0-9a-f]{64}$/);
    expect(verified.head).not.toBe(doc.head.head);
    expect((await runCli(v('audit', 'export', '--format', 'csv', '--with-head'))).code).toBe(2);
  });

  it('exports CSV to a file with a header row and the head beside it, both owner-only even when they existed', async () => {
    const out = join(dir, 'audit.csv');
    writeFileSync(out, 'old contents\n');
    writeFileSync(`${out}.head.json`, '{}');
    chmodSync(out, 0o644);
    chmodSync(`${out}.head.json`, 0o666);
    const r = await runCli(v('audit', 'export', '--format', 'csv', '--out', out, '--json'));
    expect(r.code).toBe(0);
    const result = r.json<{ out: string; events: number; head: string; headFile: string }>();
    expect(result).toEqual({ out, events: expect.any(Number), head: expect.stringMatching(/^[0-9a-f]{64}$/), headFile: `${out}.head.json` });
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,at,actor,tenant,connection,action,outcome,detail');
    expect(lines).toHaveLength(result.events + 1);
    const head = JSON.parse(readFileSync(result.headFile, 'utf8')) as Record<string, unknown>;
    expect(head).toMatchObject({ format: 'csv', file: out, events: result.events, head: result.head, verified: true });
    expect(Number(lines.at(-1)!.split(',')[0])).toBe(head.lastId);
    if (process.platform !== 'win32') {
      expect(statSync(out).mode & 0o777).toBe(0o600);
      expect(statSync(result.headFile).mode & 0o777).toBe(0o600);
    }
    const failed = await runCli(v('audit', 'export', '--format', 'csv', '--out', join(dir, 'no-such-folder', 'x.csv')));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/cannot write .*choose another path/);
  });

  it('prunes before a time, keeping a checkpoint that verify starts from', async () => {
    const before = (await runCli(v('audit', 'list', '--json'))).json<Event[]>();
    const cut = before[2]!.at; // events 1 and 2 go
    const r = await runCli(v('audit', 'prune', '--before', cut, '--json'));
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ pruned: 2, throughId: 2, from: 3 });
    const after = (await runCli(v('audit', 'list', '--json'))).json<Event[]>();
    expect(after[0]!.id).toBe(3);
    expect(after.at(-1)).toMatchObject({ action: 'audit.prune', detail: { before: cut, pruned: 2, throughId: 2 } });
    const ok = await runCli(v('audit', 'verify', '--json'));
    expect(ok.code).toBe(0);
    expect(ok.json()).toMatchObject({ ok: true, from: 3, events: after.length, anchors: [{ store: 'sidecar', status: 'current' }] });
    expect((await runCli(v('audit', 'verify'))).stdout).toMatch(/intact from event 3/);
    expect((await runCli(v('audit', 'prune'))).code).toBe(2);
    expect((await runCli(v('audit', 'prune', '--before', '2999-01-01'))).code).toBe(2);
  });
});
