// The loopback HTTP endpoint `monitor --metrics 127.0.0.1:PORT` serves OpenMetrics on. Loopback
// only: the numbers name tenants and marketplaces, and a scrape needs no credentials, so it must
// not be reachable from the network (a Prometheus on another host scrapes through its own agent
// or a tunnel). GET /metrics only; nothing is ever written.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackIp } from '../../lib/net/loopback';
import type { HealthMetrics } from './health-metrics';

export interface LoopbackAddress {
  readonly host: string;
  readonly port: number;
}

export class MetricsAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricsAddressError';
  }
}

/** `127.0.0.1:9464` or `[::1]:9464`; anything that is not a loopback IP literal is refused. */
export function parseLoopbackAddress(text: string): LoopbackAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  const example = 'e.g. --metrics 127.0.0.1:9464';
  if (!match) throw new MetricsAddressError(`--metrics takes HOST:PORT on a loopback address, ${example}; got "${text}"`);
  const host = (match[1] ?? match[2]) as string;
  const port = Number(match[3]);
  if (!isLoopbackIp(host)) {
    throw new MetricsAddressError(
      `--metrics refuses "${host}": the metrics name tenants and marketplaces and need no credentials to read, so they are served on loopback only (127.0.0.1 or [::1]), ${example}. Let a local Prometheus agent or a tunnel carry them further.`,
    );
  }
  if (port > 65_535) throw new MetricsAddressError(`--metrics port ${port} is not a TCP port (0–65535), ${example}`);
  return { host, port };
}

export interface MetricsServer {
  /** The URL scrapers use, with the port actually bound (for port 0). */
  readonly url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(address: LoopbackAddress, metrics: HealthMetrics): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Only GET /metrics.\n');
      return;
    }
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: the metrics are at /metrics.\n');
      return;
    }
    metrics.registry.metrics().then(
      (body) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => {
        // A vault read failed mid-scrape; the scraper records the target as down, which is right.
        res.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics could not be collected.\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    url: `http://${host}:${bound.port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
