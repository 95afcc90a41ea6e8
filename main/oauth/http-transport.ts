// The one way FiveX Connect talks to the network: got 14 with keep-alive agents shared by every
// caller (token client, probes, remote revocation, connector hooks, the webhook). Per request it
// sets a timeout, never follows redirects, and retries only where a retry is safe: idempotent
// calls (a probe GET, an RFC 7009 revocation) on a connection failure or a 502/503/504. A token
// request (code exchange, refresh) is never replayed: a refresh token the server already rotated
// would be spent twice and the grant revoked (RFC 9700 §4.14.2). Errors leave here as
// HttpTransportError, which keeps the code and name for classification and nothing else: got's
// errors carry the request options, headers (Authorization) and URL (TikTok's app secret) included.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { got, type Got, type Response as GotResponse } from 'got';

/** 'idempotent': the same request twice has the same effect as once, so a lost answer may be retried. */
export type RetryPolicy = 'never' | 'idempotent';

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Stops the request; the transport's own timeout applies as well. */
  readonly signal?: AbortSignal;
  /**
   * Per request, including reading the answer, in place of the transport's own. A timer the
   * transport sets anyway, where an AbortSignal.timeout per request costs a transferable object.
   */
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
}

/** Answers as a WHATWG Response, which oauth4webapi's customFetch and the adapters read. */
export type HttpTransport = (req: HttpRequest) => Promise<Response>;

/** A network failure with no answer: the code (ECONNREFUSED, ETIMEDOUT, ...) and no details. */
export class HttpTransportError extends Error {
  constructor(
    name: string,
    readonly code: string | undefined,
  ) {
    super(code ? `request failed (${code})` : 'request failed');
    // TimeoutError / AbortError are what the classifiers look for.
    this.name = name;
  }
}

export interface GotTransportOptions {
  /** Per attempt, including reading the answer. */
  readonly timeoutMs: number;
  /** Idle sockets kept per host: a few marketplaces get many calls each. */
  readonly maxFreeSockets?: number;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const RETRY_STATUS = [502, 503, 504];
// Codes where the request certainly or probably never reached the server's handler.
const RETRY_ERRORS = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'];

/**
 * Pooled sockets idle longer than this are not reused. The idle timer above cannot fire while the
 * event loop is blocked (scrypt at unlock, an fsync), and a request issued right after such a block
 * would take a socket the server closed meanwhile: ECONNRESET, and a token POST is not retried.
 * Checking the clock when a socket is taken closes that gap.
 */
const REUSE_IDLE_LIMIT_MS = 2_000;
const freeSince = new WeakMap<Socket, number>();

interface PoolInternals {
  readonly freeSockets: NodeJS.ReadOnlyDict<Socket[]>;
  addRequest(req: unknown, options: unknown, ...legacy: unknown[]): void;
}

function dropStaleFreeSockets(agent: PoolInternals): void {
  const now = Date.now();
  for (const list of Object.values(agent.freeSockets)) {
    if (!list) continue;
    for (let i = list.length - 1; i >= 0; i--) {
      const socket = list[i]!;
      if (now - (freeSince.get(socket) ?? now) <= REUSE_IDLE_LIMIT_MS) continue;
      // Out of the pool first, so this very request cannot pick it; 'close' then updates the counts.
      list.splice(i, 1);
      socket.destroy();
    }
  }
}

class FreshSocketHttpAgent extends HttpAgent {
  // Typed void in @types/node; Node reads the boolean it returns (false: do not pool).
  override keepSocketAlive(socket: Socket): void {
    freeSince.set(socket, Date.now());
    return super.keepSocketAlive(socket);
  }
}
class FreshSocketHttpsAgent extends HttpsAgent {
  // Typed void in @types/node; Node reads the boolean it returns (false: do not pool).
  override keepSocketAlive(socket: Socket): void {
    freeSince.set(socket, Date.now());
    return super.keepSocketAlive(socket);
  }
}
// addRequest is where Node takes a pooled socket; it is not in the type definitions.
for (const Agent of [FreshSocketHttpAgent, FreshSocketHttpsAgent]) {
  const proto = Agent.prototype as unknown as PoolInternals;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its own `this` below
  const take = proto.addRequest;
  proto.addRequest = function addRequest(this: PoolInternals, ...args: [unknown, unknown, ...unknown[]]): void {
    dropStaleFreeSockets(this);
    take.apply(this, args);
  };
}

/** The bytes each answer was built from, so its one reader can skip the body stream (bodyText). */
const bodies = new WeakMap<Response, Uint8Array>();
const utf8 = new TextDecoder();

/**
 * The body as text, like `res.text()`: UTF-8, BOM dropped, invalid bytes replaced. An answer of
 * this transport whose body nobody read yet is decoded from the bytes got already holds, without
 * a trip through its ReadableStream; anything else is read the usual way.
 */
export function bodyText(res: Response): Promise<string> {
  const bytes = res.bodyUsed ? undefined : bodies.get(res);
  return bytes === undefined ? res.text() : Promise.resolve(utf8.decode(bytes));
}

function toResponse(res: GotResponse<Buffer>): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const body = NULL_BODY_STATUSES.has(res.statusCode) || res.body.length === 0 ? null : new Uint8Array(res.body.buffer as ArrayBuffer, res.body.byteOffset, res.body.length);
  const out = new Response(body, { status: res.statusCode, statusText: res.statusMessage ?? '', headers });
  if (body !== null) bodies.set(out, body);
  return out;
}

