// A real vault in a temp dir with tenants, connections and one operator of each role, for the
// access tests; and a read of everything but the audit log, to show a refusal changed nothing.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createDesktopApi, type DesktopApi } from '../../main/desktop/api';
import { NO_LAUNCH_AT_LOGIN } from '../../main/desktop/types';
import { createVault, VAULT_FILE_NAME } from '../../main/vault';
import { runCli, tempDir, TEST_PASSPHRASE, type CliRun } from '../support/cli';

export const ROLES = ['admin', 'account_manager', 'support', 'finance', 'partner', 'auditor'] as const;
export type TestRole = (typeof ROLES)[number];
export const PIN = 'pin-123456';
/** The operator of each role: `<role>1`. */
export const nameOf = (role: TestRole): string => `${role.replace('_', '-')}1`;

export interface World {
  readonly vault: string;
  readonly dir: string;
  readonly cleanup: () => void;
  /** Tenant A is granted to every role that needs grants; B to none. */
  readonly conA: string;
  readonly conB: string;
  run(as: TestRole | null, args: ReadonlyArray<string>, opts?: { stdin?: string; env?: NodeJS.ProcessEnv }): Promise<CliRun>;
  /** Everything in the vault but the audit log and sign-in counters. */
  state(): string;
  lastAudit(): { actor: string; action: string; outcome: string; tenant_id: string | null; connection_id: string | null; detail: string };
  auditCount(outcome?: string): number;
  importConnection(tenant: string, account: string): Promise<string>;
}

function ok(run: CliRun, what: string): CliRun {
  expect(run.code, `${what}: ${run.stderr}`).toBe(0);
  return run;
}

export async function makeWorld(opts: { operators?: boolean } = {}): Promise<World> {
  const { dir, cleanup } = tempDir('fivex-access-');
  const vault = join(dir, 'vault');
  createVault(vault, { passphrase: TEST_PASSPHRASE, scrypt: { N: 2 ** 10, r: 8, p: 1 } }).close();
  const run: World['run'] = (as, args, o = {}) =>
    runCli(['--vault', vault, '--json', ...args], {
      ...(o.stdin !== undefined ? { stdin: o.stdin } : {}),
      env: { ...(as === null ? {} : { FIVEX_OPERATOR: nameOf(as), FIVEX_OPERATOR_PIN: PIN }), ...o.env },
    });
  const db = (): Database.Database => new Database(join(vault, VAULT_FILE_NAME), { readonly: true, fileMustExist: true });
  const query = <T>(fn: (d: Database.Database) => T): T => {
    const d = db();
    try {
      return fn(d);
    } finally {
      d.close();
    }
  };
  const importAs = async (as: TestRole | null, tenant: string, account: string): Promise<string> => {
    const line = JSON.stringify({ tenant, connector: 'demo', account, refreshToken: `rt-${account.replace(/\W/g, "")}-0123456789abcdef` });
    ok(await run(as, ['import', '-'], { stdin: `${line}\n` }), `import ${account}`);
    return query((d) => d.prepare<[string], { id: string }>('SELECT id FROM connections WHERE account = ?').get(account)!.id);
  };
  ok(await run(null, ['app', 'set', 'demo', '--client-id', 'demo-client', '--param', 'baseUrl=http://127.0.0.1:9']), 'app set');
  ok(await run(null, ['tenant', 'add', 'Tenant A']), 'tenant A');
  ok(await run(null, ['tenant', 'add', 'Tenant B']), 'tenant B');
  const conA = await importAs(null, 'Tenant A', 'Shop A');
  const conB = await importAs(null, 'Tenant B', 'Shop B');
  if (opts.operators !== false) {
    ok(await run(null, ['operator', 'add', nameOf('admin'), '--role', 'admin', '--pin-env', 'P'], { env: { P: PIN } }), 'first admin');
    for (const role of ROLES.slice(1)) {
      ok(await run('admin', ['operator', 'add', nameOf(role), '--role', role, '--pin-env', 'P'], { env: { P: PIN } }), `add ${role}`);
      if (role !== 'auditor') ok(await run('admin', ['grant', 'add', nameOf(role), 'Tenant A']), `grant ${role}`);
    }
  }
  return {
    vault,
    dir,
    cleanup,
    conA,
    conB,
    run,
    importConnection: (tenant, account) => importAs(opts.operators === false ? null : 'admin', tenant, account),
    state: () =>
      query((d) => {
        const dump = (sql: string): unknown => d.prepare(sql).all();
        const doc = {
          tenants: dump('SELECT * FROM tenants ORDER BY id'),
          connections: dump('SELECT * FROM connections ORDER BY id'),
          credentials: dump('SELECT * FROM credentials ORDER BY 1'),
          operators: dump('SELECT id, name, role, pin_hash, created_at, disabled_at FROM operators ORDER BY id'),
          grants: dump('SELECT * FROM access_grants ORDER BY id'),
          apps: dump('SELECT * FROM app_registrations ORDER BY 1'),
          custom: dump('SELECT * FROM custom_connectors ORDER BY 1'),
          // The audit chain's head moves with every event; the log itself is checked apart.
          settings: dump("SELECT * FROM settings WHERE key != 'audit_head' ORDER BY 1"),
          consent: dump('SELECT * FROM consent_sessions ORDER BY 1'),
        };
        return createHash('sha256').update(JSON.stringify(doc, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))).digest('hex');
      }),
    lastAudit: () => query((d) => d.prepare('SELECT actor, action, outcome, tenant_id, connection_id, detail FROM audit_events ORDER BY id DESC LIMIT 1').get() as ReturnType<World['lastAudit']>),
    auditCount: (outcome) =>
      query((d) => (d.prepare('SELECT COUNT(*) AS n FROM audit_events WHERE outcome = COALESCE(?, outcome)').get(outcome ?? null) as { n: number }).n),
  };
}

/** The desktop API over a world's vault, as the browser preview builds it (still locked). */
export function desktopOn(world: World): DesktopApi {
  return createDesktopApi({
    vaultDir: world.vault,
    keychain: null,
    launchAtLogin: NO_LAUNCH_AT_LOGIN,
    actor: 'os:tester',
    mode: 'preview',
    version: '0.0.0-test',
    log: () => undefined,
    browser: { kind: 'link' },
    schedulerTickMs: 3_600_000,
  });
}
