// The permission matrix of docs/cli-contract.md ("Operators, roles and grants"), as one typed
// table: for each action, what each role may do. `all`: anywhere; `granted`: only within tenants
// the operator holds an unexpired grant for (narrowed to one connector where the grant says so);
// `none`: never. The contract's ✓ means `granted` for roles that need grants (naming a tenant
// without a grant is refused the same way) and `all` for admin. Actions without a tenant (adding
// a tenant, say) treat `granted` as allowed. The CLI's commands and the desktop's channels only
// name an action from here; main/access/access-service.ts decides.
export const ROLES = ['admin', 'account_manager', 'support', 'finance', 'partner', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export type Reach = 'all' | 'granted' | 'none';

type Row = Readonly<Record<Role, Reach>>;

const row = (admin: Reach, accountManager: Reach, support: Reach, finance: Reach, partner: Reach, auditor: Reach): Row => ({
  admin,
  account_manager: accountManager,
  support,
  finance,
  partner,
  auditor,
});

const READ = row('all', 'granted', 'granted', 'granted', 'granted', 'none');
const OPERATE = row('all', 'granted', 'granted', 'none', 'granted', 'none');
const CONNECT = row('all', 'granted', 'none', 'none', 'granted', 'none');
const MANAGE = row('all', 'granted', 'none', 'none', 'none', 'none');
const ADMIN = row('all', 'none', 'none', 'none', 'none', 'none');
const AUDIT = row('all', 'granted', 'none', 'granted', 'none', 'all');
const ANYONE = row('all', 'all', 'all', 'all', 'all', 'all');

export const MATRIX = {
  // `tenant list`, `connections`, `revoke --dry-run`, `dossier`
  'tenant.list': READ,
  'connection.list': READ,
  'revoke.preview': READ,
  dossier: READ,
  // `refresh`, `probe`
  'connection.refresh': OPERATE,
  'connection.probe': OPERATE,
  // `connect`, `reconnect`, `import`
  'connection.connect': CONNECT,
  'connection.reconnect': CONNECT,
  'connection.import': CONNECT,
  // `token` (credential use)
  token: CONNECT,
  // `pause`, `resume`, `revoke --yes`, `transfer`, `tenant add`
  'connection.pause': MANAGE,
  'connection.resume': MANAGE,
  'connection.revoke': MANAGE,
  'connection.transfer': MANAGE,
  'tenant.add': MANAGE,
  // `app set`, `connector add`, `webhook …`, `operator …`, `grant …`, `handover`
  'app.set': ADMIN,
  'connector.add': ADMIN,
  webhook: ADMIN,
  operator: ADMIN,
  grant: ADMIN,
  handover: ADMIN,
  // `audit list`, `audit export`, `audit verify`
  'audit.list': AUDIT,
  'audit.export': AUDIT,
  'audit.verify': AUDIT,
  // Not in the contract's table; decided here. The connector catalogue holds no client data.
  'connector.list': ANYONE,
  // Deleting audit history, the background monitor over every tenant, the demo (it rewrites
  // the demo connector's app registration), settings and app registrations: agency-wide.
  'audit.prune': ADMIN,
  monitor: ADMIN,
  demo: ADMIN,
  'settings.set': ADMIN,
  'app.list': ADMIN,
  // The desktop's overview (counts only, over the tenants the operator sees).
  'workspace.status': row('all', 'all', 'all', 'all', 'all', 'all'),
} as const satisfies Record<string, Row>;

export type Action = keyof typeof MATRIX;
export const ACTIONS = Object.keys(MATRIX) as ReadonlyArray<Action>;

export function reachOf(action: Action, role: Role): Reach {
  return MATRIX[action][role];
}

/** What a refusal says the role may not do, in words. */
export const ACTION_WORDS: Readonly<Record<Action, string>> = {
  'tenant.list': 'list tenants',
  'connection.list': 'list connections',
  'revoke.preview': 'preview a revocation',
  dossier: 'build an access dossier',
  'connection.refresh': 'refresh connections',
  'connection.probe': 'probe connections',
  'connection.connect': 'connect marketplaces',
  'connection.reconnect': 'reconnect connections',
  'connection.import': 'import connections',
  token: 'use credentials (token)',
  'connection.pause': 'pause connections',
  'connection.resume': 'resume connections',
  'connection.revoke': 'revoke connections',
  'connection.transfer': 'transfer connections',
  'tenant.add': 'add tenants',
  'app.set': 'set app registrations',
  'connector.add': 'add connectors',
  webhook: 'change the webhook',
  operator: 'manage operators',
  grant: 'manage grants',
  handover: 'hand over ownership',
  'audit.list': 'list the audit log',
  'audit.export': 'export the audit log',
  'audit.verify': 'verify the audit log',
  'connector.list': 'list connectors',
  'audit.prune': 'prune the audit log',
  monitor: 'run the monitor',
  demo: 'run the demo',
  'settings.set': 'change settings',
  'app.list': 'see app registrations',
  'workspace.status': 'see the workspace status',
};

export function isRole(value: string): value is Role {
  return (ROLES as ReadonlyArray<string>).includes(value);
}
