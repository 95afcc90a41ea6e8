// The desktop API in plain Node: the handler of every invoke channel of preload/contract.ts over
// the vault session and Services, and `dispatch`, the one entry point that validates arguments
// against main/desktop/schemas.ts and turns failures into Reply values. Electron IPC
// (main/app/ipc.ts) and the browser preview (main/preview/server.ts) both call dispatch.
import type { ConnectorDefinition } from '../../connectors/types';
import { ConnectionsRepo } from '../repos/connections';
import type { Tenant } from '../repos/tenants';
import type {
  ConnectionDto,
  ConsentFinished,
  ConsentUnavailableReason,
  InvokeArgs,
  InvokeChannel,
  InvokeReply,
  InvokeResult,
  Lang,
  PasteConsentArgs,
  PasteConsentResult,
  Reply,
  StartConsentArgs,
  StartConsentResult,
} from '../../preload/contract';
import { CONSENT_UNAVAILABLE, consentUnavailableText } from './consent-texts';
import { toConnectionDto, toConnectorDto, toRevocationOutcome, toTenantDto } from './dto';
import type { ConnectionRecord, ConsentAvailability } from './dto';
import { DesktopError, redactForLog, toApiError } from './errors';
import { EventHub } from './events';
import type { DesktopEvent, DesktopEventListener } from './events';
import { ARG_SCHEMAS, isInvokeChannel } from './schemas';
import type { DesktopConnections, DesktopConsent, DesktopConsentStart, DesktopDeps, DesktopServices } from './types';
import { VaultSession } from './vault-session';
import { isWorkspaceChannel } from '../../preload/workspace-channels';
import { dispatchWorkspace } from './workspace/dispatch';
import type { WorkspaceHandlers } from './workspace/handlers';

export type { DesktopConnections, DesktopConsent, DesktopDeps, DesktopServices } from './types';

export type InvokeHandlers = {
  readonly [C in InvokeChannel]: (...args: InvokeArgs<C>) => Promise<InvokeResult<C>>;
};

export interface DesktopApi<S extends DesktopServices = DesktopServices> {
  readonly handlers: InvokeHandlers;
  readonly session: VaultSession<S>;
  /** Validates raw (untrusted) arguments, runs the handler, and never rejects. */
  dispatch(channel: unknown, rawArgs: unknown): Promise<Reply<unknown>>;
  /** dispatch, typed: for tests and in-process callers. */
  call<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeReply<C>>;
  onEvent(listener: DesktopEventListener): () => void;
  emit(event: DesktopEvent): void;
  /** The consent use case's deep-link entry while the vault is unlocked and consent is wired. */
  consentCallbackHandler(): ((url: string) => Promise<ConsentFinished | null>) | undefined;
  close(): void;
}

/** One value per services object (adapters may keep state, e.g. pending consent attempts). */
function perServices<S extends object, T>(make: (s: S) => T): (s: S) => T {
  const cache = new WeakMap<S, T>();
  return (s) => {
    if (!cache.has(s)) cache.set(s, make(s));
    return cache.get(s) as T;
  };
}

