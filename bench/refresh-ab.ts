// Before and after in one run: two builds of the CLI (BENCH_BEFORE_BIN, e.g. a copy of bin/ and
// out/ taken before a change, and this tree's bin/fivex-connect.js) run `monitor --once`
// alternately on copies of the same seeded vault, each pair with a floor run, at one concurrency.
// Prints the medians of wall and CPU time for each side and the per-pair after ÷ before ratio.
// Run: BENCH_BEFORE_BIN=/tmp/before/bin/fivex-connect.js npx tsx bench/refresh-ab.ts
//      (BENCH_AB_CONCURRENCY=8, BENCH_AB_CONNECTIONS=1000, BENCH_AB_DUE=1000, BENCH_REPETITIONS=5)
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { median } from './lib/measure';
import { seedVault, startTokenEndpoint } from './lib/refresh-fixture';
import { assertCliBuilt, runFloor, runMonitorOnce, type CliRun } from './lib/refresh-runs';

const before = process.env.BENCH_BEFORE_BIN;
if (!before) throw new Error('refresh-ab: set BENCH_BEFORE_BIN to the entry script of the build to compare against');
const after = join(resolve(import.meta.dirname, '..'), 'bin', 'fivex-connect.js');
const concurrency = Number(process.env.BENCH_AB_CONCURRENCY ?? 8);
const connections = Number(process.env.BENCH_AB_CONNECTIONS ?? 1000);
const due = Number(process.env.BENCH_AB_DUE ?? connections);
const pairs = Number(process.env.BENCH_REPETITIONS ?? 5);

assertCliBuilt();
const endpoint = await startTokenEndpoint(10);
const seed = seedVault({ tokenUrl: endpoint.url, connections, dueEvery: connections / due, concurrency });
const runs = { before: [] as CliRun[], after: [] as CliRun[], floor: [] as { ms: number; cpuMs: number }[] };

async function cli(bin: string): Promise<CliRun> {
  const n = endpoint.answered();
  const r = await runMonitorOnce(seed.copy(), bin);
  if (r.summary.refreshed !== due || r.summary.failed !== 0 || endpoint.answered() - n !== due) throw new Error(`${bin} refreshed ${r.summary.refreshed} of ${due}`);
  return r;
}

try {
  for (let i = 0; i < pairs; i += 1) {
    // Who goes first alternates, so neither side always runs on a warmer (or busier) machine.
    const order = i % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
    for (const side of order) runs[side].push(await cli(side === 'before' ? before : after));
    runs.floor.push(await runFloor(endpoint.url, due, concurrency));
    const [b, a, f] = [runs.before[i]!, runs.after[i]!, runs.floor[i]!];
    console.log(`pair ${i + 1}: before ${b.engineMs.toFixed(0)} ms (cpu ${b.cpuMs.toFixed(0)}), after ${a.engineMs.toFixed(0)} ms (cpu ${a.cpuMs.toFixed(0)}), floor ${f.ms.toFixed(0)} ms (cpu ${f.cpuMs.toFixed(0)})`);
  }
} finally {
  await endpoint.close();
  rmSync(dirname(seed.template), { recursive: true, force: true });
}

const m = (xs: ReadonlyArray<number>) => median([...xs]);
const floorMs = m(runs.floor.map((r) => r.ms));
const floorCpu = m(runs.floor.map((r) => r.cpuMs));
for (const side of ['before', 'after'] as const) {
  const wall = m(runs[side].map((r) => r.engineMs));
  const cpu = m(runs[side].map((r) => r.cpuMs));
  console.log(`${side}: wall ${wall.toFixed(0)} ms (${(wall / floorMs).toFixed(2)}× floor ${floorMs.toFixed(0)}), cpu ${cpu.toFixed(0)} ms (${(cpu / floorCpu).toFixed(2)}× floor ${floorCpu.toFixed(0)})`);
}
const perPair = runs.after.map((a, i) => a.engineMs / runs.before[i]!.engineMs);
console.log(`wall after ÷ before per pair, median: ${m(perPair).toFixed(2)}; c${concurrency}, ${due} of ${connections} due, ${pairs} pairs`);
