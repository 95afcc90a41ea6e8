// The one desktop wiring, used as is by the Electron app (main/app/index.ts) and the browser
// preview (main/preview/server.ts), so the preview cannot drift from the app: the vault session;
// on every unlock the services of the composition root (main/services.ts), the engine's
// connections, the consent use case, the background refresh scheduler and the change stream;
// and `dispatch`, the validating entry point of every invoke channel. Only what differs between
// hosts comes in through DesktopDeps (keychain, how a sign-in URL is shown, versions).
import type { CallbackInput } from '../oauth/protocol/callback-input';
import { createServices } from '../services';
import type { Services } from '../services';
import type { ConnectionView } from '../repos/connections';
import type { ConnectionDto, ConsentFinished, InvokeChannel, InvokeParams, InvokeReply, Reply } from '../../preload/contract';
import { AttentionTracker } from './attention';
import type { AttentionUpdate } from './attention';
import { ChangeFeed } from './change-feed';
import { createDesktopConsent } from './desktop-consent';
import { createDispatcher } from './dispatch';
import type { InvokeHandlers } from './dispatch';
import { toConnectionDto } from './dto';
import { engineConnections } from './engine-connections';
import { EventHub } from './events';
import type { DesktopEvent, DesktopEventListener } from './events';
import { createChannelGuard, createSessionHandlers } from './access-guard';
import { createCoreHandlers } from './handlers';
import type { DesktopConnections, DesktopConsent, DesktopDeps } from './types';
import { VaultSession } from './vault-session';
import { WORKSPACE_CHANNELS } from '../../preload/workspace-channels';
import { createWorkspaceHandlers } from './workspace/handlers';
import { createConnectHandlers } from './workspace/connect-handlers';
import { createOperatorHandlers } from './operator-handlers';
import { createSecurityHandlers } from './security-handlers';
import type { WorkspaceHandlers } from './workspace/handlers';

export type { DesktopConnections, DesktopConsent, DesktopDeps } from './types';

export interface DesktopApi {
  readonly handlers: InvokeHandlers;
  readonly session: VaultSession<Services>;
  /** Validates raw (untrusted) arguments, runs the handler, and never rejects. */
  dispatch(channel: unknown, rawArgs: unknown): Promise<Reply<unknown>>;
  /** dispatch, typed: for tests and in-process callers. */
  call<C extends InvokeChannel>(channel: C, ...args: InvokeParams<C>): Promise<InvokeReply<C>>;
  onEvent(listener: DesktopEventListener): () => void;
  emit(event: DesktopEvent): void;
  /** The tray and notifications: the count of connections needing attention (now, then on each change), and new losses of consent. */
  onAttention(listener: (update: AttentionUpdate) => void): () => void;
  /** Reads what other processes changed now, instead of at the next watch interval (tests, focus). */
  checkForChanges(): void;
  /** The consent use case's deep-link entry while the vault is unlocked; undefined while locked. */
  consentCallbackHandler(): ((link: CallbackInput) => Promise<ConsentFinished | null>) | undefined;
  /** Locks the vault; settles once it is closed (its audit anchors level). */
  close(): Promise<void>;
}

/** What runs on one open vault: built at unlock, ended before the vault closes. */
interface Open {
  readonly connections: DesktopConnections;
  readonly consent: DesktopConsent;
  readonly feed: ChangeFeed;
  readonly monitor: { stop(): Promise<void> };
  readonly unsubscribe: ReadonlyArray<() => void>;
}

