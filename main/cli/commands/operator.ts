// `operator add|list|set-role|remove`: agency staff with a role and a PIN (docs/cli-contract.md,
// "Operators, roles and grants"). The PIN comes from the env var --pin-env names, or a prompt.
import type { VaultContext } from '../context';
import { CliError } from '../errors';
import { table } from '../output';
import { promptHidden, readSecretFromEnv } from '../secrets';

async function readPin(ctx: VaultContext, name: string, pinEnv: string | undefined): Promise<string> {
  if (pinEnv !== undefined) return readSecretFromEnv(ctx.io, pinEnv, `PIN for ${name}`);
  if (!ctx.io.isTTY) throw new CliError('pin_required', `the PIN for ${name} is needed: pass --pin-env VAR (an environment variable holding it) or run in a terminal to be asked`);
  const first = await promptHidden(ctx.io, `New PIN for ${name}: `);
  const again = await promptHidden(ctx.io, 'Repeat the PIN: ');
  if (first !== again) throw new CliError('pin_mismatch', 'the two PINs differ; run the command again');
  return first;
}

export async function operatorAdd(ctx: VaultContext, name: string, opts: { role?: string; pinEnv?: string }): Promise<void> {
  if (opts.role === undefined) throw new CliError('usage', 'operator add needs --role ROLE (admin, account_manager, support, finance, partner or auditor)', 2);
  const pin = await readPin(ctx, name, opts.pinEnv);
  const added = await ctx.services.operatorAdmin.add(ctx.principal, name, opts.role, pin);
  ctx.out.result(added, () => `Added operator ${added.name} (${added.role}).`);
}

export function operatorList(ctx: VaultContext): void {
  // The contract's shape: a grant names its tenant, not the tenant's id.
  const list = ctx.services.operatorAdmin.list().map((o) => ({ name: o.name, role: o.role, grants: o.grants.map(({ tenant, connector, until }) => ({ tenant, connector, until })) }));
  ctx.out.result(list, () =>
    list.length === 0
      ? 'No operators: commands act as the OS user. Add the first (an admin) with: fivex-connect operator add NAME --role admin'
      : table(
          list.map((o) => [o.name, o.role, o.grants.map((g) => `${g.tenant}${g.connector ? `/${g.connector}` : ''}${g.until ? ` until ${g.until}` : ''}`).join(', ')]),
          ['OPERATOR', 'ROLE', 'GRANTS'],
        ),
  );
}

export function operatorSetRole(ctx: VaultContext, name: string, role: string | undefined): void {
  if (role === undefined) throw new CliError('usage', 'operator set-role needs --role ROLE (admin, account_manager, support, finance, partner or auditor)', 2);
  const changed = ctx.services.operatorAdmin.setRole(ctx.principal, name, role);
  ctx.out.result(changed, () => `${changed.name} now has the role ${changed.role}.`);
}

export function operatorRemove(ctx: VaultContext, name: string): void {
  const removed = ctx.services.operatorAdmin.remove(ctx.principal, name);
  ctx.out.result(removed, () => `Removed operator ${removed.name}.`);
}
