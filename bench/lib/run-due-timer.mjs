// Preloaded into the CLI process by the refresh benchmark (node --import): times the process from
// the scheduler's first tick ("engine ready": vault unlocked, services built) to its exit, which
// includes the vault's close, and writes {"engineMs","startupMs","cpuMs"} to FIVEX_BENCH_TIMING_FILE.
// Plain .mjs so that the measured process loads no TypeScript tooling.
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const out = process.env.FIVEX_BENCH_TIMING_FILE;
let started = null;
let cpuAtStart = null;
let ticks = 0;
subscribe('fivex:scheduler:run-due', (message) => {
  if (message.phase === 'start' && started === null) {
    started = performance.now();
    cpuAtStart = process.cpuUsage();
  }
  if (message.phase === 'end') ticks += 1;
});
process.on('exit', () => {
  if (!out) return;
  const end = performance.now();
  // CPU time (user + system) of the timed part: steadier than wall time on a busy machine.
  const cpu = started === null ? null : process.cpuUsage(cpuAtStart);
  const cpuMs = cpu === null ? null : (cpu.user + cpu.system) / 1000;
  writeFileSync(out, JSON.stringify(started === null ? { ticks } : { engineMs: end - started, startupMs: started, cpuMs, ticks }));
});