export function createDesktopApi(deps: DesktopDeps): DesktopApi {
  const log = deps.log ?? ((line: string) => console.error(line));
  const hub = new EventHub();
  const attentionListeners = new Set<(update: AttentionUpdate) => void>();
  const tellAttention = (update: AttentionUpdate): void => {
    for (const listener of [...attentionListeners]) listener(update);
  };
  const opened = new WeakMap<Services, Open>();
  let tracker: AttentionTracker | null = null;

  const renewByOf = (connections: DesktopConnections, row: ConnectionView): string | null => {
    try {
      return connections.renewBy(row.id)?.date ?? row.consentExpiresAt;
    } catch {
      // A connector that is no longer known cannot be forecast; the stored date still can be shown.
      return row.consentExpiresAt;
    }
  };
  const connectionDto = (s: Services, row: ConnectionView): ConnectionDto => ({
    ...toConnectionDto(row, s.connectors.get(row.connectorId)),
    renewBy: renewByOf(openOf(s).connections, row),
  });

  const openOf = (s: Services): Open => {
    const open = opened.get(s);
    if (open === undefined) throw new Error('the services of a vault that is not open');
    return open;
  };

  const start = (s: Services): void => {
    const connections = engineConnections(s.engine);
    const consent = createDesktopConsent({ connect: s.connect, connectors: s.connectors, connections: s.engine.store, log });
    const feed = new ChangeFeed({
      changes: s.connectionChanges,
      tenants: s.tenants,
      engineEvents: s.engine.events,
      toDto: (row) => connectionDto(s, row),
      emit: (event) => hub.emit(event),
      intervalMs: deps.watchIntervalMs ?? 300,
      log,
    });
    // While the vault is unlocked, tokens are renewed ahead of expiry, like `fivex-connect monitor`.
    const monitor = s.engine.scheduler.monitor({
      tickMs: deps.schedulerTickMs ?? 60_000,
      onError: (err) => log(`refresh scheduler: ${err instanceof Error ? err.message : String(err)}`),
    });
    // Endings nobody awaited (a loopback callback, a pasted code, an expiry) reach the page.
    const unsubscribe = [
      consent.onFinished((result) => {
        // The new or renewed connection first, so the page has its row when the panel closes.
        feed.flush();
        hub.emit({ channel: 'consent:finished', payload: result });
      }),
    ];
    opened.set(s, { connections, consent, feed, monitor, unsubscribe });
    feed.start();
    tracker = new AttentionTracker((tenantId) => s.tenants.find(tenantId)?.name ?? tenantId);
    // The first count needs states only (no forecast per row: a vault may hold thousands).
    const names = new Map<string, string>();
    const nameOf = (id: string): string => names.get(id) ?? names.set(id, s.connectors.get(id)?.name ?? id).get(id)!;
    const watched = connections.list({}).map((row) => ({ id: row.id, tenantId: row.tenantId, connectorName: nameOf(row.connectorId), account: row.account, state: row.state, paused: row.pausedAt !== null }));
    tellAttention(tracker.reset(watched));
  };

  // The loop stops after its tick in progress. Locking waits for that (a refresh in flight must be
  // able to write its rotated token); quitting cannot wait, and a refresh cut off there is the
  // same as a killed process, which the engine's lease and rotation handling already cover.
  const stopBackground = async (s: Services): Promise<void> => {
    const open = opened.get(s);
    if (open === undefined) return;
    open.feed.stop();
    await open.monitor.stop().catch((err: unknown) => log(`background work did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`));
  };

  const session = new VaultSession<Services>({
    dir: deps.vaultDir,
    keychain: deps.keychain,
    buildServices: (vault) => {
      const services = createServices(vault, { log, ...deps.serviceOptions, auditAnchors: deps.auditAnchors?.(vault) ?? [] });
      // A keychain anchor that is new on this machine starts at the current head.
      services.audit.anchor();
      deps.onServicesBuilt?.(services);
      return services;
    },
    ...(deps.scrypt === undefined ? {} : { scrypt: deps.scrypt }),
    ...(deps.nativeBinding === undefined ? {} : { nativeBinding: deps.nativeBinding }),
    onChange: (status) => hub.emit({ channel: 'vault:changed', payload: status }),
    onOpened: (services, how) => {
      services.audit.append({ actor: deps.actor, action: how.action, outcome: 'ok', detail: { via: how.via, app: deps.mode, keychainSlotAdded: how.keychainSlotAdded } });
      start(services);
    },
    // Waiting consent attempts end while the vault can still record how they ended; the vault
    // closes once the audit anchors written in the background are level with the log.
    onClosing: async (services) => {
      const open = opened.get(services);
      if (open !== undefined) {
        for (const off of open.unsubscribe) off();
        open.consent.close();
        void stopBackground(services);
        opened.delete(services);
        tracker = null;
        tellAttention({ count: 0, nowNeedConsent: [] });
      }
      await services.audit.flushAnchors();
    },
  });

  // The tray follows the same stream the page hears.
  hub.on((event) => {
    if (event.channel === 'connections:changed' && tracker !== null) tellAttention(tracker.apply(event.payload));
  });

  const currentFeed = (): ChangeFeed | undefined => {
    try {
      return openOf(session.services()).feed;
    } catch {
      return undefined;
    }
  };

  // The workspace's channels (preload/workspace-channels.ts): one handler set per unlocked vault,
  // joined with the core ones so the one dispatcher validates both.
  const workspaceSets = new WeakMap<Services, WorkspaceHandlers>();
  const workspaceOf = (s: Services): WorkspaceHandlers => {
    let set = workspaceSets.get(s);
    if (set === undefined) {
      set = createWorkspaceHandlers(s, {
        actor: deps.actor,
        vaultDir: deps.vaultDir,
        keychainBackend: () => session.status().keychain.backend,
        ...(deps.saveDossierPdf === undefined ? {} : { saveDossierPdf: deps.saveDossierPdf }),
      });
      workspaceSets.set(s, set);
    }
    return set;
  };
  const workspaceHandlers = Object.fromEntries(
    WORKSPACE_CHANNELS.map((channel) => [channel, (args: unknown) => (workspaceOf(session.services())[channel] as (a: unknown) => Promise<unknown>)(args)]),
  ) as unknown as WorkspaceHandlers;

  const coreHandlers = createCoreHandlers({
    session,
    connectionsOf: (s) => openOf(s).connections,
    consentOf: (s) => openOf(s).consent,
    connectionDto,
    // At once: the page hears the change no later than the action's reply.
    changed: () => currentFeed()?.flush(),
    beforeLock: async () => {
      const s = session.status().state === 'unlocked' ? session.services() : null;
      if (s !== null) await stopBackground(s);
    },
    browser: deps.browser,
    launchAtLogin: deps.launchAtLogin,
    actor: deps.actor,
    actorOf: (s) => s.acting.get()?.actor ?? deps.actor,
    mode: deps.mode,
    version: deps.version,
    platform: deps.platform ?? process.platform,
    log,
  });
  // The connect dialog and vault security (preload/connect-channels.ts, security-channels.ts).
  const connectHandlers = createConnectHandlers({
    services: () => session.services(),
    consentOf: (s) => openOf(s).consent,
    connectionDto,
    changed: () => currentFeed()?.flush(),
    browser: deps.browser,
    actor: deps.actor,
    log,
  });
  // Audited as whoever acts in this window (the signed-in operator, else the OS user).
  const securityHandlers = createSecurityHandlers({ session, actor: deps.actor, actorOf: (s) => s.acting.get()?.actor ?? deps.actor, mode: deps.mode });
  const handlers: InvokeHandlers = {
    ...coreHandlers,
    ...createSessionHandlers(session, deps.actor),
    ...workspaceHandlers,
    ...connectHandlers,
    ...securityHandlers,
    ...createOperatorHandlers(session, deps.actor),
  };

  // Every channel's permission (main/desktop/channel-access.ts), checked in the one dispatcher.
  const dispatch = createDispatcher(handlers, { validateReplies: deps.validateReplies ?? true, log, guard: createChannelGuard(session, deps.actor) });

  return {
    handlers,
    session,
    dispatch,
    call: (channel, ...args) => dispatch(channel, args[0]) as Promise<InvokeReply<typeof channel>>,
    onEvent: (listener) => hub.on(listener),
    emit: (event) => hub.emit(event),
    onAttention: (listener) => {
      attentionListeners.add(listener);
      // A late subscriber (the tray, after the keychain unlock at start) gets the count at once.
      if (tracker !== null) listener({ count: tracker.count(), nowNeedConsent: [] });
      return () => {
        attentionListeners.delete(listener);
      };
    },
    checkForChanges: () => currentFeed()?.flush(),
    consentCallbackHandler: () => {
      if (session.status().state !== 'unlocked') return undefined;
      const consent = openOf(session.services()).consent;
      return (link: CallbackInput) => consent.handleDeepLink(link);
    },
    close: () => session.close(),
  };
}
