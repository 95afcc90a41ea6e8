// A scriptable marketplace token/revocation/API endpoint on 127.0.0.1 (node:http) for the
// marketplace behaviours a standards AS does not show: static refresh tokens, responses without
// a refresh token, invalid_client, granted-scope lists, slow answers. Counts what reached it.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly form: URLSearchParams;
}

export interface FakeAnswer {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Answer after this many ms. */
  readonly delayMs?: number;
}

export interface FakeTokenServer {
  readonly origin: string;
  readonly endpoints: { readonly token: string; readonly revoke: string; readonly api: string; readonly authorize: string };
  readonly requests: FakeRequest[];
  count(path: string): number;
  handle(handler: (req: FakeRequest) => FakeAnswer): void;
  close(): Promise<void>;
}

let counter = 0;

/** A token answer: a fresh access token (and refresh token unless refresh is null). */
export function tokenAnswer(opts: { refresh?: string | null; expiresIn?: number; scope?: string; access?: string } = {}): FakeAnswer {
  counter++;
  const body: Record<string, unknown> = {
    access_token: opts.access ?? `AT-${counter}-${Math.random().toString(36).slice(2)}`,
    token_type: 'Bearer',
    expires_in: opts.expiresIn ?? 3600,
  };
  if (opts.refresh !== null) body.refresh_token = opts.refresh ?? `RT-${counter}-${Math.random().toString(36).slice(2)}`;
  if (opts.scope !== undefined) body.scope = opts.scope;
  return { status: 200, body };
}

export async function startFakeTokenServer(): Promise<FakeTokenServer> {
  const requests: FakeRequest[] = [];
  let handler: (req: FakeRequest) => FakeAnswer = (req) => (req.path === '/revoke' ? { status: 200, body: '' } : tokenAnswer());
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const fake: FakeRequest = { path: url.pathname, headers: req.headers, form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')) };
      requests.push(fake);
      const answer = handler(fake);
      const send = (): void => {
        if (res.destroyed) return;
        const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
        res.writeHead(answer.status ?? 200, { 'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json', 'cache-control': 'no-store', ...answer.headers });
        res.end(body);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    endpoints: { token: `${origin}/token`, revoke: `${origin}/revoke`, api: `${origin}/api`, authorize: `${origin}/authorize` },
    requests,
    count: (path) => requests.filter((r) => r.path === path).length,
    handle(h) {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
