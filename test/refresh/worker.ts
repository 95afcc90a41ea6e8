// A separate process for the cross-process specs: opens the same vault file, builds its own
// credential engine (own promise map, own SQLite connection), says {"ready":true}, waits for a
// "go" line on stdin, refreshes one connection and prints the outcome as one JSON line.
// Run: node --import tsx test/refresh/worker.ts  (configuration in env, never a secret in argv)
//   FIVEX_VAULT_DIR, FIVEX_VAULT_PASSPHRASE, WORKER_CONNECTION, WORKER_CONNECTOR (JSON overrides
//   for the fixtures' test connector), WORKER_LEASE_TTL_MS
import { createInterface } from 'node:readline';
import { createTokenClient } from '../../main/oauth/token-client';
import { AppRegistrationsRepo } from '../../main/repos/app-registrations';
import { createCredentialEngine } from '../../main/refresh';
import { openVault } from '../../main/vault';
import { testConnector } from '../oauth/token/fixtures';
import type { ConnectorOverrides } from '../oauth/token/fixtures';
import { engineRepos } from './support/engine-repos';

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`worker: set ${name}`);
  return v;
}

const vault = openVault(env('FIVEX_VAULT_DIR'), { passphrase: env('FIVEX_VAULT_PASSPHRASE') });
const connector = testConnector(JSON.parse(env('WORKER_CONNECTOR')) as ConnectorOverrides);
const registrations = new AppRegistrationsRepo(vault);
const ttlMs = Number(process.env.WORKER_LEASE_TTL_MS ?? 30_000);
const engine = createCredentialEngine({
  vault,
  repos: engineRepos(vault),
  tokenClient: createTokenClient({ timeoutMs: 20_000 }),
  connectors: (id) => (id === connector.id ? connector : undefined),
  registrations: (id) => registrations.get(id),
  options: { lease: { ttlMs, pollMs: 20, waitMs: 60_000 } },
});

const lines = createInterface({ input: process.stdin });
process.stdout.write(`${JSON.stringify({ ready: true, pid: process.pid })}\n`);
for await (const line of lines) {
  if (line.trim() !== 'go') continue;
  const r = await engine.refresh.refreshConnection(env('WORKER_CONNECTION'), { force: true, actor: `worker:${process.pid}` });
  process.stdout.write(`${JSON.stringify({ outcome: r.outcome, reason: r.reason, state: r.connection.state })}\n`);
  break;
}
lines.close();
vault.close();
