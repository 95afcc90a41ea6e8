// The audit view's form as typed by a person, turned into the channel's filter: blanks mean
// "any", dates cover whole days in local time (to = the end of that day).
import type { AuditFilter } from '../../../preload/workspace-channels';

export interface AuditForm {
  readonly tenantId: string;
  readonly operator: string;
  readonly action: string;
  readonly outcome: string;
  /** yyyy-mm-dd from <input type=date>, or ''. */
  readonly from: string;
  readonly to: string;
  readonly search: string;
}

const day = (value: string, end: boolean): string | null => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = new Date(`${value}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

export function toFilter(form: AuditForm): AuditFilter {
  const blank = (s: string): string | null => (s.trim() === '' ? null : s.trim());
  return {
    tenantId: blank(form.tenantId),
    operator: blank(form.operator),
    action: blank(form.action),
    outcome: blank(form.outcome),
    since: day(form.from, false),
    until: day(form.to, true),
    search: blank(form.search),
  };
}
