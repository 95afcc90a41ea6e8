// The permission matrix (main/access/matrix.ts) for every invoke channel: the action a channel
// takes, what its argument names (resolved to a tenant), and for lists how to leave out what the
// principal has no grant for. `null`: the channel only reads or changes the app, the vault's lock
// or the operator session, and needs no permission. The dispatcher (main/desktop/dispatch.ts)
// runs the check before the handler; main/access decides.
import type { Action } from '../access/matrix';
import type { Scope } from '../access/principal';
import type { Services } from '../services';
import type { InvokeChannel } from '../../preload/contract';

/** Whether the principal sees a tenant (and, narrowed, a connector of it). */
export type Sees = (tenantId: string | null, connector?: string) => boolean;

export interface ChannelRule {
  readonly action: Action;
  readonly scope?: (args: never, s: Services) => Scope;
  readonly filter?: (reply: never, sees: Sees) => unknown;
}

/** Names no tenant: a granted role may not take an action over every tenant at once. */
export const EVERY_TENANT = '(every tenant)';

const connectionArg = (args: { connectionId: string }, s: Services): Scope => {
  const row = s.engine.store.get(args.connectionId);
  return row ? { tenantId: row.tenantId, connectionId: row.id, connector: row.connectorId } : { connectionId: args.connectionId };
};
const tenantArg = (args: { tenantId: string }): Scope => ({ tenantId: args.tenantId });
const tenants = (reply: ReadonlyArray<{ id: string }>, sees: Sees) => reply.filter((t) => sees(t.id));
const connections = (reply: ReadonlyArray<{ tenantId: string; connectorId: string }>, sees: Sees) => reply.filter((c) => sees(c.tenantId, c.connectorId));
const connectTarget = (args: { tenantId: string; connectorId: string }): Scope => ({ tenantId: args.tenantId, connector: args.connectorId });
const onConnection = (action: Action): ChannelRule => ({ action, scope: connectionArg });

export const CHANNEL_ACCESS: Readonly<Record<InvokeChannel, ChannelRule | null>> = {
  'app:info': null,
  'app:launchAtLogin': null,
  // This computer's login item, not vault data.
  'app:setLaunchAtLogin': null,
  'vault:status': null,
  'vault:create': null,
  'vault:unlock': null,
  'vault:lock': null,
  'session:operators': null,
  'session:signIn': null,
  'session:signOut': null,
  'session:current': null,
  'session:permissions': null,
  'tenants:list': { action: 'tenant.list', filter: tenants },
  'tenants:add': { action: 'tenant.add' },
  'connectors:list': { action: 'connector.list' },
  'connections:list': { action: 'connection.list', scope: tenantArg, filter: connections },
  'connections:refresh': onConnection('connection.refresh'),
  'connections:reconnect': onConnection('connection.reconnect'),
  'connections:pause': onConnection('connection.pause'),
  'connections:resume': onConnection('connection.resume'),
  'connections:revokePreview': onConnection('revoke.preview'),
  'connections:revoke': onConnection('connection.revoke'),
  'consent:start': { action: 'connection.connect', scope: connectTarget },
  // Only the attempt's own one-time session id; the attempt was authorized when it started.
  'consent:paste': { action: 'connection.connect' },
  'dossier:html': { action: 'dossier', scope: tenantArg },
  'dossier:save-pdf': { action: 'dossier', scope: tenantArg },
  'workspace:status': { action: 'workspace.status' },
  'workspace:tenants': { action: 'tenant.list', filter: tenants },
  'workspace:connections': { action: 'connection.list', scope: tenantArg, filter: connections },
  'workspace:attention': { action: 'connection.list', filter: connections },
  // Several clients at once: no one tenant scope, so (as needs attention) the reply keeps what the role sees.
  'workspace:connectionsOf': { action: 'connection.list', filter: connections },
  'workspace:detail': onConnection('connection.list'),
  'audit:list': {
    action: 'audit.list',
    scope: (args: { filter: { tenantId?: string | null } }) => (args.filter.tenantId ? { tenantId: args.filter.tenantId } : {}),
    filter: (reply: { events: ReadonlyArray<{ tenantId: string | null }>; total: number }, sees: Sees) => {
      const events = reply.events.filter((e) => sees(e.tenantId));
      return { events, total: reply.total - (reply.events.length - events.length) };
    },
  },
  'audit:verify': { action: 'audit.verify' },
  // An export is a file of every event that matches: a granted role exports one tenant at a time.
  'audit:export': { action: 'audit.export', scope: (args: { filter: { tenantId?: string | null } }) => ({ tenantId: args.filter.tenantId ?? EVERY_TENANT }) },
  // The connect dialog (preload/connect-channels.ts): what a connect, a renewal or an import is.
  // Settings → operators (preload/operator-channels.ts): the CLI's `operator …` and `grant …`.
  'operators:list': { action: 'operator' },
  'operators:add': { action: 'operator' },
  'operators:setRole': { action: 'operator' },
  'operators:remove': { action: 'operator' },
  'grants:add': { action: 'grant', scope: tenantArg },
  'grants:remove': { action: 'grant', scope: tenantArg },
  'connect:options': { action: 'connector.list' },
  'connect:browser': { action: 'connection.connect', scope: connectTarget },
  'connect:renew': onConnection('connection.reconnect'),
  'connect:sellerCredentials': {
    action: 'connection.connect',
    scope: (args: { tenantId: string; connectorId: string; connectionId?: string }, s: Services) => (args.connectionId === undefined ? connectTarget(args) : connectionArg({ connectionId: args.connectionId }, s)),
  },
  'connect:agencyCredentials': { action: 'connection.connect', scope: connectTarget },
  'connect:refreshToken': { action: 'connection.import', scope: connectTarget },
  // Vault security: anyone signed in reads it; the recovery passphrase and key slots are the admin's.
  'security:get': { action: 'workspace.status' },
  'security:changePassphrase': { action: 'settings.set' },
  'security:rememberHere': { action: 'settings.set' },
  'apps:list': { action: 'app.list' },
  'apps:set': { action: 'app.set' },
  'settings:get': { action: 'webhook' },
  'settings:set': { action: 'settings.set' },
};
