// THE table of the access tests, written from docs/cli-contract.md's "What each role may do"
// (not from main/access/matrix.ts, so a wrong matrix fails): action × role → allowed, for an
// operator acting within a tenant it holds a grant for. Both the CLI test (every command) and the
// IPC test (every channel) check against it.
import type { TestRole } from './support';

type Allowed = Readonly<Record<TestRole, boolean>>;
const r = (admin: 0 | 1, am: 0 | 1, support: 0 | 1, finance: 0 | 1, partner: 0 | 1, auditor: 0 | 1): Allowed => ({
  admin: admin === 1,
  account_manager: am === 1,
  support: support === 1,
  finance: finance === 1,
  partner: partner === 1,
  auditor: auditor === 1,
});

export const ALLOWED = {
  // `tenant list`, `connections`, `revoke --dry-run`, `dossier`: all / granted … / –
  'tenant.list': r(1, 1, 1, 1, 1, 0),
  'connection.list': r(1, 1, 1, 1, 1, 0),
  'revoke.preview': r(1, 1, 1, 1, 1, 0),
  dossier: r(1, 1, 1, 1, 1, 0),
  // `refresh`, `probe`
  'connection.refresh': r(1, 1, 1, 0, 1, 0),
  'connection.probe': r(1, 1, 1, 0, 1, 0),
  // `connect`, `reconnect`, `import`, `token`
  'connection.connect': r(1, 1, 0, 0, 1, 0),
  'connection.reconnect': r(1, 1, 0, 0, 1, 0),
  'connection.import': r(1, 1, 0, 0, 1, 0),
  token: r(1, 1, 0, 0, 1, 0),
  // `pause`, `resume`, `revoke --yes`, `transfer`, `tenant add`
  'connection.pause': r(1, 1, 0, 0, 0, 0),
  'connection.resume': r(1, 1, 0, 0, 0, 0),
  'connection.revoke': r(1, 1, 0, 0, 0, 0),
  'connection.transfer': r(1, 1, 0, 0, 0, 0),
  'tenant.add': r(1, 1, 0, 0, 0, 0),
  // `app set`, `connector add`, `webhook …`, `operator …`, `grant …`, `handover`
  'app.set': r(1, 0, 0, 0, 0, 0),
  'connector.add': r(1, 0, 0, 0, 0, 0),
  webhook: r(1, 0, 0, 0, 0, 0),
  operator: r(1, 0, 0, 0, 0, 0),
  grant: r(1, 0, 0, 0, 0, 0),
  handover: r(1, 0, 0, 0, 0, 0),
  // `audit list`, `audit export`, `audit verify`
  'audit.list': r(1, 1, 0, 1, 0, 1),
  'audit.export': r(1, 1, 0, 1, 0, 1),
  'audit.verify': r(1, 1, 0, 1, 0, 1),
  // Beyond the contract's table (main/access/matrix.ts decides these; the tests pin them).
  'connector.list': r(1, 1, 1, 1, 1, 1),
  'audit.prune': r(1, 0, 0, 0, 0, 0),
  monitor: r(1, 0, 0, 0, 0, 0),
  demo: r(1, 0, 0, 0, 0, 0),
  'settings.set': r(1, 0, 0, 0, 0, 0),
  'app.list': r(1, 0, 0, 0, 0, 0),
  'workspace.status': r(1, 1, 1, 1, 1, 1),
} as const satisfies Record<string, Allowed>;

export type TestAction = keyof typeof ALLOWED;
