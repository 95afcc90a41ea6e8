// What every engine service is built from: the injected dependencies (vault, token client,
// connector and registration lookups, clock, audit, random, log), the repositories over the vault,
// and the few helpers they share (resolving a connection's connector, auditing, notifying).
import type { AccessGrantsRepo } from '../repos/access-grants';
import type { ConnectorDefinition } from '../../connectors/types';
import type { AppRegistration, ResolvedConnector } from '../oauth/resolve';
import { agencylessRegistration, resolveConnector } from '../oauth/resolve';
import type { TokenClient } from '../oauth/token-types';
import { VaultError } from '../vault/types';
import type { Vault } from '../vault/types';
import type { ConnectionsRepo } from '../repos/connections';
import type { ConnectionRow } from '../repos/connections';
import type { CredentialsRepo } from '../repos/credentials';
import type { GrantsRepo } from '../repos/grants';
import type { GrantRow } from '../repos/grants';
import type { HealthEventsRepo } from '../repos/health-events';
import type { LeasesRepo } from '../repos/leases';
import type { PendingRevocationsRepo } from '../repos/pending-revocations';
import type { SettingsRepo } from '../repos/settings';
import { HealthRecorder } from '../health/recorder';
import type { StateChange } from '../health/recorder';
import { WebhookNotifier } from '../health/webhook';
import { HealthNewsEmitter } from '../health/news';
import { fetchTransport } from '../oauth/http-transport';
import { Emitter } from '../health/emitter';
import type { EngineEvent } from './events';
import { CommitQueue } from './commit-queue';
import { classifyFailure } from './errors';
import type { ClassifiedFailure } from './errors';
import { DEFAULT_LEASE_OPTIONS, RefreshLeases } from './lease';
import type { LeaseOptions } from './lease';
import type { BackoffOptions } from './schedule';

/** The part of the vault the engine uses (the whole Vault satisfies it). */
export type EngineVault = Pick<Vault, 'db' | 'seal' | 'open' | 'openString' | 'transaction' | 'scrub'>;

export interface AuditEvent {
  readonly actor: string;
  readonly tenantId: string | null;
  readonly connectionId: string | null;
  readonly action: string;
  readonly outcome: 'ok' | 'failed' | 'skipped' | 'pending';
  /** Never a secret: reason codes, ids, dates. */
  readonly detail: Readonly<Record<string, unknown>>;
}

export type AuditHook = (event: AuditEvent) => void | Promise<void>;

export interface EngineOptions {
  readonly lease?: Partial<LeaseOptions>;
  readonly backoff?: Partial<BackoffOptions>;
  /** Longest wait between retries of a pending remote revocation. */
  readonly revocationMaxBackoffMs?: number;
  readonly webhookTimeoutMs?: number;
  /**
   * Under load, a refresh result waits at most this long for the group commit it joins (one
   * fsync per group, and each fsync blocks the event loop); when no other refresh is still out
   * (a lone refresh, the end of a tick) it is committed at once. Default 100 ms: profiles of
   * `monitor --once` on a busy machine showed 20 ms groups spending more time in fsync than 100.
   */
  readonly groupCommitIntervalMs?: number;
  /** Rows the scheduler takes per tick, per kind. */
  readonly schedulerBatch?: number;
}

/** The repositories the engine works on, built once by the composition root (main/services.ts). */
export interface EngineRepos {
  readonly connections: ConnectionsRepo;
  readonly accessGrants: AccessGrantsRepo;
  readonly grants: GrantsRepo;
  readonly credentials: CredentialsRepo;
  readonly pendingRevocations: PendingRevocationsRepo;
  readonly healthEvents: HealthEventsRepo;
  readonly leases: LeasesRepo;
  /** Opens the sealed webhook URL. */
  readonly settings: SettingsRepo;
}

export interface EngineDeps {
  readonly vault: EngineVault;
  /** Over the same vault as `vault`. */
  readonly repos: EngineRepos;
  readonly tokenClient: TokenClient;
  readonly connectors: (id: string) => ConnectorDefinition | undefined;
  readonly registrations: (connectorId: string) => AppRegistration | undefined;
  /** Epoch ms. */
  readonly clock?: () => number;
  readonly audit?: AuditHook;
  /** In [0, 1): jitter only; lease owner tokens use crypto randomness. */
  readonly random?: () => number;
  /** One line, never a secret. */
  readonly log?: (line: string) => void;
  /** For the webhook (tests inject one; the default is the shared got transport). */
  readonly fetch?: typeof fetch;
  /** Who owns a new connection when the caller names nobody: the signed-in operator (main/access). */
  readonly defaultOwner?: () => string | null;
  readonly options?: EngineOptions;
}

export type Resolution = { readonly ok: true; readonly rc: ResolvedConnector } | { readonly ok: false; readonly failure: ClassifiedFailure };

