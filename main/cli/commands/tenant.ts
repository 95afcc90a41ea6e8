// `tenant add NAME` and `tenant list`.
import type { VaultContext } from '../context';
import { table } from '../output';

export function tenantAdd(ctx: VaultContext, name: string): void {
  const tenant = ctx.services.tenantService.add(name, { actor: ctx.actor });
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
