// The browser preview: a node:http server on 127.0.0.1 that serves the built renderer
// (out/renderer) and one JSON endpoint per contract channel, answered by the SAME desktop API
// wiring (main/desktop/api.ts: services, background scheduler, change stream, consent) the Electron
// app uses, against a real vault. Events go out as a
// text/event-stream. Guarded by main/preview/guard.ts: loopback only, exact Host, same origin,
// and a random per-run token printed once in the URL fragment. Connect works here too: the
// preview cannot open a browser window, so the page shows the sign-in link built in main.
//
//   npx tsx main/preview/server.ts --vault DIR --port 4173 [--root out/renderer] [--demo]
//
// FIVEX_VAULT_PASSPHRASE unlocks an existing vault at start; otherwise the UI creates or unlocks
// it. FIVEX_PREVIEW_TOKEN sets the token (test harnesses); by default it is random per run.
// --demo also starts the local demo marketplace (connectors/demo/server.ts) on a free port and
// registers the demo app against it whenever the vault opens (as `fivex-connect demo` does).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startDemoMarketplace } from '../../connectors/demo/server';
import type { DemoMarketplace } from '../../connectors/demo/server';
import { createDesktopApi } from '../desktop/api';
import type { DesktopApi } from '../desktop/api';
import { securityHeaders } from '../desktop/csp';
import { resolveStaticFile } from '../desktop/static-files';
import { NO_LAUNCH_AT_LOGIN } from '../desktop/types';
import { defaultVaultDir } from '../paths';
import type { Services } from '../services';
import { guardRequest } from './guard';

const MAX_BODY_BYTES = 64 * 1024;
const KEEPALIVE_MS = 25_000;

export interface PreviewOptions {
  readonly vaultDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly rendererRoot: string;
  readonly token?: string;
  /** Unlocks an existing vault at start. */
  readonly passphrase?: string;
  /** Start the demo marketplace and register the demo app on the vault (default false). */
  readonly demo?: boolean;
  readonly log?: (line: string) => void;
}

export interface PreviewServer {
  readonly url: string;
  readonly token: string;
  readonly port: number;
  readonly api: DesktopApi;
  /** With `demo`: the local demo marketplace the demo connector points at. */
  readonly demo: DemoMarketplace | null;
  close(): Promise<void>;
}

function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** Points the demo connector at this run's demo marketplace, as `fivex-connect demo` does. */
function registerDemoApp(services: Services, demo: DemoMarketplace, actor: string): void {
  services.vault.transaction(() => {
    services.registrations.set({ connectorId: 'demo', clientId: demo.clientId, params: { baseUrl: demo.url }, endpoints: {} });
    services.audit.append({ actor, action: 'app.set', outcome: 'ok', detail: { connector: 'demo', demo: true, app: 'preview' } });
  });
}

