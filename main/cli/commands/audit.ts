// `audit list`, `audit export`, `audit verify`, `audit prune`: the audit log for reviewers,
// offline. Exports carry the chain head (a `.head.json` beside `--out`, or `--with-head`'s
// envelope for JSON), so a later reader can tell whether the log went on or was rewound.
import { AuditIntegrityError } from '../../audit/audit-log';
import { writeFileAtomic } from '../../audit/atomic-file';
import { exportChunks, headDocument, headFileFor, type AuditExportFormat } from '../../audit/export-format';
import type { AuditFailureReason, AuditFilter, AuditVerification } from '../../audit/types';
import type { VaultContext } from '../context';
import { CliError, usageError } from '../errors';
import { table } from '../output';

export interface AuditListOptions {
  readonly tenant?: string | undefined;
  readonly actor?: string | undefined;
  readonly action?: string | undefined;
  readonly outcome?: string | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
}

function isoOption(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Number.isNaN(Date.parse(value))) {
    throw usageError(`--${name} takes an ISO-8601 date or time such as 2026-11-01 or 2026-11-01T09:00:00Z; got "${value}"`);
  }
  return new Date(value).toISOString();
}

function nonEmpty(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw usageError(`--${name} needs a value`);
  return value;
}

function filterOf(ctx: VaultContext, opts: AuditListOptions): AuditFilter {
  let tenantId: string | undefined;
  if (opts.tenant !== undefined) {
    const tenant = ctx.services.tenants.find(opts.tenant);
    if (!tenant) throw new CliError('unknown_tenant', `unknown tenant "${opts.tenant}"; see \`fivex-connect tenant list\``);
    tenantId = tenant.id;
  }
  const since = isoOption('since', opts.since);
  const until = isoOption('until', opts.until);
  if (since !== undefined && until !== undefined && since >= until) throw usageError(`--since (${since}) must be before --until (${until})`);
  const actor = nonEmpty('actor', opts.actor);
  const action = nonEmpty('action', opts.action);
  const outcome = nonEmpty('outcome', opts.outcome);
  return {
    ...(tenantId !== undefined ? { tenantId } : {}),
    ...(actor !== undefined ? { actor } : {}),
    ...(action !== undefined ? { action } : {}),
    ...(outcome !== undefined ? { outcome } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
  };
}

/** Events of tenants the operator has no grant for are left out (agency-wide ones too, for granted roles). */
function visibleEvents<T extends { tenant: string | null }>(ctx: VaultContext, events: Iterable<T>): T[] {
  return ctx.services.access.filterVisible(ctx.principal, [...events], (e) => ({ tenantId: e.tenant }));
}

function* visibleStream<T extends { tenant: string | null }>(ctx: VaultContext, events: Iterable<T>): Iterable<T> {
  const v = ctx.services.access.visibility(ctx.principal);
  for (const e of events) if (v.all || (e.tenant !== null && ctx.services.access.covers(v, e.tenant))) yield e;
}

export function auditList(ctx: VaultContext, opts: AuditListOptions): void {
  const events = visibleEvents(ctx, ctx.services.audit.list(filterOf(ctx, opts)));
  ctx.out.result(events, () => {
    if (events.length === 0) return 'No audit events match.';
    // People read names; the JSON keeps the stable ids.
    const names = new Map(ctx.services.tenants.list().map((t) => [t.id, t.name]));
    return table(
      events.map((e) => [String(e.id), e.at, e.actor, e.action, e.outcome, e.tenant ? (names.get(e.tenant) ?? e.tenant) : '', e.connection ?? '']),
      ['ID', 'AT', 'ACTOR', 'ACTION', 'OUTCOME', 'TENANT', 'CONNECTION'],
    );
  });
}

export async function auditExport(ctx: VaultContext, opts: { format?: string | undefined; out?: string | undefined; withHead?: boolean }): Promise<void> {
  if (opts.format !== 'json' && opts.format !== 'csv') throw usageError('audit export needs --format json or --format csv');
  const format: AuditExportFormat = opts.format;
  const out = opts.out;
  if (opts.withHead === true && format === 'csv' && out === undefined) {
    throw usageError('a CSV file has no place for the chain head: use --out FILE (the head goes to FILE.head.json), or --format json --with-head');
  }
  const written = await ctx.services.audit.exportSnapshot((head, events) => {
    const chunks = exportChunks(format, visibleStream(ctx, events), opts.withHead === true && format === 'json' ? head : undefined);
    if (out === undefined) {
      for (const chunk of chunks) ctx.io.stdout.write(chunk);
      return { head, headFile: null };
    }
    const headFile = headFileFor(out);
    try {
      // The events first, then the head naming them: a crash in between leaves no head claiming a file.
      writeFileAtomic(out, chunks);
      writeFileAtomic(headFile, headDocument(head, format, out));
    } catch (err) {
      throw new CliError('write_failed', `cannot write ${out} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); choose another path`);
    }
    return { head, headFile };
  });
  ctx.services.audit.append({
    actor: ctx.actor,
    action: 'audit.export',
    outcome: 'ok',
    detail: { format, events: written.head.events, lastId: written.head.lastId, to: out === undefined ? 'stdout' : 'file', withHead: opts.withHead === true },
  });
  if (out === undefined) return;
  const { head, headFile } = written;
  ctx.out.result({ out, events: head.events, head: head.head, headFile }, () => `Wrote ${head.events} events to ${out}, and the chain head to ${headFile}.`);
}

const FAILURE_TEXT: Readonly<Record<AuditFailureReason, string>> = {
  chain_broken: 'an event was edited, deleted, inserted or moved',
  truncated: 'its end was cut off',
  rolled_back: 'the database was replaced by an older copy of itself',
  wiped: 'its events were deleted',
  head_missing: 'the head kept in the database was deleted',
  head_invalid: 'the head kept in the database was altered',
  key_missing: 'its key was deleted from the vault',
  anchor_missing: 'the anchor kept beside the vault was deleted',
  anchor_invalid: 'an anchor kept outside the database was altered, or belongs to another vault',
  checkpoint_invalid: 'its retention checkpoint was altered',
};

function brokenLog(result: Extract<AuditVerification, { ok: false }>, what = 'the audit log has been altered'): CliError {
  const where = result.firstBadEvent === null ? '' : `; the first bad event is ${result.firstBadEvent}`;
  return new CliError(
    'audit_broken',
    `${what}: ${FAILURE_TEXT[result.reason]} (${result.reason})${where}; keep this vault and its anchor files as evidence and compare with an earlier export`,
    1,
    result,
  );
}

/** Reads the anchors once this process's own writes to them are done (verify() awaits them). */
export async function auditVerify(ctx: VaultContext): Promise<void> {
  const result = await ctx.services.audit.verify();
  if (!result.ok) throw brokenLog(result);
  const from = result.from > 1 ? ` from event ${result.from} (earlier events were pruned at a signed checkpoint)` : '';
  ctx.out.result(result, () => `The audit log is intact${from}: ${result.events} events, head ${result.head}.`);
}

export async function auditPrune(ctx: VaultContext, opts: { before?: string | undefined }): Promise<void> {
  const before = isoOption('before', opts.before);
  if (before === undefined) throw usageError('audit prune needs --before ISO: events written before that time are deleted');
  if (before > ctx.services.clock().toISOString()) throw usageError(`--before ${before} is in the future; retention prunes the past only`);
  let result: Awaited<ReturnType<typeof ctx.services.audit.prune>>;
  try {
    result = await ctx.services.audit.prune(before, ctx.actor);
  } catch (err) {
    if (err instanceof AuditIntegrityError) throw brokenLog(err.verification, 'nothing was pruned, because the audit log fails verification');
    throw err;
  }
  const from = (result.checkpoint?.throughId ?? 0) + 1;
  ctx.out.result({ pruned: result.pruned, throughId: result.checkpoint?.throughId ?? null, from }, () =>
    result.pruned === 0 ? `No events were written before ${before}; nothing was pruned.` : `Pruned ${result.pruned} events; the log now verifies from event ${from}.`,
  );
}
