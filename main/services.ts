// The composition root: builds every main-process service on one unlocked vault, in order, by
// constructor injection. The CLI and the desktop app both start here.
import { AuditLog } from './audit/audit-log';
import { ConnectorCatalog } from './connectors/catalog';
import { AppRegistrationsRepo } from './repos/app-registrations';
import { CustomConnectorsRepo } from './repos/custom-connectors';
import { TenantsRepo } from './repos/tenants';
import type { Vault } from './vault/types';

export interface ServiceOptions {
  readonly clock?: () => Date;
}

export function createServices(vault: Vault, opts: ServiceOptions = {}) {
  const clock = opts.clock ?? (() => new Date());
  const tenants = new TenantsRepo(vault.db);
  const customConnectors = new CustomConnectorsRepo(vault.db);
  const connectors = new ConnectorCatalog(customConnectors);
  const registrations = new AppRegistrationsRepo(vault);
  const audit = new AuditLog(vault, clock);
  return { vault, clock, tenants, connectors, registrations, audit };
}

export type Services = ReturnType<typeof createServices>;
