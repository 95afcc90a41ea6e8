// Adding a client tenant, once for every front end: the name checked, the row, its owner and
// grant (who creates a tenant owns it), and the audit event, in one transaction. Failures are
// DomainErrors (`invalid_name`, `tenant_exists`) the CLI and the IPC replies map as they are.
import type { OperatorAdmin } from '../access/operator-admin';
import type { ActingPrincipal } from '../access/principal';
import type { AuditInput } from '../audit/types';
import type { Tenant, TenantsRepo } from '../repos/tenants';

export interface TenantServiceDeps {
  readonly transaction: <T>(fn: () => T) => T;
  readonly tenants: TenantsRepo;
  readonly acting: ActingPrincipal;
  readonly operatorAdmin: Pick<OperatorAdmin, 'claimTenant'>;
  readonly audit: (e: AuditInput) => void;
}

export class TenantService {
  constructor(private readonly deps: TenantServiceDeps) {}

  /** `actor` is who the audit log names when no operator is signed in (the OS user). */
  add(name: string, opts: { readonly actor: string; readonly detail?: Readonly<Record<string, unknown>> }): Tenant {
    const { tenants, acting, operatorAdmin, audit } = this.deps;
    return this.deps.transaction(() => {
      const added = tenants.add(name);
      const by = acting.get();
      if (by !== null) operatorAdmin.claimTenant(by, added.id);
      audit({ actor: by?.actor ?? opts.actor, tenantId: added.id, action: 'tenant.add', outcome: 'ok', detail: { name: added.name, ...opts.detail } });
      return added;
    });
  }
}
