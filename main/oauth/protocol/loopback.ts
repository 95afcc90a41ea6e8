// The loopback redirect receiver (RFC 8252 §7.3, R8, R23): an HTTP server on 127.0.0.1 (and ::1
// when the machine has it), opened for one consent and closed after the first valid callback or
// on timeout. It owns HTTP hygiene only; whether a callback is genuine is decided by the caller.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK_RESPONSE_HEADERS, pageHtml } from './loopback-pages';
import type { LoopbackPage } from './loopback-pages';
import type { LoopbackRedirectHost } from '../../../lib/net/loopback';

export const DEFAULT_LOOPBACK_PATH = '/oauth/callback';

/**
 * What the caller decided about a callback. `rejected` answers 400 and keeps listening (the
 * genuine callback may still come); `expired` answers 400 and closes (the attempt is over);
 * the others answer 200 with their page and close.
 */
export type LoopbackVerdict = 'received' | 'declined' | 'failed' | 'expired' | 'rejected';

export type LoopbackEnd =
  | { readonly kind: 'callback'; readonly verdict: Exclude<LoopbackVerdict, 'rejected'> }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'closed' };

/** Requests refused before the caller sees them (a 404 for other paths is not reported). */
export type LoopbackRejection = 'bad_host' | 'method_not_allowed' | 'bad_target';

export interface LoopbackReceiverOptions {
  /** Registered path; only the port varies between attempts (RFC 8252 §7.3). */
  readonly path?: string;
  /** Host written into the redirect URI. Both loopback families are bound whichever it is. */
  readonly redirectHost?: LoopbackRedirectHost;
  /** 0 (default) lets the OS pick; a fixed port is only for marketplaces that refuse any port. */
  readonly port?: number;
  /**
   * Closes the port by itself after this long. Omit it when the owner keeps the deadline (the
   * consent attempt has one timer for every strategy and closes the receiver when it fires).
   */
  readonly timeoutMs?: number;
  readonly onCallback: (url: URL) => LoopbackVerdict | Promise<LoopbackVerdict>;
  readonly onRejected?: (reason: LoopbackRejection) => void;
}

export interface LoopbackReceiver {
  readonly port: number;
  /** The concrete redirect URI for this attempt, e.g. http://127.0.0.1:53190/oauth/callback. */
  readonly redirectUri: string;
  /** Where it listens: loopback addresses only. */
  readonly addresses: ReadonlyArray<string>;
  /** Settles once: first valid callback, timeout, or close(); the port is closed by then. */
  readonly ended: Promise<LoopbackEnd>;
  close(): Promise<LoopbackEnd>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    // ipv6Only keeps ::1 from also answering on IPv4-mapped addresses; exclusive keeps workers
    // of a cluster from sharing the port.
    server.listen({ port, host, exclusive: true, ipv6Only: host === '::1' }, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startLoopbackReceiver(opts: LoopbackReceiverOptions): Promise<LoopbackReceiver> {
  const path = opts.path ?? DEFAULT_LOOPBACK_PATH;
  if (!/^\/[A-Za-z0-9\-._~/]*$/.test(path) || path.includes('//') || /\/\.\.?(\/|$)/.test(path)) {
    throw new Error(`loopback path must be a plain absolute path such as ${DEFAULT_LOOPBACK_PATH}; got ${JSON.stringify(path)}`);
  }
  const redirectHost = opts.redirectHost ?? '127.0.0.1';
  const servers: Server[] = [];
  let allowedHosts = new Set<string>();
  let finished = false;
  let timer: NodeJS.Timeout | undefined = undefined;
  let endResult: LoopbackEnd | null = null;
  let resolveEnded: (end: LoopbackEnd) => void = () => undefined;
  const ended = new Promise<LoopbackEnd>((resolve) => {
    resolveEnded = resolve;
  });
  // Callbacks run one at a time, so two near-simultaneous hits cannot both finish the receiver.
  let queue: Promise<void> = Promise.resolve();

  const end = async (result: LoopbackEnd): Promise<LoopbackEnd> => {
    if (endResult) return endResult;
    endResult = result;
    finished = true;
    clearTimeout(timer);
    await Promise.all(servers.map(closeServer));
    resolveEnded(result);
    return result;
  };

  const reply = (res: ServerResponse, status: number, page: LoopbackPage, after?: () => void, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { ...LOOPBACK_RESPONSE_HEADERS, ...extra });
    res.end(pageHtml(page), after);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    // Each branch answers once and returns (T12): nothing falls through to the success path.
    const host = req.headers.host;
    if (host === undefined || !allowedHosts.has(host)) {
      // DNS rebinding: a page on evil.example resolved to 127.0.0.1 still sends its own Host.
      opts.onRejected?.('bad_host');
      reply(res, 400, 'rejected');
      return;
    }
    const target = req.url ?? '';
    if (!target.startsWith('/')) {
      opts.onRejected?.('bad_target');
      reply(res, 400, 'rejected');
      return;
    }
    const queryAt = target.indexOf('?');
    const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
    // Compared raw, before any URL normalisation could turn /x/../oauth/callback into the path.
    if (rawPath !== path) {
      reply(res, 404, 'not_found');
      return;
    }
    if (req.method !== 'GET') {
      opts.onRejected?.('method_not_allowed');
      reply(res, 405, 'method_not_allowed', undefined, { Allow: 'GET' });
      return;
    }
    const url = new URL(target, `http://${host}`);
    queue = queue.then(async () => {
      if (finished) {
        reply(res, 400, 'rejected');
        return;
      }
      let verdict: LoopbackVerdict;
      try {
        verdict = await opts.onCallback(url);
      } catch {
        verdict = 'rejected';
      }
      if (verdict === 'rejected' || finished) {
        reply(res, 400, 'rejected');
        return;
      }
      finished = true;
      // Close once the page is written, so the browser gets it before the port goes away.
      const after = (): void => void end({ kind: 'callback', verdict });
      if (verdict === 'expired') reply(res, 400, 'rejected', after);
      else reply(res, 200, verdict, after);
    });
  };

  const primary = createServer(handle);
  servers.push(primary);
  const primaryHost = redirectHost === '[::1]' ? '::1' : '127.0.0.1';
  const secondaryHost = primaryHost === '::1' ? '127.0.0.1' : '::1';
  let port: number;
  try {
    port = await listen(primary, opts.port ?? 0, primaryHost);
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error';
    throw new Error(`cannot listen on ${primaryHost} port ${opts.port ?? 0} (${code}); close what uses it or register a redirect URI without a fixed port`, { cause: err });
  }
  const addresses = [primaryHost];
  const secondary = createServer(handle);
  try {
    // RFC 8252 §7.3 recommends both families; a machine without IPv6 (or with the port taken on
    // the other family) still works on the first one.
    await listen(secondary, port, secondaryHost);
    servers.push(secondary);
    addresses.push(secondaryHost);
  } catch {
    secondary.removeAllListeners();
  }
  allowedHosts = new Set(addresses.map((a) => (a === '::1' ? `[::1]:${port}` : `${a}:${port}`)));
  if (redirectHost === 'localhost') allowedHosts.add(`localhost:${port}`);

  if (opts.timeoutMs !== undefined) {
    timer = setTimeout(() => void end({ kind: 'timeout' }), opts.timeoutMs);
    // The listening server keeps the process alive while it waits; the timer need not.
    timer.unref();
  }

  return {
    port,
    redirectUri: `http://${redirectHost}:${port}${path}`,
    addresses,
    ended,
    close: () => end({ kind: 'closed' }),
  };
}