function send(res: ServerResponse, status: number, body: string, contentType: string): void {
  res.writeHead(status, { ...securityHeaders(), 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Answer now; the rest of the upload is drained and dropped, never buffered.
        tooLarge = true;
        chunks.length = 0;
        resolveBody(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!tooLarge) resolveBody(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export async function startPreviewServer(opts: PreviewOptions): Promise<PreviewServer> {
  const log = opts.log ?? ((line: string) => console.error(line));
  const token = opts.token ?? randomBytes(32).toString('base64url');
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(token)) throw new Error('The preview token must be 16-128 characters of A-Z a-z 0-9 _ -');
  const rendererRoot = resolve(opts.rendererRoot);
  if (!existsSync(join(rendererRoot, 'index.html'))) {
    throw new Error(`${rendererRoot} has no index.html: build the renderer first (npx electron-vite build)`);
  }

  const actor = `os:${osUserName()}`;
  const demo = opts.demo === true ? await startDemoMarketplace() : null;
  const api = createDesktopApi({
    vaultDir: resolve(opts.vaultDir),
    keychain: null,
    ...(demo === null ? {} : { onServicesBuilt: (services: Services) => registerDemoApp(services, demo, actor) }),
    // No browser window can be opened from here: the page shows the link built in main.
    browser: { kind: 'link' },
    launchAtLogin: NO_LAUNCH_AT_LOGIN,
    actor,
    mode: 'preview',
    version: 'preview',
    log,
  });
  if (opts.passphrase !== undefined && api.session.status().state === 'locked') {
    const reply = await api.call('vault:unlock', { passphrase: opts.passphrase, rememberOnThisDevice: false, acceptInsecureKeychain: false });
    if (!reply.ok) log(`[preview] FIVEX_VAULT_PASSPHRASE did not unlock the vault (${reply.error.code}); unlock it in the page`);
  }

  const streams = new Set<ServerResponse>();
  const unsubscribe = api.onEvent((event) => {
    const frame = `event: ${event.channel}\ndata: ${JSON.stringify(event.payload)}\n\n`;
    for (const res of streams) res.write(frame);
  });
  const keepalive = setInterval(() => {
    for (const res of streams) res.write(': keepalive\n\n');
  }, KEEPALIVE_MS);
  keepalive.unref();

  let port = opts.port;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const verdict = guardRequest({ method: req.method ?? '', path, headers: req.headers }, { port, token });
    if (!verdict.ok) {
      log(`[preview] refused ${req.method ?? '?'} ${path.slice(0, 80)}: ${verdict.reason}`);
      send(res, verdict.status, `${verdict.reason}\n`, 'text/plain; charset=utf-8');
      return;
    }
    const { route } = verdict;
    switch (route.kind) {
      case 'static': {
        const file = resolveStaticFile(rendererRoot, path);
        if (file === null) {
          send(res, 404, 'not found\n', 'text/plain; charset=utf-8');
          return;
        }
        const body = readFileSync(file.path);
        res.writeHead(200, { ...securityHeaders(), 'Content-Type': file.contentType, 'Content-Length': body.length });
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      case 'events': {
        res.writeHead(200, { ...securityHeaders(), 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      case 'invoke': {
        const text = await readBody(req);
        if (text === null) {
          res.setHeader('Connection', 'close');
          send(res, 413, 'request too large\n', 'text/plain; charset=utf-8');
          return;
        }
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          send(res, 400, 'the body is not JSON\n', 'text/plain; charset=utf-8');
          return;
        }
        const args = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { args?: unknown }).args : undefined;
        const reply = await api.dispatch(route.channel, args);
        send(res, 200, JSON.stringify(reply), 'application/json; charset=utf-8');
        return;
      }
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`[preview] request failed: ${err instanceof Error ? err.name : 'error'}`);
      if (!res.headersSent) send(res, 500, 'internal error\n', 'text/plain; charset=utf-8');
      else res.end();
    });
  });
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(opts.port, '127.0.0.1', () => resolveListen());
    });
  } catch (err) {
    await api.close();
    await demo?.close();
    throw err;
  }
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    port,
    api,
    demo,
    close: async () => {
      clearInterval(keepalive);
      unsubscribe();
      for (const res of streams) res.end();
      streams.clear();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      await api.close();
      await demo?.close();
    },
  };
}

async function main(argv: ReadonlyArray<string>): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      vault: { type: 'string' },
      port: { type: 'string', default: '4173' },
      root: { type: 'string', default: join(import.meta.dirname, '..', '..', 'out', 'renderer') },
      demo: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`);
  const passphrase = process.env.FIVEX_VAULT_PASSPHRASE;
  const token = process.env.FIVEX_PREVIEW_TOKEN;
  const preview = await startPreviewServer({
    vaultDir: values.vault ?? defaultVaultDir(),
    port,
    rendererRoot: values.root,
    ...(token !== undefined && token !== '' ? { token } : {}),
    ...(passphrase !== undefined && passphrase !== '' ? { passphrase } : {}),
    demo: values.demo,
  });
  // The one place the token is shown: open this URL; the page moves the token out of the address bar.
  process.stdout.write(`FiveX Connect preview (vault ${resolve(values.vault ?? defaultVaultDir())}):\n  ${preview.url}\n`);
  if (preview.demo !== null) process.stdout.write(`Demo marketplace (the demo connector points at it): ${preview.demo.url}\n`);
  const stop = (): void => {
    void preview.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    const busy = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
    console.error(
      busy
        ? 'fivex preview: that port is already in use (another preview?); stop it, or pass --port 0 for a free one'
        : `fivex preview: ${err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(1);
  });
}
