// The credential engine's front door: builds the refresh engine, probes, revocation, lifecycle,
// connection store and scheduler over one vault, and re-exports their public types.
//
// Usage (the composition root builds this once and hands the parts to the CLI and the app):
//
//   const engine = createCredentialEngine({
//     vault,                                   // an unlocked Vault
//     repos,                                   // its repositories (EngineRepos), built once by main/services.ts
//     tokenClient: createTokenClient(),
//     connectors: (id) => connectorRegistry.get(id),
//     registrations: (connectorId) => appRegistrations.get(connectorId),
//     audit: (e) => auditLog.append(e),
//     // clock, random, log, fetch, options: optional (Date.now, Math.random, no log, global fetch)
//   });
//   const view = engine.store.createConnectionWithGrant({ tenantId, connectorId: 'etsy', account: 'Shop A', tokens });
//   await engine.refresh.refreshConnection(view.id, { force: true, actor: 'alice' });
//   const { accessToken, headers } = await engine.refresh.getFreshAccessToken(view.id, 'alice');
//   const tick = await engine.scheduler.runDue();               // monitor --once
//   const monitor = engine.scheduler.monitor({ tickMs: 60_000 }); // monitor; later: await monitor.stop()
//   engine.revocation.previewRevocation(view.id, 'es');          // revoke --dry-run
//   await engine.revocation.revokeConnection(view.id, { actor: 'alice' });
//   engine.store.require(view.id);                               // a ConnectionView (the CLI shapes its JSON: main/cli/connection-json.ts)
import type { Emitter } from '../health/emitter';
import { ConnectionStore } from './connection-store';
import type { EngineEvent } from './events';
import { EngineContext } from './context';
import type { EngineDeps } from './context';
import { ConnectionLifecycle } from './lifecycle';
import { ProbeService } from './probes';
import { RefreshEngine } from './refresh-engine';
import { RevocationService } from './revocation';
import { RefreshScheduler } from './scheduler';

export interface CredentialEngine {
  readonly context: EngineContext;
  readonly store: ConnectionStore;
  readonly refresh: RefreshEngine;
  readonly probes: ProbeService;
  readonly revocation: RevocationService;
  readonly lifecycle: ConnectionLifecycle;
  readonly scheduler: RefreshScheduler;
  /** State changes, refresh results and scheduler ticks as they happen (see events.ts). */
  readonly events: Pick<Emitter<EngineEvent>, 'on'>;
  /** Waits for webhook notifications in flight (shutdown, tests). */
  flush(): Promise<void>;
}

export function createCredentialEngine(deps: EngineDeps): CredentialEngine {
  const context = new EngineContext(deps);
  const refresh = new RefreshEngine(context);
  const probes = new ProbeService(context, refresh);
  const revocation = new RevocationService(context, refresh);
  const lifecycle = new ConnectionLifecycle(context, refresh);
  const scheduler = new RefreshScheduler(context, refresh, probes, revocation);
  const store = new ConnectionStore(context);
  return { context, store, refresh, probes, revocation, lifecycle, scheduler, events: context.events, flush: () => context.webhook.flush() };
}

export { ConnectionStore, ConnectionLifecycle, EngineContext, ProbeService, RefreshEngine, RefreshScheduler, RevocationService };
export type { AuditEvent, AuditHook, EngineDeps, EngineOptions, EngineRepos, EngineVault } from './context';
export type { GrantInput, NewConnectionInput, RenewInput } from './connection-store';
export { EngineError } from './errors';
export type { EngineEvent } from './events';
export type { EngineErrorCode } from './errors';
export type { FreshToken, RefreshOptions, RefreshOutcome, RefreshResult } from './refresh-engine';
export type { ProbeOptions, ProbeOutcome, ProbeSkip } from './probes';
export type { RevocationPreview, RevocationResult, RetryResult } from './revocation';
export type { Monitor, MonitorOptions, RunDueResult } from './scheduler';
export type { ConnectionState, ConnectionView } from '../repos/connections';
export type { DuplicateAccount } from '../repos/grants';
