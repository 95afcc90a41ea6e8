// The agency's relay page (build/relay/: index.html, relay.js, relay.css) hosted on 127.0.0.1, as
// an agency hosts it on its own domain, and a seller's browser landing on it: the page is fetched
// and its own relay.js (the bytes the server sends) is run in a VM context to produce what the
// seller sees, the completion code and the fivex-connect:// link. No DOM: relay.js exports its
// functions when there is no document, and those are exactly what `start()` uses.
//
//   const relay = await startRelayPage();            // http://127.0.0.1:PORT/fivex/relay/
//   const relay = await startRelayPage({ tls: true }); // https://127.0.0.1:PORT/..., self-signed,
//                                                     // as marketplaces that require https want it
//   relay.url                                   // register it: app set X --redirect-uri relay.url
//   const { completionCode, deepLink } = await relay.land(callbackUrl);   // the seller's browser
//   await relay.close();
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createTlsServer, get as httpsGet } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { fetchLikeBrowser } from './browser';
import { REPO_ROOT } from './cli';

const RELAY_DIR = join(REPO_ROOT, 'build', 'relay');
/** The page's path; the port is chosen at start (register the port-less form where loopback ports are free). */
export const RELAY_PAGE_PATH = '/fivex/relay/';
const PAGE_PATH = RELAY_PAGE_PATH;
const FILES: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  '': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'relay.js': { file: 'relay.js', type: 'text/javascript; charset=utf-8' },
  'relay.css': { file: 'relay.css', type: 'text/css; charset=utf-8' },
};

interface RelayModule {
  forwardPairs(search: string, pageAddress: string): Array<[string, string]>;
  completionCode(pairs: ReadonlyArray<readonly [string, string]>): string;
  deepLink(pairs: ReadonlyArray<readonly [string, string]>): string;
  analyse(search: string, hash: string): { kind: string; hasError?: boolean };
}

export interface RelayLanding {
  /** What the page shows the seller to paste: FXC1.… */
  readonly completionCode: string;
  /** Where the page sends the browser: fivex-connect://oauth/callback?… */
  readonly deepLink: string;
  /** The page noticed an error answer (a declined consent) and says so. */
  readonly declined: boolean;
}

export interface RelayPage {
  /** The page's address, the redirect URI to register. */
  readonly url: string;
  land(callbackUrl: string | URL): Promise<RelayLanding>;
  close(): Promise<void>;
}

let certificate: { readonly key: string; readonly cert: string } | null = null;
/** One self-signed certificate for 127.0.0.1 per test process (openssl, as stack.md's Debian has it). */
function selfSigned(): { readonly key: string; readonly cert: string } {
  if (certificate) return certificate;
  const dir = mkdtempSync(join(tmpdir(), 'fivex-relay-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    certificate = { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
    return certificate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** GET as a browser that trusts the page's certificate: status and body. */
function getText(url: URL, ca: string | null): Promise<{ status: number; body: string }> {
  if (ca === null) return fetchLikeBrowser(url).then(async (res) => ({ status: res.status, body: await res.text() }));
  return new Promise((resolve, reject) => {
    httpsGet(url, { ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

export async function startRelayPage(opts: { readonly tls?: boolean } = {}): Promise<RelayPage> {
  const tls = opts.tls === true ? selfSigned() : null;
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const served = url.pathname.startsWith(PAGE_PATH) ? FILES[url.pathname.slice(PAGE_PATH.length)] : undefined;
    if (req.method !== 'GET' || !served) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    // The headers build/relay/index.html asks its host to send.
    res.writeHead(200, { 'content-type': served.type, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'content-security-policy': "frame-ancestors 'none'" });
    res.end(readFileSync(join(RELAY_DIR, served.file)));
  };
  const server = tls ? createTlsServer({ key: tls.key, cert: tls.cert }, serve) : createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const base = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pageUrl = `${base}${PAGE_PATH}`;

  return {
    url: pageUrl,
    async land(callbackUrl) {
      const at = new URL(callbackUrl);
      if (`${at.origin}${at.pathname}` !== pageUrl) throw new Error(`relay page: the browser landed on ${at.origin}${at.pathname}, not on the relay page ${pageUrl}`);
      const page = await getText(at, tls?.cert ?? null);
      const script = /<script[^>]+src="([^"]+)"/.exec(page.body)?.[1];
      if (page.status !== 200 || script === undefined) throw new Error(`relay page: ${page.status} without its script: ${page.body.slice(0, 200)}`);
      const js = (await getText(new URL(script, at), tls?.cert ?? null)).body;
      const sandbox: { FiveXRelay?: RelayModule; URLSearchParams: typeof URLSearchParams; btoa: typeof btoa } = { URLSearchParams, btoa };
      runInNewContext(js, sandbox);
      const relay = sandbox.FiveXRelay;
      if (!relay) throw new Error('relay page: relay.js did not define FiveXRelay');
      const found = relay.analyse(at.search, at.hash);
      if (found.kind !== 'callback') throw new Error(`relay page: the landing carries no callback (${found.kind})`);
      // As start() does: the page's own address goes along, so the app can check the redirect URI.
      const pairs = relay.forwardPairs(at.search, `${at.origin}${at.pathname}`);
      return { completionCode: relay.completionCode(pairs), deepLink: relay.deepLink(pairs), declined: found.hasError === true };
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
