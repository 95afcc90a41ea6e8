// Refresh benchmarks, the refresh path as users run it:
//  (a) `fivex-connect monitor --once` as a CLI child process over 1,000 due connections (rotating
//      refresh tokens, a local token endpoint answering after 10 ms) at 4, 8 and 16 at a time,
//      against the floor: a separate Node process making the same HTTP requests through the
//      engine's HTTP module at the same concurrency (target ≤ 1.1×). Start-up and unlock are
//      timed apart (reported, not counted);
//  (b) the scheduler tick with 100 of 10,000 connections due, the same way (CLI vs floor of 100
//      requests), and a quiet tick (nothing due) over 10,000 connections, in-process (no floor).
// Both sides of each pair alternate who goes first; the median of REPETITIONS runs is taken.
// Standalone: `npx tsx bench/refresh-bench.ts` (needs `npx electron-vite build`); bench/run.ts
// calls runRefreshBench(). BENCH_REPETITIONS overrides the repetitions; BENCH_CPU_PROF=DIR profiles;
// BENCH_REFRESH_ONLY=8 (or 4, 16, tick) runs that one row, e.g. to profile a single concurrency.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createServices } from '../main/services';
import { openVault } from '../main/vault';
import { formatResults, median, overTarget, type BenchResult } from './lib/measure';
import { BENCH_PASSPHRASE, seedVault, startTokenEndpoint, type TokenEndpoint } from './lib/refresh-fixture';
import { assertCliBuilt, runFloor, runMonitorOnce } from './lib/refresh-runs';

const REFRESHES = 1_000;
const CONCURRENCIES = [4, 8, 16] as const;
const LATENCY_MS = 10;
const TICK_CONNECTIONS = 10_000;
const TICK_DUE = 100;
// The connectors' default maxConcurrentRefreshes: what a tick runs at in practice.
const TICK_CONCURRENCY = 4;
const TARGET = 1.1;
const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 5);
const ONLY = process.env.BENCH_REFRESH_ONLY;
const runs = (row: string) => ONLY === undefined || ONLY === row;

interface Paired {
  readonly value: number;
  readonly floor: number;
  readonly startup: number;
  readonly cpu: number;
  readonly floorCpu: number;
}

/** CLI and floor alternately, each on a fresh copy of the seeded vault; medians of each. */
async function pairedRuns(endpoint: TokenEndpoint, connections: number, due: number, concurrency: number): Promise<Paired> {
  const seed = seedVault({ tokenUrl: endpoint.url, connections, dueEvery: connections / due, concurrency });
  const values: number[] = [];
  const floors: number[] = [];
  const startups: number[] = [];
  const cpus: number[] = [];
  const floorCpus: number[] = [];
  const floor = async () => {
    const f = await runFloor(endpoint.url, due, concurrency);
    floors.push(f.ms);
    floorCpus.push(f.cpuMs);
  };
  try {
    for (let round = 0; round < REPETITIONS; round += 1) {
      if (round % 2 === 1) await floor();
      const before = endpoint.answered();
      const cli = await runMonitorOnce(seed.copy());
      // A refresh that did not reach the token endpoint, or failed, would flatter the product side.
      if (cli.summary.refreshed !== due || cli.summary.failed !== 0 || endpoint.answered() - before !== due) {
        throw new Error(`monitor --once refreshed ${cli.summary.refreshed} of ${due} (${endpoint.answered() - before} token requests)`);
      }
      values.push(cli.engineMs);
      startups.push(cli.startupMs);
      cpus.push(cli.cpuMs);
      if (round % 2 === 0) await floor();
    }
  } finally {
    rmSync(dirname(seed.template), { recursive: true, force: true });
  }
  return { value: median(values), floor: median(floors), startup: median(startups), cpu: median(cpus), floorCpu: median(floorCpus) };
}

/** What a monitor pays per tick on a quiet vault: the due queries, nothing else. */
async function quietTick(endpoint: TokenEndpoint): Promise<number> {
  const seed = seedVault({ tokenUrl: endpoint.url, connections: TICK_CONNECTIONS, dueEvery: TICK_CONNECTIONS + 1, concurrency: TICK_CONCURRENCY });
  const vault = openVault(seed.copy(), { passphrase: BENCH_PASSPHRASE });
  try {
    const { engine } = createServices(vault);
    // Connection 0 is due (0 % n === 0): the first tick refreshes it, the rest are quiet.
    await engine.scheduler.runDue();
    const samples: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const t = performance.now();
      const r = await engine.scheduler.runDue();
      samples.push(performance.now() - t);
      if (r.due !== 0) throw new Error('a quiet tick found work');
    }
    return median(samples);
  } finally {
    vault.close();
    rmSync(dirname(seed.template), { recursive: true, force: true });
  }
}

/** Reference rows under a pair: CPU time of both sides (steadier on a busy machine), and start-up. */
function details(r: Paired): BenchResult[] {
  return [
    { name: '  CPU time of the same runs (reference)', value: r.cpu, floor: r.floorCpu, ratio: r.cpu / r.floorCpu, target: null, unit: 'ms' },
    { name: '  start-up + unlock of that CLI (timed apart, not counted)', value: r.startup, floor: null, ratio: null, target: null, unit: 'ms' },
  ];
}

export async function runRefreshBench(): Promise<BenchResult[]> {
  assertCliBuilt();
  const endpoint = await startTokenEndpoint(LATENCY_MS);
  const results: BenchResult[] = [];
  try {
    for (const concurrency of CONCURRENCIES) {
      if (!runs(String(concurrency))) continue;
      const r = await pairedRuns(endpoint, REFRESHES, REFRESHES, concurrency);
      const name = `monitor --once (CLI): ${REFRESHES} refreshes, ${LATENCY_MS} ms endpoint, ${concurrency} at a time`;
      results.push({ name, value: r.value, floor: r.floor, ratio: r.value / r.floor, target: TARGET, unit: 'ms' });
      results.push(...details(r));
    }
    if (!runs('tick')) return results;
    const tick = await pairedRuns(endpoint, TICK_CONNECTIONS, TICK_DUE, TICK_CONCURRENCY);
    const name = `monitor --once (CLI): ${TICK_DUE} of ${TICK_CONNECTIONS} connections due, ${TICK_CONCURRENCY} at a time`;
    results.push({ name, value: tick.value, floor: tick.floor, ratio: tick.value / tick.floor, target: TARGET, unit: 'ms' });
    results.push(...details(tick));
    results.push({ name: `scheduler tick over ${TICK_CONNECTIONS} connections, nothing due (in-process)`, value: await quietTick(endpoint), floor: null, ratio: null, target: null, unit: 'ms' });
  } finally {
    await endpoint.close();
  }
  return results;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runRefreshBench();
  console.log(`median of ${REPETITIONS} runs, node ${process.version}`);
  console.log(formatResults(results));
  if (overTarget(results)) process.exitCode = 1;
}
