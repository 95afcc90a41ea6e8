// `tenant add NAME` and `tenant list`.
import { SqliteError } from 'better-sqlite3';
import { TenantNameError } from '../../repos/tenants';
import type { VaultContext } from '../context';
import { CliError } from '../errors';
import { table } from '../output';

export function tenantAdd(ctx: VaultContext, name: string): void {
  const { tenants, audit } = ctx.services;
  let tenant;
  try {
    tenant = ctx.vault.transaction(() => {
      const added = tenants.add(name);
      // Who creates a tenant owns it and holds a grant on it.
      ctx.services.operatorAdmin.claimTenant(ctx.principal, added.id);
      audit.append({ actor: ctx.actor, tenantId: added.id, action: 'tenant.add', outcome: 'ok', detail: { name: added.name } });
      return added;
    });
  } catch (err) {
    if (err instanceof TenantNameError) throw new CliError('invalid_name', `${err.message}; try again with another name`);
    if (err instanceof SqliteError && err.code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new CliError('tenant_exists', `a tenant named "${name.trim()}" already exists; use it, or choose another name`);
    }
    throw err;
  }
  ctx.out.result({ id: tenant.id, name: tenant.name }, () => `Added tenant ${tenant.name} (${tenant.id}).`);
}

export function tenantList(ctx: VaultContext): void {
  const list = ctx.services.access.filterVisible(ctx.principal, ctx.services.tenants.list(), (t) => ({ tenantId: t.id }));
  ctx.out.result(list, () =>
    list.length === 0
      ? 'No tenants yet. Add one with: fivex-connect tenant add "Client name"'
      : table(list.map((t) => [t.name, t.id, String(t.connections)]), ['TENANT', 'ID', 'CONNECTIONS']),
  );
}
