// What `monitor --metrics` runs: the metrics over the services' vault, served on loopback, and fed
// with each tick's refresh outcomes. Kept here so the CLI command only starts and stops it.
import type { RunDueResult } from '../refresh';
import type { Services } from '../services';
import { createHealthMetrics } from './health-metrics';
import type { MetricsSource } from './health-metrics';
import { parseLoopbackAddress, startMetricsServer } from './server';

// pending_revocations has no count query; every row is due before this date.
const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

function metricsSource(services: Services): MetricsSource {
  const { engine } = services;
  return {
    connections: () =>
      engine.store.listConnections().map((c) => ({ state: c.state, connector: c.connectorId, tenant: c.tenant, consentExpiresAt: c.consentExpiresAt })),
    pendingRevocations: () => engine.context.pendingRevocations.due(FAR_FUTURE, Number.MAX_SAFE_INTEGER).length,
    now: () => services.clock().getTime(),
  };
}

export interface MonitorMetrics {
  readonly url: string;
  recordTick(result: RunDueResult): void;
  close(): Promise<void>;
}

/** Throws MetricsAddressError for a malformed or non-loopback address, before anything starts. */
export async function startMonitorMetrics(address: string, services: Services): Promise<MonitorMetrics> {
  const where = parseLoopbackAddress(address);
  const metrics = createHealthMetrics(metricsSource(services));
  const server = await startMetricsServer(where, metrics);
  return {
    url: server.url,
    recordTick: (r) => metrics.recordRefreshes({ refreshed: r.refreshed, failed: r.failed, skipped: r.skipped }),
    close: () => server.close(),
  };
}
