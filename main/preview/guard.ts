// Who may talk to the browser preview: it binds 127.0.0.1 only, and every request must name
// exactly that host and port (DNS rebinding), come from the preview's own origin when a browser
// says where it comes from, and, for the API, carry the per-run token. Pure, so each rule is
// tested without a socket.
import { timingSafeEqual } from 'node:crypto';
import { PREVIEW_EVENTS_PATH, PREVIEW_INVOKE_PATH, PREVIEW_TOKEN_HEADER } from '../../preload/contract';

export interface GuardConfig {
  readonly port: number;
  readonly token: string;
}

export interface GuardRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>>;
}

export type Route = { readonly kind: 'static' } | { readonly kind: 'invoke'; readonly channel: string } | { readonly kind: 'events' };

export type GuardVerdict = { readonly ok: true; readonly route: Route } | { readonly ok: false; readonly status: number; readonly reason: string };

function header(req: GuardRequest, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const deny = (status: number, reason: string): GuardVerdict => ({ ok: false, status, reason });

export function guardRequest(req: GuardRequest, cfg: GuardConfig): GuardVerdict {
  const origin = `http://127.0.0.1:${cfg.port}`;
  if (header(req, 'host') !== `127.0.0.1:${cfg.port}`) return deny(421, 'wrong host');
  const sentOrigin = header(req, 'origin');
  if (sentOrigin !== undefined && sentOrigin !== origin) return deny(403, 'cross-origin request');
  const site = header(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return deny(403, 'cross-site request');

  const isApi = req.path.startsWith('/api/');
  if (!isApi) {
    return req.method === 'GET' || req.method === 'HEAD' ? { ok: true, route: { kind: 'static' } } : deny(405, 'method not allowed');
  }
  if (!tokenMatches(header(req, PREVIEW_TOKEN_HEADER), cfg.token)) return deny(401, 'missing or wrong preview token');
  if (req.path === PREVIEW_EVENTS_PATH) return req.method === 'GET' ? { ok: true, route: { kind: 'events' } } : deny(405, 'method not allowed');
  if (req.path.startsWith(PREVIEW_INVOKE_PATH)) {
    if (req.method !== 'POST') return deny(405, 'method not allowed');
    // Browsers always send Origin on a POST; requiring it closes the no-Origin form/beacon path.
    if (sentOrigin !== origin) return deny(403, 'cross-origin request');
    if (!(header(req, 'content-type') ?? '').toLowerCase().startsWith('application/json')) return deny(415, 'expected application/json');
    return { ok: true, route: { kind: 'invoke', channel: req.path.slice(PREVIEW_INVOKE_PATH.length) } };
  }
  return deny(404, 'not found');
}
