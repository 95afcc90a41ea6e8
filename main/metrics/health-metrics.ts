// Connection health as OpenMetrics, for the agency's Prometheus: connections by state and
// connector, refresh outcomes, seconds to each tenant's nearest consent deadline, and pending
// remote revocations. Gauges are read from the vault at scrape time (always current, nothing to
// keep in sync); the refresh counter is fed by the monitor's ticks. No secret, token or account
// name is ever a label: only state, connector id, outcome and tenant name.
import { Counter, Gauge, Registry } from 'prom-client';
import type { OpenMetricsContentType } from 'prom-client';
import type { ConnectionState } from '../repos/connections';

export interface MetricsConnection {
  readonly state: ConnectionState;
  readonly connector: string;
  readonly tenant: string;
  readonly consentExpiresAt: string | null;
}

/** What the metrics read at each scrape. */
export interface MetricsSource {
  connections(): ReadonlyArray<MetricsConnection>;
  pendingRevocations(): number;
  /** Epoch ms. */
  now(): number;
}

export type RefreshOutcomeLabel = 'refreshed' | 'failed' | 'skipped';

export interface HealthMetrics {
  readonly registry: Registry<OpenMetricsContentType>;
  /** Adds one monitor tick's refresh outcomes to the counter. */
  recordRefreshes(counts: Readonly<Record<RefreshOutcomeLabel, number>>): void;
}

const STATES: ReadonlyArray<ConnectionState> = ['active', 'degraded', 'needs_consent', 'disconnected'];

export function createHealthMetrics(source: MetricsSource): HealthMetrics {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);

  new Gauge({
    name: 'fivex_connections',
    help: 'Connections by health state and connector (revoked ones as disconnected).',
    labelNames: ['state', 'connector'],
    registers: [registry],
    collect() {
      this.reset();
      const counts = new Map<string, Map<ConnectionState, number>>();
      for (const c of source.connections()) {
        let byState = counts.get(c.connector);
        if (!byState) counts.set(c.connector, (byState = new Map<ConnectionState, number>()));
        byState.set(c.state, (byState.get(c.state) ?? 0) + 1);
      }
      // Every state of every connector present, zeros included: an alert on a series that
      // vanishes when the last connection recovers would never resolve.
      for (const [connector, byState] of counts) for (const state of STATES) this.set({ state, connector }, byState.get(state) ?? 0);
    },
  });

  const refreshes = new Counter({
    name: 'fivex_refresh_outcomes',
    help: 'Refresh outcomes of due connections, counted by the monitor since it started.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  for (const outcome of ['refreshed', 'failed', 'skipped'] as const) refreshes.inc({ outcome }, 0);

  new Gauge({
    name: 'fivex_consent_deadline_seconds',
    help: "Seconds until the nearest consent deadline among a tenant's live connections (negative once passed).",
    labelNames: ['tenant'],
    registers: [registry],
    collect() {
      this.reset();
      const now = source.now();
      const nearest = new Map<string, number>();
      for (const c of source.connections()) {
        if (c.state === 'disconnected' || c.consentExpiresAt === null) continue;
        const at = Date.parse(c.consentExpiresAt);
        const known = nearest.get(c.tenant);
        if (known === undefined || at < known) nearest.set(c.tenant, at);
      }
      for (const [tenant, at] of nearest) this.set({ tenant }, Math.round((at - now) / 1000));
    },
  });

  new Gauge({
    name: 'fivex_pending_revocations',
    help: 'Remote revocations the marketplace has not confirmed yet (retried by the monitor).',
    registers: [registry],
    collect() {
      this.set(source.pendingRevocations());
    },
  });

  return {
    registry,
    recordRefreshes(counts) {
      for (const [outcome, n] of Object.entries(counts)) if (n > 0) refreshes.inc({ outcome }, n);
    },
  };
}
