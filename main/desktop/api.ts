// The desktop API in plain Node: the handler of every invoke channel of preload/contract.ts over
// the vault session and Services, and `dispatch`, the one entry point that validates arguments
// against main/desktop/schemas.ts and turns failures into Reply values. Electron IPC
// (main/app/ipc.ts) and the browser preview (main/preview/server.ts) both call dispatch.
import type { ConnectorDefinition } from '../../connectors/types';
import type { AuditInput } from '../audit/audit-log';
import { ConnectionsRepo } from '../repos/connections';
import type { Tenant, TenantSummary } from '../repos/tenants';
import type { KeychainProtector, ScryptParams, Vault } from '../vault';
import type {
  ConsentFinished,
  InvokeArgs,
  InvokeChannel,
  InvokeReply,
  InvokeResult,
  Reply,
  StartConsentArgs,
  StartConsentResult,
} from '../../preload/contract';
import { CONSENT_UNAVAILABLE } from './consent-texts';
import { toConnectionDto, toConnectorDto, toTenantDto } from './dto';
import type { ConnectionRecord, ConsentAvailability } from './dto';
import { DesktopError, toApiError } from './errors';
import { EventHub } from './events';
import type { DesktopEvent, DesktopEventListener } from './events';
import { ARG_SCHEMAS, isInvokeChannel } from './schemas';
import { VaultSession } from './vault-session';

/** Starts a browser consent; the lead wires the consent engine in here (see DesktopServices). */
export interface DesktopConsent {
  begin(input: {
    readonly tenantId: string;
    readonly connectorId: string;
    readonly region: string | null;
    readonly actor: string;
  }): Promise<{ readonly sessionId: string; readonly authorizationUrl: URL; readonly expiresAt: string }>;
  /**
   * A fivex-connect://oauth/callback link delivered to the app (already shape-checked). Resolves
   * with how the consent ended, or null when the link was refused and the flow keeps waiting.
   */
  handleDeepLink?(url: string): Promise<ConsentFinished | null>;
}

/**
 * What the desktop needs of main/services.ts's Services (structurally, so Services fits as is).
 * `connections` and `consent` are optional until the composition root provides them.
 */
export interface DesktopServices {
  readonly vault: Pick<Vault, 'transaction' | 'db'>;
  readonly tenants: {
    list(): ReadonlyArray<TenantSummary>;
    add(name: string): Tenant;
    find(idOrName: string): Tenant | undefined;
  };
  readonly connectors: {
    list(): ReadonlyArray<ConnectorDefinition>;
    get(id: string): ConnectorDefinition | undefined;
  };
  readonly audit: { append(input: AuditInput): unknown };
  readonly connections?: { list(filter: { readonly tenantId?: string }): ReadonlyArray<ConnectionRecord> };
  readonly consent?: DesktopConsent;
}

export interface DesktopDeps {
  readonly vaultDir: string;
  readonly keychain: KeychainProtector | null;
  readonly buildServices: (vault: Vault) => DesktopServices;
  /** Who acts, as written in the audit log (e.g. `os:alice`). */
  readonly actor: string;
  readonly mode: 'desktop' | 'preview';
  readonly version: string;
  readonly platform?: string;
  /**
   * Opens an authorization URL built in main in the system browser (the app passes its https-only
   * opener). Absent in the preview: the renderer never receives the URL.
   */
  readonly openExternal?: (url: URL) => Promise<void>;
  readonly scrypt?: ScryptParams;
  readonly nativeBinding?: string;
  readonly log?: (line: string) => void;
}

export type InvokeHandlers = {
  readonly [C in InvokeChannel]: (...args: InvokeArgs<C>) => Promise<InvokeResult<C>>;
};

export interface DesktopApi {
  readonly handlers: InvokeHandlers;
  readonly session: VaultSession<DesktopServices>;
  /** Validates raw (untrusted) arguments, runs the handler, and never rejects. */
  dispatch(channel: unknown, rawArgs: unknown): Promise<Reply<unknown>>;
  /** dispatch, typed: for tests and in-process callers. */
  call<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeReply<C>>;
  onEvent(listener: DesktopEventListener): () => void;
  emit(event: DesktopEvent): void;
  /** The consent engine's deep-link entry while the vault is unlocked and consent is wired. */
  consentCallbackHandler(): ((url: string) => Promise<ConsentFinished | null>) | undefined;
  close(): void;
}

