// `transfer CONNECTION --to OPERATOR` and `handover OPERATOR --to OPERATOR [--dry-run]`: who owns
// a connection (and a tenant). The new owner of a connection must hold a grant on its tenant.
import { toConnectionJson } from '../connection-json';
import type { VaultContext } from '../context';
import { CliError, usageError } from '../errors';
import { describeConnection } from './connections';

export function transferCommand(ctx: VaultContext, id: string, to: string | undefined): void {
  if (to === undefined) throw usageError('transfer needs --to OPERATOR');
  const conn = ctx.services.engine.store.get(id);
  if (!conn) throw new CliError('unknown_connection', `unknown connection "${id}"; see \`fivex-connect connections\` for the ids`);
  ctx.services.operatorAdmin.transfer(ctx.principal, { id: conn.id, tenantId: conn.tenantId, connectorId: conn.connectorId }, to);
  const json = toConnectionJson(ctx.services.engine.store.get(id)!);
  ctx.out.result(json, () => `Transferred ${describeConnection(json)} to ${json.owner ?? to}.`);
}

export function handoverCommand(ctx: VaultContext, from: string, to: string | undefined, dryRun: boolean): void {
  if (to === undefined) throw usageError('handover needs --to OPERATOR');
  const result = ctx.services.operatorAdmin.handover(ctx.principal, from, to, dryRun);
  ctx.out.result(result, () => {
    const verb = dryRun ? 'Would move' : 'Moved';
    const renew = result.needsReconsent.length > 0 ? ` These need renewed consent by ${to} (the marketplace ties consent to the person): ${result.needsReconsent.join(', ')}.` : '';
    return `${verb} ${result.moved.length} item(s) from ${from} to ${to}.${renew}`;
  });
}
