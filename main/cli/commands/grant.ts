// `grant add|list|remove`: access grants (an operator may act within a tenant, optionally for one
// connector, optionally until a time). Not marketplace grants.
import type { VaultContext } from '../context';
import { CliError } from '../errors';
import { table } from '../output';

function tenantId(ctx: VaultContext, idOrName: string): string {
  const tenant = ctx.services.tenants.find(idOrName);
  if (!tenant) throw new CliError('unknown_tenant', `unknown tenant "${idOrName}"; see \`fivex-connect tenant list\``);
  return tenant.id;
}

function connectorOf(ctx: VaultContext, id: string | undefined): string | null {
  if (id === undefined) return null;
  if (!ctx.services.connectors.get(id)) throw new CliError('unknown_connector', `unknown connector "${id}"; see \`fivex-connect connector list\``);
  return id;
}

export function grantAdd(ctx: VaultContext, operator: string, tenant: string, opts: { connector?: string; until?: string }): void {
  const id = tenantId(ctx, tenant);
  const added = ctx.services.operatorAdmin.addGrant(ctx.principal, { operator, tenantId: id, connector: connectorOf(ctx, opts.connector), until: opts.until ?? null });
  const doc = { ...added, tenant: ctx.services.tenants.find(id)?.name ?? id };
  ctx.out.result(doc, () => `Granted ${doc.operator} access to ${doc.tenant}${doc.connector ? ` (${doc.connector} only)` : ''}${doc.until ? ` until ${doc.until}` : ''}.`);
}

export function grantList(ctx: VaultContext, opts: { operator?: string; tenant?: string }): void {
  const list = ctx.services.operatorAdmin
    .listGrants({ ...(opts.operator !== undefined ? { operator: opts.operator } : {}), ...(opts.tenant !== undefined ? { tenantId: tenantId(ctx, opts.tenant) } : {}) })
    .map((g) => ({ operator: g.operator, tenant: g.tenant, connector: g.connector, until: g.until, grantedBy: g.grantedBy, grantedAt: g.grantedAt }));
  ctx.out.result(list, () =>
    list.length === 0 ? 'No grants.' : table(list.map((g) => [g.operator, g.tenant, g.connector ?? '(all)', g.until ?? '', g.grantedBy]), ['OPERATOR', 'TENANT', 'CONNECTOR', 'UNTIL', 'GRANTED BY']),
  );
}

export function grantRemove(ctx: VaultContext, operator: string, tenant: string, opts: { connector?: string }): void {
  const id = tenantId(ctx, tenant);
  const removed = ctx.services.operatorAdmin.removeGrant(ctx.principal, operator, id, opts.connector ?? null);
  const doc = { ...removed, tenant: ctx.services.tenants.find(id)?.name ?? id };
  ctx.out.result(doc, () => `Removed ${doc.operator}'s grant on ${doc.tenant}${doc.connector ? ` (${doc.connector})` : ''}.`);
}