export function createDesktopApi(deps: DesktopDeps): DesktopApi {
  const log = deps.log ?? ((line: string) => console.error(line));
  const hub = new EventHub();
  const session = new VaultSession<DesktopServices>({
    dir: deps.vaultDir,
    keychain: deps.keychain,
    buildServices: deps.buildServices,
    ...(deps.scrypt === undefined ? {} : { scrypt: deps.scrypt }),
    ...(deps.nativeBinding === undefined ? {} : { nativeBinding: deps.nativeBinding }),
    onChange: (status) => hub.emit({ channel: 'vault:changed', payload: status }),
    onOpened: (services, how) =>
      services.audit.append({
        actor: deps.actor,
        action: how.action,
        outcome: 'ok',
        detail: { via: how.via, app: deps.mode, keychainSlotAdded: how.keychainSlotAdded },
      }),
  });

  // The engine's repo until Services carries `connections` itself.
  const fallbackConnections = new WeakMap<object, ConnectionsRepo>();
  const connectionsOf = (s: DesktopServices): NonNullable<DesktopServices['connections']> => {
    if (s.connections !== undefined) return s.connections;
    let repo = fallbackConnections.get(s);
    if (repo === undefined) {
      repo = new ConnectionsRepo(s.vault.db);
      fallbackConnections.set(s, repo);
    }
    return repo;
  };

  const requireTenant = (s: DesktopServices, tenantId: string): Tenant => {
    const tenant = s.tenants.find(tenantId);
    if (tenant === undefined || tenant.id !== tenantId) throw new DesktopError('unknown_tenant', 'There is no such tenant (it may have been archived).');
    return tenant;
  };

  const consentAvailability = (s: DesktopServices, def: ConnectorDefinition): ConsentAvailability => {
    const reason = consentBlocker(s, def);
    return reason === null ? { available: true, text: null } : { available: false, text: CONSENT_UNAVAILABLE[reason] };
  };

  const consentBlocker = (s: DesktopServices, def: ConnectorDefinition): keyof typeof CONSENT_UNAVAILABLE | null => {
    if (deps.openExternal === undefined) return 'preview';
    if (def.grant !== 'authorization_code') return 'unsupported_grant';
    if (s.consent === undefined) return 'not_wired';
    return null;
  };

  const startConsent = async (args: StartConsentArgs): Promise<StartConsentResult> => {
    const s = session.services();
    requireTenant(s, args.tenantId);
    const def = s.connectors.get(args.connectorId);
    if (def === undefined) throw new DesktopError('unknown_connector', `There is no connector ${args.connectorId}.`);
    if (args.region !== null && !def.regions.some((r) => r.id === args.region)) {
      throw new DesktopError('invalid_args', `${def.name} has no region ${args.region}.`);
    }
    const blocker = consentBlocker(s, def);
    if (blocker !== null || s.consent === undefined || deps.openExternal === undefined) {
      const reason = blocker ?? 'not_wired';
      return { status: 'unavailable', reason, text: CONSENT_UNAVAILABLE[reason] };
    }
    let started;
    try {
      started = await s.consent.begin({ tenantId: args.tenantId, connectorId: args.connectorId, region: args.region, actor: deps.actor });
    } catch (err) {
      // A connector without an app registration (or with a bad one) is set up from the CLI.
      if (err instanceof Error && err.name === 'ConfigError') {
        log(`[desktop] consent:start for ${args.connectorId} is not configured: ${err.message}`);
        return { status: 'unavailable', reason: 'not_configured', text: CONSENT_UNAVAILABLE.not_configured };
      }
      throw err;
    }
    await deps.openExternal(started.authorizationUrl);
    return { status: 'opened', sessionId: started.sessionId, expiresAt: started.expiresAt };
  };

  const handlers: InvokeHandlers = {
    'app:info': () => Promise.resolve({ version: deps.version, mode: deps.mode, platform: deps.platform ?? process.platform }),
    'vault:status': () => Promise.resolve(session.status()),
    'vault:create': (args) => Promise.resolve(session.create(args)),
    'vault:unlock': (args) => Promise.resolve(session.unlock(args)),
    'vault:lock': () => Promise.resolve(session.lock()),
    'tenants:list': () => Promise.resolve(session.services().tenants.list().map(toTenantDto)),
    'tenants:add': (args) => {
      const s = session.services();
      const tenant = s.vault.transaction(() => {
        const added = s.tenants.add(args.name);
        s.audit.append({ actor: deps.actor, tenantId: added.id, action: 'tenant.add', outcome: 'ok', detail: { name: added.name, app: deps.mode } });
        return added;
      });
      return Promise.resolve(toTenantDto({ id: tenant.id, name: tenant.name, connections: 0 }));
    },
    'connectors:list': () => {
      const s = session.services();
      return Promise.resolve(s.connectors.list().map((def) => toConnectorDto(def, consentAvailability(s, def))));
    },
    'connections:list': (args) => {
      const s = session.services();
      requireTenant(s, args.tenantId);
      const rows = connectionsOf(s).list({ tenantId: args.tenantId });
      return Promise.resolve(rows.map((row) => toConnectionDto(row, s.connectors.get(row.connectorId))));
    },
    'consent:start': startConsent,
  };

  const dispatch = async (channel: unknown, rawArgs: unknown): Promise<Reply<unknown>> => {
    const name = typeof channel === 'string' ? channel.slice(0, 64) : '(not a string)';
    if (!isInvokeChannel(channel)) return { ok: false, error: { code: 'invalid_args', message: `Unknown channel ${JSON.stringify(name)}.` } };
    try {
      const parsed = ARG_SCHEMAS[channel].parse(rawArgs, 'args') as readonly unknown[];
      const handler = handlers[channel] as (...a: readonly unknown[]) => Promise<unknown>;
      return { ok: true, value: await handler(...parsed) };
    } catch (err) {
      return { ok: false, error: toApiError(err, channel, log) };
    }
  };

  return {
    handlers,
    session,
    dispatch,
    call: (channel, ...args) => dispatch(channel, args) as Promise<InvokeReply<typeof channel>>,
    onEvent: (listener) => hub.on(listener),
    emit: (event) => hub.emit(event),
    consentCallbackHandler: () => {
      let consent: DesktopConsent | undefined;
      try {
        consent = session.services().consent;
      } catch {
        return undefined;
      }
      if (consent?.handleDeepLink === undefined) return undefined;
      const wired = consent;
      return (url: string) => wired.handleDeepLink?.(url) ?? Promise.resolve(null);
    },
    close: () => session.close(),
  };
}
