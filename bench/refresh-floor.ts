// The floor of the refresh benchmark, as its own Node process: the same refresh requests the
// engine makes (same method, headers, client authentication and body), sent through the engine's
// own HTTP module (main/oauth/http.ts: whatever client stack it uses, the floor uses too), the
// same number at a time, with no engine, no vault and no SQLite. It prints one JSON line,
// {"ms", "cpuMs"}: wall and CPU time from its first request to its last answer.
// Run: node --import tsx bench/refresh-floor.ts   (FLOOR_URL, FLOOR_COUNT, FLOOR_CONCURRENCY in env)
import { performance } from 'node:perf_hooks';
import { send } from '../main/oauth/http';
import { defaultTransport } from '../main/oauth/http-transport';
import { DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT } from '../main/oauth/token-client';
import { BENCH_CLIENT_ID, BENCH_CLIENT_SECRET, seedRefreshToken } from './lib/refresh-fixture';

function envNumber(name: string): number {
  const value = Number(process.env[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`refresh-floor: set ${name} to a positive integer`);
  return value;
}

const url = new URL(process.env.FLOOR_URL ?? '');
const count = envNumber('FLOOR_COUNT');
const concurrency = envNumber('FLOOR_CONCURRENCY');
const http = { transport: defaultTransport(), timeoutMs: DEFAULT_TIMEOUT_MS, userAgent: DEFAULT_USER_AGENT };
const authorization = `Basic ${Buffer.from(`${BENCH_CLIENT_ID}:${BENCH_CLIENT_SECRET}`).toString('base64')}`;

let next = 0;
let failures = 0;
const start = performance.now();
const cpuAtStart = process.cpuUsage();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const i = next++;
      const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: seedRefreshToken(i) }).toString();
      const res = await send(
        { method: 'POST', url, headers: { authorization, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' }, body },
        http,
      );
      // The engine reads and parses every answer; so does the floor.
      const json = (await res.json()) as { refresh_token?: unknown };
      if (!res.ok || typeof json.refresh_token !== 'string') failures += 1;
    }
  }),
);
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpuAtStart);
process.stdout.write(`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, failures })}\n`);