export function createDesktopApi<S extends DesktopServices>(deps: DesktopDeps<S>): DesktopApi<S> {
  const log = deps.log ?? ((line: string) => console.error(line));
  const hub = new EventHub();
  const session = new VaultSession<S>({
    dir: deps.vaultDir,
    keychain: deps.keychain,
    buildServices: deps.buildServices,
    ...(deps.scrypt === undefined ? {} : { scrypt: deps.scrypt }),
    ...(deps.nativeBinding === undefined ? {} : { nativeBinding: deps.nativeBinding }),
    onChange: (status) => hub.emit({ channel: 'vault:changed', payload: status }),
    // Waiting consent attempts end while the vault can still record how they ended.
    onClosing: (services) => {
      consentOf(services)?.close?.();
      void stopBackground();
    },
    onOpened: (services, how) => {
      services.audit.append({
        actor: deps.actor,
        action: how.action,
        outcome: 'ok',
        detail: { via: how.via, app: deps.mode, keychainSlotAdded: how.keychainSlotAdded },
      });
      startBackground(services);
    },
  });

  let background: { stop(): Promise<void> } | undefined;
  const startBackground = (services: S): void => {
    void stopBackground();
    background = deps.backgroundFor?.(services, () => hub.emit({ channel: 'connections:changed', payload: { tenantId: null } }));
  };
  // The loop stops after its tick in progress. Locking waits for that (a refresh in flight must be
  // able to write its rotated token); quitting cannot wait, and a refresh cut off there is the
  // same as a killed process, which the engine's lease and rotation handling already cover.
  const stopBackground = (): Promise<void> => {
    const running = background;
    background = undefined;
    return (running?.stop() ?? Promise.resolve()).catch((err: unknown) => log(`background work did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`));
  };

  // The engine's repository when the composition gives no connection store.
  const connectionsOf = perServices<S, DesktopConnections>((s) => deps.connectionsFor?.(s) ?? new ConnectionsRepo(s.vault.db));
  const consentOf = perServices<S, DesktopConsent | undefined>((s) => {
    const consent = deps.consentFor?.(s);
    // Endings nobody awaited (a loopback callback, a pasted code, an expiry) reach the page.
    consent?.onFinished?.((result) => {
      hub.emit({ channel: 'consent:finished', payload: result });
      hub.emit({ channel: 'connections:changed', payload: { tenantId: result.tenantId } });
    });
    return consent;
  });

  const requireTenant = (s: S, tenantId: string): Tenant => {
    const tenant = s.tenants.find(tenantId);
    if (tenant === undefined || tenant.id !== tenantId) throw new DesktopError('unknown_tenant', 'There is no such tenant (it may have been archived).');
    return tenant;
  };

  const canShowBrowser = deps.openExternal !== undefined || deps.showAuthorizeLink === true;

  const consentBlocker = (s: S, def: ConnectorDefinition): ConsentUnavailableReason | null => {
    if (!canShowBrowser) return 'preview';
    if (def.grant !== 'authorization_code') return 'unsupported_grant';
    const consent = consentOf(s);
    if (consent === undefined) return 'not_wired';
    return consent.unavailableReason?.(def.id) ?? null;
  };

  const consentAvailability = (s: S, def: ConnectorDefinition): ConsentAvailability => {
    const reason = consentBlocker(s, def);
    return reason === null ? { available: true, text: null } : { available: false, text: consentUnavailableText(reason, def) };
  };

  const renewByOf = (connections: DesktopConnections, id: string, stored: string | null): string | null => {
    if (connections.renewBy === undefined) return stored;
    try {
      return connections.renewBy(id)?.date ?? stored;
    } catch {
      // A connector that is no longer known cannot be forecast; the stored date still can be shown.
      return stored;
    }
  };

  const connectionDto = (s: S, connections: DesktopConnections, row: ConnectionRecord): ConnectionDto => ({
    ...toConnectionDto(row, s.connectors.get(row.connectorId)),
    renewBy: renewByOf(connections, row.id, row.consentExpiresAt),
  });

  /**
   * Starts a browser consent (a new connection, or a reconnect) and shows it: main opens the URL
   * in the app, the preview hands the page the link. `reconnect` ignores the per-connection
   * settings blocker: the connection already has its settings.
   */
  const openConsent = async (
    s: S,
    def: ConnectorDefinition,
    reconnect: boolean,
    begin: (consent: DesktopConsent) => Promise<DesktopConsentStart> | undefined,
  ): Promise<StartConsentResult> => {
    const consent = consentOf(s);
    const found = consentBlocker(s, def);
    const blocker = reconnect && found === 'needs_settings' ? null : found;
    if (blocker !== null || consent === undefined) {
      const reason = blocker ?? 'not_wired';
      return { status: 'unavailable', reason, text: consentUnavailableText(reason, def) };
    }
    let started: DesktopConsentStart | undefined;
    try {
      started = await begin(consent);
    } catch (err) {
      // A connector without an app registration (or with a bad one) is set up from the CLI.
      if (err instanceof Error && (err.name === 'ConfigError' || err.name === 'ConnectError')) {
        log(`[desktop] consent for ${def.id} is not configured: ${redactForLog(err.message)}`);
        return { status: 'unavailable', reason: 'not_configured', text: consentUnavailableText('not_configured', def) };
      }
      throw err;
    }
    // A consent adapter without reconnect: as if consent were not wired.
    if (started === undefined) return { status: 'unavailable', reason: 'not_wired', text: consentUnavailableText('not_wired', def) };
    const acceptsPaste = started.acceptsPaste ?? false;
    if (deps.openExternal !== undefined) {
      await deps.openExternal(started.authorizationUrl);
      return { status: 'opened', sessionId: started.sessionId, expiresAt: started.expiresAt, acceptsPaste };
    }
    // The preview: the page shows the link. Only http(s) URLs built here ever leave main.
    const url = new URL(started.authorizationUrl.href);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`refusing to hand a ${url.protocol} authorization URL to the page`);
    return { status: 'link', sessionId: started.sessionId, expiresAt: started.expiresAt, acceptsPaste, authorizeUrl: url.href };
  };

  const startConsent = (args: StartConsentArgs): Promise<StartConsentResult> => {
    const s = session.services();
    requireTenant(s, args.tenantId);
    const def = s.connectors.get(args.connectorId);
    if (def === undefined) throw new DesktopError('unknown_connector', `There is no connector ${args.connectorId}.`);
    if (args.region !== null && !def.regions.some((r) => r.id === args.region)) {
      throw new DesktopError('invalid_args', `${def.name} has no region ${args.region}.`);
    }
    return openConsent(s, def, false, (consent) =>
      consent.begin({ tenantId: args.tenantId, connectorId: args.connectorId, region: args.region, actor: deps.actor }),
    );
  };

  const requireConnection = (connections: DesktopConnections, connectionId: string): ConnectionRecord => {
    const row = connections.list({}).find((r) => r.id === connectionId);
    if (row === undefined) throw new DesktopError('unknown_connection', 'There is no such connection (it may have been deleted).');
    return row;
  };

  /** The engine's refusals (revoked, deleted) say what happened and carry no secret. */
  const engineRefusal = (err: unknown): unknown => {
    if (!(err instanceof Error) || err.name !== 'EngineError') return err;
    const code = (err as { code?: unknown }).code;
    return new DesktopError(code === 'not_found' || code === 'deleted' ? 'unknown_connection' : 'action_refused', err.message);
  };

  /** Runs an engine operation on one connection, then tells the page its tenant's list changed. */
  const actOn = async <T>(connectionId: string, act: (connections: DesktopConnections, row: ConnectionRecord) => T | Promise<T>): Promise<{ readonly value: T; readonly dto: ConnectionDto }> => {
    const s = session.services();
    const connections = connectionsOf(s);
    const before = requireConnection(connections, connectionId);
    let value: T;
    try {
      value = await act(connections, before);
    } catch (err) {
      throw engineRefusal(err);
    }
    hub.emit({ channel: 'connections:changed', payload: { tenantId: before.tenantId } });
    const after = connections.list({ tenantId: before.tenantId }).find((r) => r.id === connectionId) ?? before;
    return { value, dto: connectionDto(s, connections, after) };
  };

  const unavailable = (what: string): DesktopError => new DesktopError('action_refused', `${what} from the app is not available in this version.`);

  const pasteConsent = async (args: PasteConsentArgs): Promise<PasteConsentResult> => {
    const consent = consentOf(session.services());
    if (consent?.paste === undefined) return { status: 'refused', text: CONSENT_UNAVAILABLE.not_wired };
    return consent.paste(args);
  };

  const handlers: InvokeHandlers = {
    'app:info': () => Promise.resolve({ version: deps.version, mode: deps.mode, platform: deps.platform ?? process.platform }),
    'vault:status': () => Promise.resolve(session.status()),
    'vault:create': (args) => Promise.resolve(session.create(args)),
    'vault:unlock': (args) => Promise.resolve(session.unlock(args)),
    'vault:lock': async () => {
      await stopBackground();
      return session.lock();
    },
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
      const connections = connectionsOf(s);
      return Promise.resolve(connections.list({ tenantId: args.tenantId }).map((row) => connectionDto(s, connections, row)));
    },
    'connections:refresh': async (args) => {
      const s = session.services();
      const connections = connectionsOf(s);
      const find = (): ConnectionRecord | undefined => connections.list({}).find((row) => row.id === args.connectionId);
      const before = find();
      if (before === undefined) throw new DesktopError('unknown_connection', 'There is no such connection (it may have been deleted).');
      if (connections.refresh === undefined) throw new DesktopError('refresh_refused', 'Refreshing from the app is not available in this version.');
      try {
        await connections.refresh(before.id, deps.actor);
      } catch (err) {
        // The engine's refusals say what to do (resume it, reconnect it) and carry no secret.
        if (err instanceof Error && err.name === 'EngineError') throw new DesktopError('refresh_refused', err.message);
        throw err;
      }
      hub.emit({ channel: 'connections:changed', payload: { tenantId: before.tenantId } });
      return connectionDto(s, connections, find() ?? before);
    },
    'connections:reconnect': (args) => {
      const s = session.services();
      const row = requireConnection(connectionsOf(s), args.connectionId);
      const def = s.connectors.get(row.connectorId);
      if (def === undefined) throw new DesktopError('unknown_connector', `There is no connector ${row.connectorId} any more.`);
      return openConsent(s, def, true, (consent) => consent.reconnect?.({ connectionId: row.id, actor: deps.actor }));
    },
    'connections:pause': async (args) =>
      (
        await actOn(args.connectionId, (connections, row) => {
          if (connections.pause === undefined) throw unavailable('Pausing');
          connections.pause(row.id, deps.actor);
        })
      ).dto,
    'connections:resume': async (args) =>
      (
        await actOn(args.connectionId, (connections, row) => {
          if (connections.resume === undefined) throw unavailable('Resuming');
          connections.resume(row.id, deps.actor);
        })
      ).dto,
    'connections:revokePreview': (args) => {
      const connections = connectionsOf(session.services());
      const row = requireConnection(connections, args.connectionId);
      if (connections.previewRevocation === undefined) throw unavailable('Revoking');
      const preview = (lang: Lang) => connections.previewRevocation?.(row.id, lang) ?? { stops: [], remains: [], canReconnect: [] };
      try {
        return Promise.resolve({ connectionId: row.id, impact: { en: preview('en'), es: preview('es') } });
      } catch (err) {
        throw engineRefusal(err);
      }
    },
    'connections:revoke': async (args) => {
      const s = session.services();
      const { value, dto } = await actOn(args.connectionId, (connections, row) => {
        if (connections.revoke === undefined) throw unavailable('Revoking');
        return connections.revoke(row.id, deps.actor);
      });
      return { connection: dto, outcome: toRevocationOutcome(value, s.connectors.get(dto.connectorId)) };
    },
    'consent:start': startConsent,
    'consent:paste': pasteConsent,
  };

  // The workspace's channels (preload/workspace-channels.ts), one handler set per unlocked vault.
  const workspaceOf = perServices<S, WorkspaceHandlers | undefined>((s) =>
    deps.workspaceFor?.(s, { actor: deps.actor, vaultDir: deps.vaultDir, keychainBackend: () => session.status().keychain.backend }),
  );

  const dispatch = async (channel: unknown, rawArgs: unknown): Promise<Reply<unknown>> => {
    if (isWorkspaceChannel(channel)) {
      let handlers: WorkspaceHandlers | undefined;
      try {
        handlers = workspaceOf(session.services());
      } catch (err) {
        return { ok: false, error: toApiError(err, channel, log) };
      }
      return dispatchWorkspace(channel, rawArgs, handlers, log);
    }
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
        consent = consentOf(session.services());
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
