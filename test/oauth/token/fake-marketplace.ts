// A scriptable marketplace fake on 127.0.0.1 (node:http): records every request as it arrived on
// the wire and answers with whatever the test scripts, so adapter quirks are checked end to end.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WireRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface FakeReply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Objects are sent as JSON; strings as they are. */
  readonly body?: unknown;
}

export interface FakeMarketplace {
  readonly origin: string;
  readonly requests: WireRequest[];
  url(path: string): string;
  /** Replaces the handler (default: 404). */
  reply(handler: (req: WireRequest) => FakeReply): void;
  close(): Promise<void>;
}

export async function startFakeMarketplace(): Promise<FakeMarketplace> {
  const requests: WireRequest[] = [];
  let handler: (req: WireRequest) => FakeReply = () => ({ status: 404, body: { error: 'not_found' } });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const wire: WireRequest = { method: req.method ?? '', url: new URL(req.url ?? '/', origin), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(wire);
      const reply = handler(wire);
      const isText = typeof reply.body === 'string';
      res.writeHead(reply.status ?? 200, { 'content-type': isText ? 'text/plain' : 'application/json', ...reply.headers });
      res.end(reply.body === undefined ? '' : isText ? reply.body : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    url: (path) => `${origin}${path}`,
    reply(h) {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Form or JSON request body as a plain object. */
export function bodyParams(req: WireRequest): Record<string, string> {
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('application/json')) return JSON.parse(req.body) as Record<string, string>;
  return Object.fromEntries(new URLSearchParams(req.body));
}
