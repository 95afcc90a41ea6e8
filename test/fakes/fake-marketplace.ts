// The shared base of every marketplace fake: a node:http server on 127.0.0.1 that records each
// request in full (secrets included, so tests can assert on them), routes by method and path,
// and can be told to fail the next calls to a path (503 with Retry-After by default).
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly url: URL;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Query parameters merged with the form or JSON body parameters (body wins). */
  readonly params: URLSearchParams;
  readonly bodyFormat: 'form' | 'json' | 'none' | 'other';
  /** Decoded HTTP Basic credentials, exactly as sent (not form-decoded). */
  readonly basic: { readonly id: string; readonly secret: string } | null;
}

export interface Reply {
  readonly status: number;
  readonly json?: unknown;
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Handler = (req: RecordedRequest) => Reply | Promise<Reply>;

export const TRANSIENT_REPLY: Reply = {
  status: 503,
  json: { error: 'temporarily_unavailable', error_description: 'maintenance' },
  headers: { 'retry-after': '7' },
};

export function header(req: RecordedRequest, name: string): string | undefined {
  return req.headers[name.toLowerCase()];
}

export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, Handler>();
  private readonly queued = new Map<string, Reply[]>();
  private server: Server | null = null;
  private base = '';

  get url(): string {
    if (!this.base) throw new Error('the fake is not started');
    return this.base;
  }

  route(method: string, path: string, handler: Handler): this {
    this.routes.set(`${method} ${path}`, handler);
    return this;
  }

  /** The next `times` requests to `path` (any method) get `reply` instead of being handled. */
  failNext(path: string, reply: Reply = TRANSIENT_REPLY, times = 1): void {
    const list = this.queued.get(path) ?? [];
    for (let i = 0; i < times; i++) list.push(reply);
    this.queued.set(path, list);
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":"fake_crashed"}');
      });
    });
    // Longer than any client's idle timer: on a loaded machine undici's 4 s idle close fires late and
    // races Node's 5 s default, and a reused socket reset mid-request would read as "offline".
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, '127.0.0.1', () => resolve());
    });
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.base);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;

    const type = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const params = new URLSearchParams(url.searchParams);
    let bodyFormat: RecordedRequest['bodyFormat'] = body ? 'other' : 'none';
    if (body && type === 'application/x-www-form-urlencoded') {
      bodyFormat = 'form';
      for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
    } else if (body && type === 'application/json') {
      try {
        const parsed = JSON.parse(body) as unknown;
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
          bodyFormat = 'json';
          for (const [k, v] of Object.entries(parsed)) params.set(k, typeof v === 'string' ? v : JSON.stringify(v));
        }
      } catch {
        bodyFormat = 'other';
      }
    }
    let basic: RecordedRequest['basic'] = null;
    const auth = headers.authorization ?? '';
    if (auth.startsWith('Basic ')) {
      const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) basic = { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
    }

    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, url, headers, body, params, bodyFormat, basic };
    this.requests.push(recorded);

    const queued = this.queued.get(url.pathname);
    const reply = queued && queued.length > 0 ? queued.shift()! : await this.dispatch(recorded);
    const out: Record<string, string> = { ...reply.headers };
    let payload = reply.text ?? '';
    if (reply.json !== undefined) {
      payload = JSON.stringify(reply.json);
      if (!Object.keys(out).some((k) => k.toLowerCase() === 'content-type')) out['content-type'] = 'application/json';
    }
    res.writeHead(reply.status, out);
    res.end(payload);
  }

  private dispatch(req: RecordedRequest): Reply | Promise<Reply> {
    const handler = this.routes.get(`${req.method} ${req.path}`);
    if (handler) return handler(req);
    const otherMethod = [...this.routes.keys()].some((k) => k.endsWith(` ${req.path}`));
    return otherMethod ? { status: 405, json: { error: 'method_not_allowed' } } : { status: 404, json: { error: 'not_found', path: req.path } };
  }
}
