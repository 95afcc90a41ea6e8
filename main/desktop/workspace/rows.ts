// Grid rows for the workspace: a connection as the grid and "Needs attention" show it, with a
// real account label (the seller id or shop the callback named, never the marketplace's name
// again), the last probe, the next retry when failing, and whether it was ever checked.
import type { ConnectorDefinition } from '../../../connectors/types';
import type { ConnectionView } from '../../repos/connections';
import type { GridConnection } from '../../../preload/workspace-channels';
import { reasonText } from '../dto';

/** Days before a renew-by date from which an active connection counts as needing attention. */
const ATTENTION_RENEW_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * The label people recognise an account by: the marketplace's own account id when the callback
 * gave one, else the account the connection was made with; a label equal to the marketplace's
 * name tells nothing apart (two rows of one client would look alike), so the id stands in.
 */
export function accountLabel(view: Pick<ConnectionView, 'id' | 'account' | 'externalAccount'>, connectorName: string): string {
  const same = (s: string | null): boolean => s === null || s.trim() === '' || s.trim().toLowerCase() === connectorName.trim().toLowerCase();
  if (!same(view.externalAccount)) return (view.externalAccount ?? '').trim();
  if (!same(view.account)) return view.account.trim();
  return view.id.slice(0, 12);
}

// Reasons repeat across thousands of rows; explaining one (two languages, interpolation) costs
// more than the rest of the row, so each (connector, reason, detail) is explained once.
const explained = new Map<string, ReturnType<typeof reasonText>>();
const MAX_EXPLAINED = 2000;
function explainedReason(reason: string, connector: ConnectorDefinition | undefined, detail: string | null): ReturnType<typeof reasonText> {
  const key = `${connector?.id ?? ''}\u0000${reason}\u0000${detail ?? ''}`;
  let text = explained.get(key);
  if (text === undefined) {
    if (explained.size >= MAX_EXPLAINED) explained.clear();
    text = reasonText(reason, connector, detail);
    explained.set(key, text);
  }
  return text;
}

export function toGridConnection(view: ConnectionView, connector: ConnectorDefinition | undefined, renewBy: string | null): GridConnection {
  const connectorName = connector?.name ?? view.connectorId;
  const reason = view.reason ?? (view.pausedAt !== null ? 'paused' : null);
  const failing = view.state === 'degraded' || view.failureCount > 0;
  return {
    id: view.id,
    tenantId: view.tenantId,
    tenantName: view.tenant,
    connectorId: view.connectorId,
    connectorName,
    label: accountLabel(view, connectorName),
    region: view.region,
    state: view.state,
    paused: view.pausedAt !== null,
    reason,
    reasonText: reason === null ? null : explainedReason(reason, connector, view.reasonDetail),
    renewBy,
    lastRefreshAt: view.lastRefreshAt,
    lastProbeAt: view.lastProbeAt,
    nextRetryAt: failing && view.pausedAt === null ? (view.retryAfter ?? view.nextRefreshAt) : null,
    owner: view.owner,
    unchecked: view.lastRefreshAt === null && view.lastProbeAt === null && view.state !== 'disconnected',
    updatedAt: view.updatedAt,
  };
}

/** Lost consent, degraded, or a renew-by date within ATTENTION_RENEW_DAYS (revoked ones are done). */
export function needsAttention(row: Pick<GridConnection, 'state' | 'renewBy'>, now: number): boolean {
  if (row.state === 'needs_consent' || row.state === 'degraded') return true;
  if (row.state !== 'active' || row.renewBy === null) return false;
  const at = Date.parse(row.renewBy);
  return !Number.isNaN(at) && at - now < ATTENTION_RENEW_DAYS * DAY_MS;
}
