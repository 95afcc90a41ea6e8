// Applies health events to connections: runs the pure state machine, writes the new state and a
// health_events row when something changed, and returns the changes for notification. Callers run
// it inside the vault transaction that records what caused the change.
import type { ConnectionRow, ConnectionsRepo } from '../repos/connections';
import type { HealthEventsRepo } from '../repos/health-events';
import { sameHealth, transition } from './state-machine';
import type { Health, HealthEvent } from './state-machine';

export interface StateChange {
  readonly connectionId: string;
  readonly tenantId: string;
  readonly connectorId: string;
  readonly account: string;
  readonly from: Health;
  readonly to: Health;
  readonly at: string;
}

function healthOf(row: Pick<ConnectionRow, 'state' | 'reason' | 'reasonDetail'>): Health {
  return { state: row.state, reason: row.reason, detail: row.reasonDetail };
}

export class HealthRecorder {
  constructor(
    private readonly connections: ConnectionsRepo,
    private readonly events: HealthEventsRepo,
  ) {}

  apply(row: ConnectionRow, event: HealthEvent, at: string): StateChange | null {
    const from = healthOf(row);
    const to = transition(from, event);
    if (sameHealth(from, to)) return null;
    this.connections.setHealth(row.id, to, at);
    this.events.insert({ connectionId: row.id, at, state: to.state, reason: to.reason, detail: to.detail });
    return { connectionId: row.id, tenantId: row.tenantId, connectorId: row.connectorId, account: row.account, from, to, at };
  }

  /** One grant, one truth: the event applies to every live connection on it. */
  applyToGrant(grantId: string, event: HealthEvent, at: string): StateChange[] {
    return this.applyToRows(this.connections.liveOnGrant(grantId), event, at);
  }

  /** Same, for rows the caller already read in this transaction. */
  applyToRows(rows: ReadonlyArray<ConnectionRow>, event: HealthEvent, at: string): StateChange[] {
    const changes: StateChange[] = [];
    for (const row of rows) {
      const change = this.apply(row, event, at);
      if (change) changes.push(change);
    }
    return changes;
  }

  /** A first state, recorded as history too, so charts start at creation. */
  recordInitial(row: Pick<ConnectionRow, 'id'>, health: Health, at: string): void {
    this.events.insert({ connectionId: row.id, at, state: health.state, reason: health.reason, detail: health.detail });
  }
}
