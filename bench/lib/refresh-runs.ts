// One measured run of each side of the refresh benchmark, each its own Node process:
//  - the product: the built CLI, `fivex-connect monitor --once`, exactly as a user runs it, timed
//    from the scheduler's first tick (vault unlocked, services built) to process exit by a
//    preloaded diagnostics_channel subscriber (run-due-timer.mjs), so start-up and unlock are
//    timed apart and taken off;
//  - the floor: bench/refresh-floor.ts, the same HTTP requests through the engine's HTTP module.
// Set BENCH_CPU_PROF=DIR to write a CPU profile of every CLI run (node --cpu-prof) into DIR.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BENCH_PASSPHRASE } from './refresh-fixture';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI_BIN = join(ROOT, 'bin', 'fivex-connect.js');
const TIMER = join(ROOT, 'bench', 'lib', 'run-due-timer.mjs');
const FLOOR = join(ROOT, 'bench', 'refresh-floor.ts');

export interface CliRun {
  /** First tick to exit. */
  readonly engineMs: number;
  /** Process start to first tick: Node start-up, module loading, unlock, services. */
  readonly startupMs: number;
  /** CPU time (user + system) of the timed part. */
  readonly cpuMs: number;
  readonly summary: { readonly due: number; readonly refreshed: number; readonly failed: number };
}

function run(args: ReadonlyArray<string>, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    // Never spawnSync: the token endpoint answers from this process's event loop.
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

export function assertCliBuilt(): void {
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) throw new Error('the refresh bench runs the built CLI: run `npx electron-vite build` first');
}

/**
 * `monitor --once` on the vault in `dir` (the passphrase goes by env, never argv). `cliBin` runs
 * another build's entry script instead (refresh-ab.ts: a copy of the CLI before a change).
 */
export async function runMonitorOnce(dir: string, cliBin: string = CLI_BIN): Promise<CliRun> {
  const timing = join(dir, 'bench-timing.json');
  const profile = process.env.BENCH_CPU_PROF;
  const args = [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), '--import', TIMER, cliBin, '--vault', dir, '--json', 'monitor', '--once'];
  const r = await run(args, { FIVEX_VAULT_PASSPHRASE: BENCH_PASSPHRASE, FIVEX_BENCH_TIMING_FILE: timing });
  if (r.code !== 0) throw new Error(`monitor --once exited ${String(r.code)}: ${r.stderr.slice(0, 500)}`);
  const t = JSON.parse(readFileSync(timing, 'utf8')) as { engineMs?: number; startupMs?: number; cpuMs?: number; ticks: number };
  if (t.engineMs === undefined || t.startupMs === undefined || t.cpuMs === undefined || t.ticks !== 1) throw new Error(`monitor --once ran ${t.ticks} ticks; expected exactly one`);
  return { engineMs: t.engineMs, startupMs: t.startupMs, cpuMs: t.cpuMs, summary: JSON.parse(r.stdout) as CliRun['summary'] };
}

/** The bare loop: `count` refresh requests, `concurrency` at a time; wall and CPU ms. */
export async function runFloor(url: string, count: number, concurrency: number): Promise<{ readonly ms: number; readonly cpuMs: number }> {
  const r = await run(['--import', 'tsx', FLOOR], { FLOOR_URL: url, FLOOR_COUNT: String(count), FLOOR_CONCURRENCY: String(concurrency) });
  if (r.code !== 0) throw new Error(`the floor exited ${String(r.code)}: ${r.stderr.slice(0, 500)}`);
  const out = JSON.parse(r.stdout) as { ms: number; cpuMs: number; failures: number };
  if (out.failures !== 0) throw new Error(`the floor saw ${out.failures} failed requests`);
  return { ms: out.ms, cpuMs: out.cpuMs };
}
