// verify() while another process appends: the log only grows, and verify reads the anchors, then
// the head, then the chain, so a concurrent append can never look like a rollback or a cut-off end.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AuditLog } from '../../main/audit/audit-log';
import { AuditEventsRepo } from '../../main/repos/audit-events';
import { createVault } from '../../main/vault';
import { REPO_ROOT, tempDir, TEST_PASSPHRASE } from '../support/cli';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

it('never reports a healthy log as rolled back or truncated while another process appends', async () => {
  const vaultDir = join(dir, 'vault');
  const vault = createVault(vaultDir, { passphrase: TEST_PASSPHRASE, scrypt: { N: 2 ** 10, r: 8, p: 1 } });
  const log = new AuditLog(vault, new AuditEventsRepo(vault.db));
  log.append({ actor: 'os:tester', action: 'vault.create', outcome: 'ok' });
  const child = spawn(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [join(import.meta.dirname, 'fixtures', 'append-loop.ts'), vaultDir, TEST_PASSPHRASE, '400'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const results: string[] = [];
  let running = true;
  void exited.then(() => (running = false));
  while (running) {
    const r = await log.verify();
    results.push(r.ok ? 'ok' : r.reason);
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(await exited).toBe(0);
  expect(results.length).toBeGreaterThan(5);
  expect(results.filter((r) => r !== 'ok')).toEqual([]);
  expect(await log.verify()).toMatchObject({ ok: true, events: 401, anchors: [{ status: 'current', counter: 401 }] });
  vault.close();
}, 60_000);
