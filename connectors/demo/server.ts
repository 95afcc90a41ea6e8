// The demo marketplace: a small OAuth 2.0 authorization server on 127.0.0.1 (node:http only) with
// a consent page, PKCE S256 code exchange, rotating refresh tokens with reuse detection, RFC 7009
// revocation, a bearer-protected /api/me probe, and knobs that simulate a seller removing the app
// or an outage. Paths match DEMO_PATHS in definition.ts.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackRedirectHost } from '../../lib/net/loopback';
import { DEMO_DEFAULT_ACCESS_TTL_SECONDS, DEMO_DEFAULT_CLIENT_ID, DEMO_PATHS } from './definition';
import { consentPage, DEMO_CSS, errorPage, landingPage } from './pages';
import { DemoStore, OAuthError, safeEqual } from './store';

export interface DemoMarketplaceOptions {
  /** 0 (default) lets the OS pick a free port. */
  readonly port?: number;
  readonly accessTtlSeconds?: number;
  readonly clientId?: string;
  /** When set, the token and revocation endpoints require it (Basic or in the body). */
  readonly clientSecret?: string;
  /** https relay pages accepted as redirect_uri besides loopback and fivex-connect://. */
  readonly relayRedirectUris?: ReadonlyArray<string>;
  /** Clock in epoch milliseconds, for tests. */
  readonly now?: () => number;
}

export interface DemoMarketplace {
  /** Base URL, e.g. http://127.0.0.1:53123 — the demo connector's `baseUrl` param. */
  readonly url: string;
  readonly clientId: string;
  close(): Promise<void>;
}

