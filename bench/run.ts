// `npm run bench`: runs every benchmark, each measured as a ratio against a floor taken in the
// same run, prints a table and writes bench/results.json; bench/README.md records the numbers.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatResults, overTarget, type BenchResult } from './lib/measure';

export type { BenchResult } from './lib/measure';

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
  // Chromium over the browser preview: needs /usr/bin/chromium and the renderer built.
  if (process.env.FIVEX_BENCH_SKIP_WORKSPACE !== '1') {
    const workspace = await import('./workspace-bench');
    suites.push(['workspace', workspace.runWorkspaceBench]);
  }
  const audit = await import('./audit-bench');
  suites.push(['audit', audit.runAuditBench]);
  return suites;
}

async function main(): Promise<void> {
  const all: BenchResult[] = [];
  for (const [name, run] of await load()) {
    console.log(`running ${name} ...`);
    all.push(...(await run()));
  }
  console.log(formatResults(all));
  writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, results: all }, null, 2)}\n`);
  if (overTarget(all)) process.exitCode = 1;
}

await main();
