// The audit log on screen: filters (client, operator, action, outcome, time, free text) over the
// HMAC-chained log, its integrity verdict, and CSV / JSON export. Exports are built here and
// handed to the page as text, so nothing leaves the machine (fully offline).
import type { AuditEvent } from '../../audit/audit-log';
import type { AuditEventDto, AuditFilter } from '../../../preload/workspace-channels';

export function toAuditDto(e: AuditEvent, tenantName: (id: string) => string | null): AuditEventDto {
  return {
    id: e.id,
    at: e.at,
    actor: e.actor,
    tenantId: e.tenant,
    tenantName: e.tenant === null ? null : tenantName(e.tenant),
    connectionId: e.connection,
    action: e.action,
    outcome: e.outcome,
    detail: JSON.stringify(e.detail),
  };
}

/** The filters the SQL query does not take (operator, outcome, until, text), newest first. */
export function filterAudit(events: ReadonlyArray<AuditEventDto>, filter: AuditFilter): AuditEventDto[] {
  const needle = filter.search?.trim().toLowerCase() ?? '';
  const out = events.filter(
    (e) =>
      (filter.operator == null || filter.operator === '' || e.actor === filter.operator) &&
      (filter.outcome == null || filter.outcome === '' || e.outcome === filter.outcome) &&
      (filter.until == null || e.at <= filter.until) &&
      (needle === '' || [e.action, e.actor, e.outcome, e.tenantName ?? '', e.connectionId ?? '', e.detail].some((f) => f.toLowerCase().includes(needle))),
  );
  return out.reverse();
}

const CSV_COLUMNS = ['id', 'at', 'actor', 'tenantId', 'tenantName', 'connectionId', 'action', 'outcome', 'detail'] as const;

/** One CSV field: quoted, and a leading = + - @ defused so a spreadsheet never runs it as a formula. */
function csvField(value: string | number | null): string {
  const s = value === null ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function auditCsv(events: ReadonlyArray<AuditEventDto>): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const e of events) lines.push(CSV_COLUMNS.map((c) => csvField(e[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function auditJson(events: ReadonlyArray<AuditEventDto>): string {
  return `${JSON.stringify(
    events.map((e) => ({ ...e, detail: JSON.parse(e.detail) as unknown })),
    null,
    2,
  )}\n`;
}
