// The handler of every core invoke channel (preload/core-channels.ts), over the vault session and
// the services of the unlocked vault. Arguments arrive already validated by the dispatcher; each
// action on a connection answers with the connection as it is now, and the change stream tells the
// page (and the tray) about it, so the page never reloads after an action.
import type { ConnectorDefinition } from '../../connectors/types';
import { ConnectError } from '../connect';
import { ConfigError } from '../oauth/resolve';
import type { ConnectionView } from '../repos/connections';
import type { Tenant } from '../repos/tenants';
import type { Services } from '../services';
import type { ConnectionDto, StartConsentResult } from '../../preload/contract';
import type { HandlersOf } from '../../preload/schema-kit';
import type { CORE_INVOKE } from '../../preload/core-channels';
import { consentUnavailableText } from './consent-texts';
import { showConsent } from './show-consent';
import { toConnectorDto, toRevocationOutcome, toTenantDto } from './dto';
import { DesktopError, redactForLog } from './errors';
import type { ConsentBrowser, DesktopConnections, DesktopConsent, DesktopConsentStart, LaunchAtLogin } from './types';
import type { VaultSession } from './vault-session';

/** What the handlers need from the wiring (main/desktop/api.ts). */
export interface HandlerContext {
  readonly session: VaultSession<Services>;
  readonly connectionsOf: (s: Services) => DesktopConnections;
  readonly consentOf: (s: Services) => DesktopConsent;
  readonly connectionDto: (s: Services, row: ConnectionView) => ConnectionDto;
  /** Reads what changed since the last look and tells the page, now (after an action here). */
  readonly changed: () => void;
  /** Stops the background work before the vault locks (a refresh in flight may still write). */
  readonly beforeLock: () => Promise<void>;
  readonly browser: ConsentBrowser;
  readonly launchAtLogin: LaunchAtLogin;
  readonly actor: string;
  /** Who acts in this vault now (the signed-in operator), as the audit log writes it. */
  readonly actorOf?: (s: Services) => string;
  readonly mode: 'desktop' | 'preview';
  readonly version: string;
  readonly platform: string;
  readonly log: (line: string) => void;
}