export class EngineContext {
  readonly vault: EngineVault;
  readonly tokenClient: TokenClient;
  readonly clock: () => number;
  readonly random: () => number;
  readonly log: (line: string) => void;
  readonly connections: ConnectionsRepo;
  /** Who may reconnect (the revocation preview's canReconnect). */
  readonly accessGrants: AccessGrantsRepo;
  readonly grants: GrantsRepo;
  readonly credentials: CredentialsRepo;
  readonly pendingRevocations: PendingRevocationsRepo;
  readonly healthEvents: HealthEventsRepo;
  readonly recorder: HealthRecorder;
  readonly webhook: WebhookNotifier;
  /** Every recorded state change, recoveries marked, for the desktop and the metrics. */
  readonly news = new HealthNewsEmitter();
  readonly leases: RefreshLeases;
  /** Group commit for refresh results (see commit-queue.ts). */
  readonly commits: CommitQueue;
  readonly backoff: BackoffOptions;
  readonly revocationMaxBackoffMs: number;
  readonly schedulerBatch: number;
  /** State changes, refresh results and scheduler ticks, for whoever shows them (the desktop). */
  readonly events = new Emitter<EngineEvent>();

  constructor(readonly deps: EngineDeps) {
    const { repos } = deps;
    this.vault = deps.vault;
    this.tokenClient = deps.tokenClient;
    this.clock = deps.clock ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.log = deps.log ?? (() => undefined);
    this.connections = repos.connections;
    this.accessGrants = repos.accessGrants;
    this.grants = repos.grants;
    this.credentials = repos.credentials;
    this.pendingRevocations = repos.pendingRevocations;
    this.healthEvents = repos.healthEvents;
    this.recorder = new HealthRecorder(this.connections, this.healthEvents);
    const opts = deps.options ?? {};
    this.leases = new RefreshLeases(repos.leases, this.clock, { ...DEFAULT_LEASE_OPTIONS, ...opts.lease });
    this.commits = new CommitQueue(deps.vault, opts.groupCommitIntervalMs ?? 100);
    this.backoff = { baseMs: 30_000, maxMs: 3_600_000, ...opts.backoff };
    this.revocationMaxBackoffMs = opts.revocationMaxBackoffMs ?? 86_400_000;
    this.schedulerBatch = opts.schedulerBatch ?? 50_000;
    // The URL is sealed (a Slack webhook URL is itself a credential); the settings repo opens it.
    const settings = repos.settings;
    this.webhook = new WebhookNotifier({
      url: () => settings.webhookUrl(),
      log: this.log,
      ...(deps.fetch ? { transport: fetchTransport(deps.fetch, opts.webhookTimeoutMs ?? 3000) } : {}),
      ...(opts.webhookTimeoutMs === undefined ? {} : { timeoutMs: opts.webhookTimeoutMs }),
      names: (c) => ({
        tenant: this.connections.view(c.connectionId)?.tenant ?? c.tenantId,
        connector: deps.connectors(c.connectorId)?.name ?? c.connectorId,
      }),
    });
  }

  nowIso(at: number = this.clock()): string {
    return new Date(at).toISOString();
  }

  connector(id: string): ConnectorDefinition | undefined {
    return this.deps.connectors(id);
  }

  /** The connector resolved for one connection, or the health reason why it cannot be. */
  resolve(conn: Pick<ConnectionRow, 'connectorId' | 'region' | 'settings'>, grant: GrantRow): Resolution {
    const connector = this.deps.connectors(conn.connectorId);
    if (!connector) return { ok: false, failure: { failure: 'unknown', reason: 'unknown_connector', detail: conn.connectorId, retryAfterMs: null } };
    // Seller-owned API credentials (bol.com, Zalando) sign this grant's calls instead of the agency's app.
    const sellerClient = connector.sellerOwnedCredentials ? this.credentials.sellerClient(grant.id) : null;
    let registration: AppRegistration | undefined;
    try {
      registration = this.deps.registrations(conn.connectorId);
    } catch (err) {
      // The app's sealed client secret failed authentication: every connection of it is stuck
      // until an admin saves it again (app set), which a reconnect would not fix.
      if (err instanceof VaultError && err.code === 'secret_tampered') {
        return { ok: false, failure: { failure: 'client_broken', reason: 'registration_tampered', detail: connector.id, retryAfterMs: null } };
      }
      throw err;
    }
    registration ??= sellerClient ? agencylessRegistration(connector.id) : undefined;
    if (!registration) return { ok: false, failure: { failure: 'unknown', reason: 'app_not_registered', detail: connector.id, retryAfterMs: null } };
    try {
      const rc = resolveConnector({
        connector,
        registration,
        sellerClient,
        region: conn.region ?? grant.region,
        environment: grant.environment,
        settings: conn.settings,
        callbackMetadata: grant.callbackMetadata,
      });
      return { ok: true, rc };
    } catch (err) {
      return { ok: false, failure: classifyFailure(err) };
    }
  }

  /** Audit that must not undo what already happened: a failing audit sink is logged, not thrown. */
  audit(event: AuditEvent): void {
    const hook = this.deps.audit;
    if (!hook) return;
    try {
      const r = hook(event);
      if (r instanceof Promise) r.catch(() => this.log(`audit: could not record ${event.action} for ${event.connectionId ?? '-'}`));
    } catch {
      this.log(`audit: could not record ${event.action} for ${event.connectionId ?? '-'}`);
    }
  }

  /** Audit that gates the action (credential use): if it cannot be recorded, the action fails. */
  async auditOrFail(event: AuditEvent): Promise<void> {
    await this.deps.audit?.(event);
  }

  notify(changes: ReadonlyArray<StateChange>): void {
    if (changes.length > 0) this.events.emit({ kind: 'state', changes });
    this.webhook.notify(changes);
    this.news.emit(changes);
  }
}
