// The commands of operators, access grants and ownership (docs/cli-contract.md, "Operators,
// roles and grants"), joined to main/cli/index.ts's COMMANDS table.
import { withVault } from './context';
import { grantAdd, grantList, grantRemove } from './commands/grant';
import { operatorAdd, operatorList, operatorRemove, operatorSetRole } from './commands/operator';
import { handoverCommand, transferCommand } from './commands/ownership';
import type { Command } from './index';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const ACCESS_COMMANDS: ReadonlyArray<Command> = [
  {
    words: ['operator', 'add'], usage: 'operator add NAME --role ROLE [--pin-env VAR]', summary: 'add an operator (the first one: an admin, by the OS user)', args: 1,
    options: { role: { type: 'string' }, 'pin-env': { type: 'string' } }, action: 'operator',
    run: (ctx, [name], values) => withVault(ctx, (v) => operatorAdd(v, name!, { ...(str(values.role) ? { role: str(values.role)! } : {}), ...(str(values['pin-env']) ? { pinEnv: str(values['pin-env'])! } : {}) })),
  },
  { words: ['operator', 'list'], usage: 'operator list', summary: 'list operators with their roles and grants', args: 0, action: 'operator', run: (ctx) => withVault(ctx, operatorList) },
  {
    words: ['operator', 'set-role'], usage: 'operator set-role NAME --role ROLE', summary: "change an operator's role (the last admin stays admin)", args: 1,
    options: { role: { type: 'string' } }, action: 'operator',
    run: (ctx, [name], values) => withVault(ctx, (v) => operatorSetRole(v, name!, str(values.role))),
  },
  {
    words: ['operator', 'remove'], usage: 'operator remove NAME', summary: 'remove an operator who owns nothing', args: 1, action: 'operator',
    run: (ctx, [name]) => withVault(ctx, (v) => operatorRemove(v, name!)),
  },
  {
    words: ['grant', 'add'], usage: 'grant add OPERATOR TENANT [--connector C] [--until ISO]', summary: 'let an operator act within a tenant', args: 2,
    options: { connector: { type: 'string' }, until: { type: 'string' } }, action: 'grant',
    run: (ctx, [operator, tenant], values) =>
      withVault(ctx, (v) => grantAdd(v, operator!, tenant!, { ...(str(values.connector) ? { connector: str(values.connector)! } : {}), ...(str(values.until) ? { until: str(values.until)! } : {}) })),
  },
  {
    words: ['grant', 'list'], usage: 'grant list [--operator O] [--tenant T]', summary: 'list access grants', args: 0,
    options: { operator: { type: 'string' }, tenant: { type: 'string' } }, action: 'grant',
    // --operator here filters the list; who acts comes from FIVEX_OPERATOR.
    run: (ctx, _a, values) => withVault({ ...ctx, global: { ...ctx.global, operator: undefined } }, (v) => grantList(v, { ...(str(values.operator) ? { operator: str(values.operator)! } : {}), ...(str(values.tenant) ? { tenant: str(values.tenant)! } : {}) })),
  },
  {
    words: ['grant', 'remove'], usage: 'grant remove OPERATOR TENANT [--connector C]', summary: 'remove an access grant', args: 2,
    options: { connector: { type: 'string' } }, action: 'grant',
    run: (ctx, [operator, tenant], values) => withVault(ctx, (v) => grantRemove(v, operator!, tenant!, { ...(str(values.connector) ? { connector: str(values.connector)! } : {}) })),
  },
  {
    words: ['transfer'], usage: 'transfer CONNECTION --to OPERATOR', summary: 'give a connection a new owner (who holds a grant on its tenant)', args: 1,
    options: { to: { type: 'string' } }, action: 'connection.transfer', scope: ([id]) => ({ connection: id! }),
    run: (ctx, [id], values) => withVault(ctx, (v) => transferCommand(v, id!, str(values.to))),
  },
  {
    words: ['handover'], usage: 'handover OPERATOR --to OPERATOR [--dry-run]', summary: 'move everything an operator owns to another', args: 1,
    options: { to: { type: 'string' }, 'dry-run': { type: 'boolean' } }, action: 'handover',
    run: (ctx, [from], values) => withVault(ctx, (v) => handoverCommand(v, from!, str(values.to), values['dry-run'] === true)),
  },
];
