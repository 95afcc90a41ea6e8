// The repositories an engine built directly by a test works on (main/services.ts builds them for
// the product): all over the given vault, which may be a wrapper of the harness vault.
import { AccessGrantsRepo } from '../../../main/repos/access-grants';
import { ConnectionsRepo } from '../../../main/repos/connections';
import { CredentialsRepo } from '../../../main/repos/credentials';
import { GrantsRepo } from '../../../main/repos/grants';
import { HealthEventsRepo } from '../../../main/repos/health-events';
import { LeasesRepo } from '../../../main/repos/leases';
import { PendingRevocationsRepo } from '../../../main/repos/pending-revocations';
import { SettingsRepo } from '../../../main/repos/settings';
import type { EngineRepos, EngineVault } from '../../../main/refresh';

export function engineRepos(vault: EngineVault): EngineRepos {
  return {
    connections: new ConnectionsRepo(vault.db),
    accessGrants: new AccessGrantsRepo(vault.db),
    grants: new GrantsRepo(vault.db),
    credentials: new CredentialsRepo(vault.db, vault),
    pendingRevocations: new PendingRevocationsRepo(vault.db, vault),
    healthEvents: new HealthEventsRepo(vault.db),
    leases: new LeasesRepo(vault.db),
    settings: new SettingsRepo(vault),
  };
}
