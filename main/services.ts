// The composition root: builds every main-process service on one unlocked vault, in order, by
// constructor injection. The CLI and the desktop app both start here.
import { AccessService, type ThrottleOptions } from './access/access-service';
import { OperatorAdmin } from './access/operator-admin';
import { ActingPrincipal } from './access/principal';
import { SidecarAnchorStore, type AuditAnchorStore } from './audit/anchor-store';
import { AuditLog } from './audit/audit-log';
import { AuditEventsRepo } from './repos/audit-events';
import { ConnectService, ConsentSessions } from './connect';
import { ConnectorCatalog } from './connectors/catalog';
import { createTokenClient } from './oauth/token-client';
import type { TokenClient } from './oauth/token-types';
import { createCredentialEngine } from './refresh';
import type { EngineOptions } from './refresh';
import { AccessGrantsRepo } from './repos/access-grants';
import { AppRegistrationsRepo } from './repos/app-registrations';
import { ConnectionGridRepo } from './repos/connection-grid';
import { ConnectionChangesRepo } from './repos/connection-changes';
import { ConnectionsRepo } from './repos/connections';
import { ConsentSessionsRepo } from './repos/consent-sessions';
import { CredentialsRepo } from './repos/credentials';
import { CustomConnectorsRepo } from './repos/custom-connectors';
import { GrantsRepo } from './repos/grants';
import { HealthEventsRepo } from './repos/health-events';
import { LeasesRepo } from './repos/leases';
import { PendingRevocationsRepo } from './repos/pending-revocations';
import { SettingsRepo } from './repos/settings';
import { OperatorsRepo } from './repos/operators';
import { TenantsRepo } from './repos/tenants';
import { TenantService } from './tenants/tenant-service';
import type { Vault } from './vault/types';

export interface ServiceOptions {
  readonly clock?: () => Date;
  readonly tokenClient?: TokenClient;
  readonly engine?: EngineOptions;
  /** One line, never a secret (diagnostics for people running the monitor). */
  readonly log?: (line: string) => void;
  /** Audit anchors besides the vault folder's sidecar: the desktop app passes its KeychainAnchorStore. */
  readonly auditAnchors?: ReadonlyArray<AuditAnchorStore>;
  /** How failed sign-ins are slowed (tests shorten it); and how the wait is spent. */
  readonly signInThrottle?: ThrottleOptions;
  readonly sleep?: (ms: number) => Promise<void>;
}

export function createServices(vault: Vault, opts: ServiceOptions = {}) {
  const clock = opts.clock ?? (() => new Date());
  const tenants = new TenantsRepo(vault.db);
  const customConnectors = new CustomConnectorsRepo(vault.db);
  const registrations = new AppRegistrationsRepo(vault);
  const connectors = new ConnectorCatalog(customConnectors, registrations);
  const audit = new AuditLog(vault, new AuditEventsRepo(vault.db), { clock, anchors: [new SidecarAnchorStore(vault.dir), ...(opts.auditAnchors ?? [])] });
  // What other processes changed (the desktop's live view reads it; the CLI does not).
  const connectionChanges = new ConnectionChangesRepo(vault.db);
  const settings = new SettingsRepo(vault);
  // The desktop workspace's read side: grid rows in one query, a connection's grant for its detail.
  const grid = new ConnectionGridRepo(vault.db);
  const grants = new GrantsRepo(vault.db);
  const tokenClient = opts.tokenClient ?? createTokenClient();
  // Who acts (set by the CLI after sign-in, by the desktop session on sign-in), what they may do.
  const acting = new ActingPrincipal();
  const operators = new OperatorsRepo(vault.db);
  const accessGrants = new AccessGrantsRepo(vault.db);
  const appendAudit = (e: Parameters<typeof audit.append>[0]): void => {
    audit.append(e);
  };
  const access = new AccessService({
    operators,
    grants: accessGrants,
    audit: appendAudit,
    clock,
    ...(opts.sleep ? { sleep: opts.sleep } : {}),
    ...(opts.signInThrottle ? { throttle: opts.signInThrottle } : {}),
  });
  const operatorAdmin = new OperatorAdmin({
    operators,
    grants: accessGrants,
    audit: appendAudit,
    transaction: (fn) => vault.transaction(fn),
    clock,
    consentTiedToPerson: (connectorId) => connectors.get(connectorId)?.consentTiedToPerson === true,
  });
  // Adding a client tenant (owner, grant, audit) once for the CLI and the app.
  const tenantService = new TenantService({ transaction: (fn) => vault.transaction(fn), tenants, acting, operatorAdmin, audit: appendAudit });
  const engine = createCredentialEngine({
    vault,
    repos: {
      connections: new ConnectionsRepo(vault.db),
      accessGrants,
      grants,
      credentials: new CredentialsRepo(vault.db, vault),
      pendingRevocations: new PendingRevocationsRepo(vault.db, vault),
      healthEvents: new HealthEventsRepo(vault.db),
      leases: new LeasesRepo(vault.db),
      settings,
    },
    tokenClient,
    connectors: (id) => connectors.get(id),
    registrations: (connectorId) => registrations.get(connectorId),
    clock: () => clock().getTime(),
    audit: (e) => {
      audit.append(e);
    },
    defaultOwner: () => acting.ownerId(),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.engine ? { options: opts.engine } : {}),
  });
  // Consent sessions (one-time state, bindings, how each attempt ended) under the audit log.
  const consentSessions = new ConsentSessions({
    repo: new ConsentSessionsRepo(vault.db),
    clock: () => clock().getTime(),
    audit: (e) => {
      audit.append({ ...e, tenantId: e.tenantId ?? null, connectionId: e.connectionId ?? null });
    },
  });
  // The connect use case (consent → token exchange → connection) the CLI and the app both drive.
  const connect = new ConnectService({ registrations, sessions: consentSessions, tokenClient, store: engine.store, refresh: engine.refresh, clock });
  return { vault, clock, acting, access, operatorAdmin, operators, accessGrants, tenants, tenantService, connectors, registrations, audit, settings, grid, grants, tokenClient, engine, consentSessions, connect, connectionChanges };
}

export type Services = ReturnType<typeof createServices>;