const DEEP_LINK_CALLBACK = 'fivex-connect://oauth/callback';
const MAX_BODY_BYTES = 16 * 1024;
const SECURITY_HEADERS = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startDemoMarketplace(opts: DemoMarketplaceOptions = {}): Promise<DemoMarketplace> {
  const clientId = opts.clientId ?? DEMO_DEFAULT_CLIENT_ID;
  const clientSecret = opts.clientSecret ?? null;
  const relays = opts.relayRedirectUris ?? [];
  const accessTtl = opts.accessTtlSeconds ?? DEMO_DEFAULT_ACCESS_TTL_SECONDS;
  if (!Number.isInteger(accessTtl) || accessTtl < 1) throw new Error('accessTtlSeconds must be a whole number of seconds, at least 1');
  const now = opts.now ?? Date.now;
  const store = new DemoStore(accessTtl, now);
  let baseUrl = '';

  const redirectAllowed = (uri: string): boolean => {
    if (relays.includes(uri) || uri === DEEP_LINK_CALLBACK) return true;
    try {
      const u = new URL(uri);
      return u.protocol === 'http:' && isLoopbackRedirectHost(u.hostname) && !u.username && !u.password && !u.hash;
    } catch {
      return false;
    }
  };

  const authenticateClient = (req: IncomingMessage, form: URLSearchParams): void => {
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = parseBasic(req.headers.authorization);
    if (basic) {
      if (id !== null && id !== basic.id) throw new OAuthError('invalid_request', 'client_id in the body differs from the Basic credentials');
      if (secret !== null) throw new OAuthError('invalid_request', 'use one client authentication method, not two');
      ({ id, secret } = basic);
    }
    if (!id || !safeEqual(id, clientId)) throw new OAuthError('invalid_client', 'unknown client', 401);
    if (clientSecret !== null && (!secret || !safeEqual(secret, clientSecret))) throw new OAuthError('invalid_client', 'client authentication failed', 401);
  };

  const handleAuthorize = (res: ServerResponse, query: URLSearchParams): void => {
    const cid = query.get('client_id');
    const redirectUri = query.get('redirect_uri');
    // Without a known client and an allowed redirect we must not redirect anywhere (RFC 6749 §4.1.2.1).
    if (!cid || !safeEqual(cid, clientId)) return sendHtml(res, 400, errorPage('Unknown app', `No app with client id "${cid ?? ''}" is registered here. Set --client-id ${clientId}.`));
    if (!redirectUri || !redirectAllowed(redirectUri)) {
      return sendHtml(res, 400, errorPage('Redirect not allowed', 'The redirect_uri must be a loopback address (http://127.0.0.1:PORT/...), fivex-connect://oauth/callback, or a configured relay page.'));
    }
    const state = query.get('state');
    const back = (params: Record<string, string>): void => redirect(res, withParams(redirectUri, { ...params, ...(state !== null ? { state } : {}), iss: baseUrl }));
    if (query.get('response_type') !== 'code') return back({ error: 'unsupported_response_type', error_description: 'only response_type=code is supported' });
    const challenge = query.get('code_challenge');
    if (!challenge || query.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
      return back({ error: 'invalid_request', error_description: 'PKCE is required: send code_challenge with code_challenge_method=S256' });
    }
    const scope = query.get('scope') ?? 'profile';
    const pending = store.addPending({ redirectUri, state, codeChallenge: challenge, scope });
    const formTarget = redirectUri.startsWith('fivex-connect:') ? 'fivex-connect:' : new URL(redirectUri).origin;
    sendHtml(res, 200, consentPage({ requestId: pending.id, clientId, redirectUri, scopes: scope.split(' ').filter(Boolean) }), formTarget);
  };

  const handleDecision = (res: ServerResponse, form: URLSearchParams): void => {
    const pending = store.takePending(form.get('request') ?? '');
    if (!pending) return sendHtml(res, 400, errorPage('Request expired', 'This authorization request was already answered or is too old. Start the connection again in FiveX Connect.'));
    const state: Record<string, string> = pending.state !== null ? { state: pending.state } : {};
    if (form.get('decision') === 'approve') {
      return redirect(res, withParams(pending.redirectUri, { code: store.issueCode(pending), ...state, iss: baseUrl }));
    }
    redirect(res, withParams(pending.redirectUri, { error: 'access_denied', error_description: 'The seller declined', ...state, iss: baseUrl }));
  };

  const handleToken = (req: IncomingMessage, res: ServerResponse, form: URLSearchParams): void => {
    authenticateClient(req, form);
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = form.get('code');
      if (!code) throw new OAuthError('invalid_request', 'code is required');
      return sendJson(res, 200, store.exchangeCode(code, form.get('redirect_uri'), form.get('code_verifier')));
    }
    if (grantType === 'refresh_token') {
      const rt = form.get('refresh_token');
      if (!rt) throw new OAuthError('invalid_request', 'refresh_token is required');
      return sendJson(res, 200, store.refresh(rt));
    }
    throw new OAuthError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  };

  const handleRevoke = (req: IncomingMessage, res: ServerResponse, form: URLSearchParams): void => {
    authenticateClient(req, form);
    const value = form.get('token');
    if (!value) throw new OAuthError('invalid_request', 'token is required');
    store.revokeToken(value);
    res.writeHead(200, SECURITY_HEADERS).end();
  };

  const handleMe = (req: IncomingMessage, res: ServerResponse): void => {
    const auth = req.headers.authorization ?? '';
    const m = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(auth);
    if (!m) {
      res.writeHead(401, { ...SECURITY_HEADERS, 'WWW-Authenticate': 'Bearer realm="demo"', 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ error: 'invalid_request', error_description: 'send Authorization: Bearer ACCESS_TOKEN' }));
    }
    const live = store.checkAccessToken(m[1]!);
    if (!live) {
      res.writeHead(401, { ...SECURITY_HEADERS, 'WWW-Authenticate': 'Bearer realm="demo", error="invalid_token"', 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ error: 'invalid_token', error_description: 'the access token is expired, revoked or unknown' }));
    }
    sendJson(res, 200, { id: 'demo-seller-1', name: 'Demo Seller', shop: 'Demo Shop', scopes: live.scope.split(' ').filter(Boolean) });
  };

  const handleAdmin = (res: ServerResponse, path: string, query: URLSearchParams): void => {
    if (path === '/demo/revoke-all') return sendJson(res, 200, { revoked: store.revokeAll() });
    if (path === '/demo/outage') {
      const raw = query.get('seconds') ?? '';
      const seconds = Number(raw);
      if (!/^[0-9]{1,5}$/.test(raw) || seconds > 86_400) throw new HttpProblem(400, 'seconds must be a whole number from 0 (end the outage) to 86400');
      const until = store.startOutage(seconds);
      return sendJson(res, 200, { outageUntil: until > 0 ? new Date(until).toISOString() : null });
    }
    if (path === '/demo/self-authorize') return sendJson(res, 200, { refresh_token: store.selfAuthorize(query.get('scope') ?? 'profile') });
    throw new HttpProblem(404, 'no such demo knob; use /demo/revoke-all, /demo/outage?seconds=N or /demo/self-authorize');
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const query = strictParams(url.searchParams);

    if (method === 'GET' && path === '/') return sendHtml(res, 200, landingPage(baseUrl, clientId));
    if (method === 'GET' && path === '/demo.css') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/css; charset=utf-8' });
      return void res.end(DEMO_CSS);
    }
    if (path.startsWith('/demo/')) {
      if (method !== 'POST') throw new HttpProblem(405, 'demo knobs take POST');
      return handleAdmin(res, path, query);
    }

    const outage = store.outageSecondsLeft();
    if (outage > 0 && (path.startsWith('/oauth/') || path.startsWith('/api/'))) {
      res.writeHead(503, { ...SECURITY_HEADERS, 'Retry-After': String(outage), 'Content-Type': 'application/json' });
      return void res.end(JSON.stringify({ error: 'temporarily_unavailable', error_description: 'simulated outage' }));
    }

    if (method === 'GET' && path === DEMO_PATHS.authorize) return handleAuthorize(res, query);
    if (method === 'POST' && path === `${DEMO_PATHS.authorize}/decision`) return handleDecision(res, await readForm(req));
    if (method === 'POST' && path === DEMO_PATHS.token) return handleToken(req, res, await readForm(req));
    if (method === 'POST' && path === DEMO_PATHS.revoke) return handleRevoke(req, res, await readForm(req));
    if (method === 'GET' && path === DEMO_PATHS.probe) return handleMe(req, res);
    throw new HttpProblem(404, 'not found');
  };

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (err instanceof OAuthError) {
        const extra = err.status === 401 && req.headers.authorization?.startsWith('Basic ') ? { 'WWW-Authenticate': 'Basic realm="demo"' } : {};
        res.writeHead(err.status, { ...SECURITY_HEADERS, ...extra, 'Content-Type': 'application/json' });
        return void res.end(JSON.stringify({ error: err.error, error_description: err.description }));
      }
      const status = err instanceof HttpProblem ? err.status : 500;
      const message = err instanceof HttpProblem ? err.message : 'internal error';
      res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: status === 500 ? 'server_error' : 'invalid_request', error_description: message }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    clientId,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** RFC 6749 §3.1: a parameter sent twice is an error, not a choice. */
function strictParams(params: URLSearchParams): URLSearchParams {
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) throw new OAuthError('invalid_request', `parameter "${key}" appears more than once`);
    seen.add(key);
  }
  return params;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new OAuthError('invalid_request', 'send the parameters as application/x-www-form-urlencoded');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpProblem(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return strictParams(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

function parseBasic(header: string | undefined): { id: string; secret: string } | null {
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_client', 'malformed Basic credentials', 401);
  try {
    // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
    return { id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')), secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')) };
  } catch {
    throw new OAuthError('invalid_client', 'malformed Basic credentials', 401);
  }
}

function withParams(uri: string, params: Record<string, string>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { ...SECURITY_HEADERS, Location: location }).end();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, Pragma: 'no-cache', 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendHtml(res: ServerResponse, status: number, html: string, formTarget?: string): void {
  // form-action must allow where the decision redirects, or browsers block the redirect.
  const formAction = formTarget ? `'self' ${formTarget}` : `'self'`;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': `default-src 'none'; style-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
  });
  res.end(html);
}
