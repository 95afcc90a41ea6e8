// `npm run bench`: runs every benchmark, each measured as a ratio against a floor taken in the
// same run, prints a table and writes bench/results.json; bench/README.md records the numbers.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly floor: number | null;
  readonly ratio: number | null;
  readonly target: number | null;
  readonly unit: string;
}

type Suite = () => Promise<BenchResult[]>;

async function load(): Promise<Array<[string, Suite]>> {
  const suites: Array<[string, Suite]> = [];
  const vault = await import('./vault-bench');
  suites.push(['vault', vault.runVaultBench]);
  try {
    const refresh = await import('./refresh-bench');
    suites.push(['refresh', refresh.runRefreshBench]);
  } catch (err) {
    console.warn(`refresh bench not available: ${(err as Error).message}`);
  }
  return suites;
}

async function main(): Promise<void> {
  const all: BenchResult[] = [];
  for (const [name, run] of await load()) {
    console.log(`running ${name} ...`);
    all.push(...(await run()));
  }
  const rows = all.map((r) => [
    r.name,
    `${r.value.toFixed(2)} ${r.unit}`,
    r.floor === null ? '-' : `${r.floor.toFixed(2)} ${r.unit}`,
    r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`,
    r.target === null ? '-' : `<= ${r.target}x`,
    r.ratio === null || r.target === null ? '' : r.ratio <= r.target ? 'ok' : 'OVER',
  ]);
  const header = ['benchmark', 'value', 'floor', 'ratio', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [header, ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, results: all }, null, 2)}\n`);
  if (all.some((r) => r.ratio !== null && r.target !== null && r.ratio > r.target)) process.exitCode = 1;
}

await main();