export function createCoreHandlers(ctx: HandlerContext): HandlersOf<typeof CORE_INVOKE> {
  const { session } = ctx;
  const actorOf = (s: Services): string => ctx.actorOf?.(s) ?? ctx.actor;

  const requireTenant = (s: Services, tenantId: string): Tenant => {
    const tenant = s.tenants.find(tenantId);
    if (tenant === undefined || tenant.id !== tenantId) throw new DesktopError('unknown_tenant', 'There is no such tenant (it may have been archived).');
    return tenant;
  };

  const requireConnection = (s: Services, connectionId: string): ConnectionView => {
    const row = ctx.connectionsOf(s).get(connectionId);
    if (row === undefined) throw new DesktopError('unknown_connection', 'There is no such connection (it may have been deleted).');
    return row;
  };

  /** The connection as it is after an action (or as it was, if it went away meanwhile). */
  const after = (s: Services, before: ConnectionView): ConnectionDto => {
    ctx.changed();
    return ctx.connectionDto(s, ctx.connectionsOf(s).get(before.id) ?? before);
  };

  /**
   * Starts a browser consent (a new connection, or a reconnect) and shows it: the app opens the URL
   * in the system browser, the preview hands the page the link. A reconnect ignores the
   * per-connection settings blocker: the connection already has its settings.
   */
  const openConsent = async (s: Services, def: ConnectorDefinition, reconnect: boolean, begin: (consent: DesktopConsent) => Promise<DesktopConsentStart>): Promise<StartConsentResult> => {
    const found = s.connectors.consentBlocker(def);
    const blocker = reconnect && found === 'needs_settings' ? null : found;
    if (blocker !== null) return { status: 'unavailable', reason: blocker, text: consentUnavailableText(blocker, def) };
    let started: DesktopConsentStart;
    try {
      started = await begin(ctx.consentOf(s));
    } catch (err) {
      // A registration that went bad between the check and now is set up again from the CLI.
      if (err instanceof ConfigError || err instanceof ConnectError) {
        ctx.log(`[desktop] consent for ${def.id} is not configured: ${redactForLog(err.message)}`);
        return { status: 'unavailable', reason: 'not_configured', text: consentUnavailableText('not_configured', def) };
      }
      throw err;
    }
    return showConsent(ctx.browser, started);
  };

  return {
    'app:info': () => Promise.resolve({ version: ctx.version, mode: ctx.mode, platform: ctx.platform }),
    'app:launchAtLogin': () => Promise.resolve({ supported: ctx.launchAtLogin.supported, enabled: ctx.launchAtLogin.enabled() }),
    'app:setLaunchAtLogin': (args) => {
      const { launchAtLogin } = ctx;
      if (!launchAtLogin.supported) throw new DesktopError('action_refused', 'Starting at login cannot be set here (only in the desktop app on macOS and Windows).');
      return Promise.resolve({ supported: true, enabled: launchAtLogin.set(args.enabled) });
    },
    // The keychain is asked again here: it may have been unlocked or locked since the last ask.
    'vault:status': async () => {
      await session.refreshKeychain();
      return session.status();
    },
    'vault:create': (args) => Promise.resolve(session.create(args)),
    'vault:unlock': (args) => Promise.resolve(session.unlock(args)),
    'vault:lock': async () => {
      await ctx.beforeLock();
      return session.lock();
    },
    'tenants:list': () => Promise.resolve(session.services().tenants.list().map(toTenantDto)),
    'tenants:add': (args) => {
      const s = session.services();
      const tenant = s.tenantService.add(args.name, { actor: actorOf(s), detail: { app: ctx.mode } });
      ctx.changed();
      return Promise.resolve(toTenantDto({ id: tenant.id, name: tenant.name, connections: 0 }));
    },
    // One registrations query, no client secret opened (consent readiness reads summaries only).
    'connectors:list': () => {
      const s = session.services();
      return Promise.resolve(
        s.connectors.listWithReadiness().map(({ definition, consentBlocker }) =>
          toConnectorDto(definition, consentBlocker === null ? { available: true, text: null } : { available: false, text: consentUnavailableText(consentBlocker, definition) }),
        ),
      );
    },
    'connections:list': (args) => {
      const s = session.services();
      requireTenant(s, args.tenantId);
      return Promise.resolve(ctx.connectionsOf(s).list({ tenantId: args.tenantId }).map((row) => ctx.connectionDto(s, row)));
    },
    'connections:refresh': async (args) => {
      const s = session.services();
      const before = requireConnection(s, args.connectionId);
      // Token-endpoint failures become the connection's health; refusals throw (mapped once, in errors.ts).
      await ctx.connectionsOf(s).refresh(before.id, actorOf(s));
      return after(s, before);
    },
    'connections:reconnect': (args) => {
      const s = session.services();
      const row = requireConnection(s, args.connectionId);
      const def = s.connectors.get(row.connectorId);
      if (def === undefined) throw new DesktopError('unknown_connector', `There is no connector ${row.connectorId} any more.`);
      return openConsent(s, def, true, (consent) => consent.reconnect({ connectionId: row.id, actor: actorOf(s) }));
    },
    'connections:pause': (args) => {
      const s = session.services();
      const before = requireConnection(s, args.connectionId);
      ctx.connectionsOf(s).pause(before.id, actorOf(s));
      return Promise.resolve(after(s, before));
    },
    'connections:resume': (args) => {
      const s = session.services();
      const before = requireConnection(s, args.connectionId);
      ctx.connectionsOf(s).resume(before.id, actorOf(s));
      return Promise.resolve(after(s, before));
    },
    'connections:revokePreview': (args) => {
      const s = session.services();
      const row = requireConnection(s, args.connectionId);
      const connections = ctx.connectionsOf(s);
      return Promise.resolve({ connectionId: row.id, impact: { en: connections.previewRevocation(row.id, 'en'), es: connections.previewRevocation(row.id, 'es') } });
    },
    'connections:revoke': async (args) => {
      const s = session.services();
      const before = requireConnection(s, args.connectionId);
      const result = await ctx.connectionsOf(s).revoke(before.id, actorOf(s));
      const connection = after(s, before);
      return { connection, outcome: toRevocationOutcome(result, s.connectors.get(connection.connectorId)) };
    },
    'consent:start': (args) => {
      const s = session.services();
      requireTenant(s, args.tenantId);
      const def = s.connectors.get(args.connectorId);
      if (def === undefined) throw new DesktopError('unknown_connector', `There is no connector ${args.connectorId}.`);
      if (args.region !== null && !def.regions.some((r) => r.id === args.region)) throw new DesktopError('invalid_args', `${def.name} has no region ${args.region}.`);
      return openConsent(s, def, false, (consent) => consent.begin({ tenantId: args.tenantId, connectorId: args.connectorId, region: args.region, actor: actorOf(s) }));
    },
    'consent:paste': (args) => ctx.consentOf(session.services()).paste(args),
  };
}