function transportError(err: unknown): HttpTransportError {
  const e = err as { name?: unknown; code?: unknown };
  const name = typeof e.name === 'string' && /^(TimeoutError|AbortError)$/.test(e.name) ? e.name : 'RequestError';
  return new HttpTransportError(name, typeof e.code === 'string' ? e.code : undefined);
}

/**
 * The caller's deadline as got options. Without retries one attempt is the whole request, so got's
 * own request timer (never longer than the transport's) is the deadline; with retries it must
 * also cover the waits between attempts, which only a signal does.
 */
function deadline(req: HttpRequest, retries: boolean, transportTimeoutMs: number): { signal?: AbortSignal; timeout?: { request: number } } {
  if (req.timeoutMs === undefined) return req.signal ? { signal: req.signal } : {};
  if (!retries) return { ...(req.signal ? { signal: req.signal } : {}), timeout: { request: Math.min(req.timeoutMs, transportTimeoutMs) } };
  const timeout = AbortSignal.timeout(req.timeoutMs);
  return { signal: req.signal ? AbortSignal.any([req.signal, timeout]) : timeout };
}

export function gotTransport(opts: GotTransportOptions): HttpTransport {
  // `timeout` closes an idle pooled socket after 4 s, before common server keep-alive limits (Node's
  // own server: 5 s), and lets Node apply a shorter `Keep-Alive: timeout=` hint (it ignores hints
  // without one). It does not limit a request in flight.
  const agentOptions = { keepAlive: true, timeout: 4_000, maxFreeSockets: opts.maxFreeSockets ?? 16, scheduling: 'lifo' as const };
  const base: Got = got.extend({
    agent: { http: new FreshSocketHttpAgent(agentOptions), https: new FreshSocketHttpsAgent(agentOptions) },
    timeout: { request: opts.timeoutMs },
    followRedirect: false,
    throwHttpErrors: false,
    responseType: 'buffer',
    retry: { limit: 0 },
    // Caching, cookies and redirects are never wanted for credentials.
    cache: false,
    hooks: {
      // got puts the URL and options on its errors; whatever logs one must not see them.
      beforeError: [
        (error) => {
          error.message = error.code ? `request failed (${error.code})` : 'request failed';
          return error;
        },
      ],
    },
  });
  // Built once: the hot path (refresh) only picks one, no per-request policy objects.
  const retrying: Got = base.extend({
    retry: { limit: 2, methods: ['GET', 'POST', 'DELETE'], statusCodes: RETRY_STATUS, errorCodes: RETRY_ERRORS, backoffLimit: 2_000, maxRetryAfter: 5_000 },
  });
  return async (req) => {
    const retries = req.retry === 'idempotent';
    try {
      const res = await (retries ? retrying : base)(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.method === 'GET' ? undefined : req.body,
        responseType: 'buffer',
        ...deadline(req, retries, opts.timeoutMs),
      });
      return toResponse(res);
    } catch (err) {
      throw transportError(err);
    }
  };
}

/** A fetch implementation as a transport (tests, proxies); no retries, redirects not followed. */
export function fetchTransport(fetchImpl: typeof fetch, timeoutMs: number): HttpTransport {
  return (req) => {
    const timeout = AbortSignal.timeout(req.timeoutMs ?? timeoutMs);
    return fetchImpl(req.url.href, {
      method: req.method,
      headers: req.headers,
      body: req.method === 'GET' ? undefined : req.body,
      redirect: 'manual',
      signal: req.signal ? AbortSignal.any([req.signal, timeout]) : timeout,
    });
  };
}

let shared: HttpTransport | null = null;

export const DEFAULT_HTTP_TIMEOUT_MS = 15_000;

/** The process-wide transport: one set of keep-alive agents for every caller. */
export function defaultTransport(): HttpTransport {
  shared ??= gotTransport({ timeoutMs: DEFAULT_HTTP_TIMEOUT_MS });
  return shared;
}
