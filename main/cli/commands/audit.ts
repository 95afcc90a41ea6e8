// `audit list`, `audit export`, `audit verify`: the audit log for reviewers, offline.
import { writeFileSync } from 'node:fs';
import type { AuditEvent } from '../../audit/audit-log';
import type { VaultContext } from '../context';
import { CliError, usageError } from '../errors';
import { table } from '../output';

export function auditList(ctx: VaultContext, opts: { tenant?: string; since?: string; action?: string }): void {
  let tenantId: string | undefined;
  if (opts.tenant !== undefined) {
    const tenant = ctx.services.tenants.find(opts.tenant);
    if (!tenant) throw new CliError('unknown_tenant', `unknown tenant "${opts.tenant}"; see \`fivex-connect tenant list\``);
    tenantId = tenant.id;
  }
  if (opts.since !== undefined && Number.isNaN(Date.parse(opts.since))) {
    throw usageError(`--since takes an ISO-8601 date or time such as 2026-11-01 or 2026-11-01T09:00:00Z; got "${opts.since}"`);
  }
  const since = opts.since === undefined ? undefined : new Date(opts.since).toISOString();
  const events = ctx.services.audit.list({
    ...(tenantId !== undefined ? { tenantId } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(opts.action !== undefined ? { action: opts.action } : {}),
  });
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

const CSV_COLUMNS = ['id', 'at', 'actor', 'tenant', 'connection', 'action', 'outcome', 'detail'] as const;

function csvCell(value: string): string {
  // Quote everything that could break a row or be read as a formula by a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(events: ReadonlyArray<AuditEvent>): string {
  const rows = events.map((e) =>
    CSV_COLUMNS.map((c) => csvCell(c === 'detail' ? JSON.stringify(e.detail) : c === 'id' ? String(e.id) : (e[c] ?? ''))).join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

export function auditExport(ctx: VaultContext, opts: { format?: string; out?: string }): void {
  if (opts.format !== 'json' && opts.format !== 'csv') throw usageError('audit export needs --format json or --format csv');
  const events = ctx.services.audit.list();
  const body = opts.format === 'json' ? `${JSON.stringify(events, null, 2)}\n` : toCsv(events);
  if (opts.out === undefined) {
    ctx.io.stdout.write(body);
    return;
  }
  try {
    writeFileSync(opts.out, body, { mode: 0o600 });
  } catch (err) {
    throw new CliError('write_failed', `cannot write ${opts.out} (${(err as Error).message}); choose another path`);
  }
  ctx.services.audit.append({ actor: ctx.actor, action: 'audit.export', outcome: 'ok', detail: { format: opts.format, events: events.length } });
  ctx.out.result({ out: opts.out, events: events.length }, () => `Wrote ${events.length} events to ${opts.out}.`);
}

export function auditVerify(ctx: VaultContext): void {
  const result = ctx.services.audit.verify();
  if (!result.ok) {
    const where = result.firstBadEvent === null ? 'its end was cut off' : `the first bad event is ${result.firstBadEvent}`;
    throw new CliError('audit_broken', `the audit log has been altered: ${where}; keep this vault as evidence and compare with an earlier export`, 1, result);
  }
  ctx.out.result(result, () => `The audit log is intact: ${result.events} events, head ${result.head}.`);
}
