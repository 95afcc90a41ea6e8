// The composition root: builds every main-process service on one unlocked vault, in order, by
// constructor injection. The CLI and the desktop app both start here.
import { SidecarAnchorStore, type AuditAnchorStore } from './audit/anchor-store';
import { AuditLog } from './audit/audit-log';
import { ConnectService } from './consent/connect-service';
import { ConnectorCatalog } from './connectors/catalog';
import { createConsentService } from './oauth/consent';
import { createTokenClient } from './oauth/token-client';
import type { TokenClient } from './oauth/token-types';
import { createCredentialEngine } from './refresh';
import type { EngineOptions } from './refresh';
import { AppRegistrationsRepo } from './repos/app-registrations';
import { CustomConnectorsRepo } from './repos/custom-connectors';
import { SettingsRepo } from './repos/settings';
import { TenantsRepo } from './repos/tenants';
import type { Vault } from './vault/types';

export interface ServiceOptions {
  readonly clock?: () => Date;
  readonly tokenClient?: TokenClient;
  readonly engine?: EngineOptions;
  /** One line, never a secret (diagnostics for people running the monitor). */
  readonly log?: (line: string) => void;
  /** Audit anchors besides the vault folder's sidecar: the desktop app passes its KeychainAnchorStore. */
  readonly auditAnchors?: ReadonlyArray<AuditAnchorStore>;
}

export function createServices(vault: Vault, opts: ServiceOptions = {}) {
  const clock = opts.clock ?? (() => new Date());
  const tenants = new TenantsRepo(vault.db);
  const customConnectors = new CustomConnectorsRepo(vault.db);
  const connectors = new ConnectorCatalog(customConnectors);
  const registrations = new AppRegistrationsRepo(vault);
  const audit = new AuditLog(vault, { clock, anchors: [new SidecarAnchorStore(vault.dir), ...(opts.auditAnchors ?? [])] });
  const settings = new SettingsRepo(vault);
  const tokenClient = opts.tokenClient ?? createTokenClient();
  const engine = createCredentialEngine({
    vault,
    tokenClient,
    connectors: (id) => connectors.get(id),
    registrations: (connectorId) => registrations.get(connectorId),
    clock: () => clock().getTime(),
    audit: (e) => {
      audit.append(e);
    },
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.engine ? { options: opts.engine } : {}),
  });
  const consent = createConsentService({
    db: vault.db,
    clock: () => clock().getTime(),
    audit: (e) => {
      audit.append({ ...e, tenantId: e.tenantId ?? null, connectionId: e.connectionId ?? null });
    },
  });
  // The connect use case (consent → token exchange → connection) the CLI and the app both drive.
  const connect = new ConnectService({ registrations, consent, tokenClient, store: engine.store, refresh: engine.refresh, clock });
  return { vault, clock, tenants, connectors, registrations, audit, settings, tokenClient, engine, consent, connect };
}

export type Services = ReturnType<typeof createServices>;
