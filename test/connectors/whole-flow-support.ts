// Support for the whole-flow contract tests (whole-flow*.test.ts): a vault driven only through the
// `fivex-connect` command line, the four ways a consent comes back (loopback listener, relay page,
// fivex-connect:// link, pasted self-authorized refresh token) played the way a person does, and
// the shape every marketplace stand-in (a fake, the demo marketplace, oidc-provider) offers them.
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RedirectStrategy } from '../../connectors/types';
import { fetchLikeBrowser } from '../support/browser';
import { runCli, startCli, tempDir } from '../support/cli';
import type { CliRun, LiveCli } from '../support/cli';
import { startCliProcess } from '../support/cli-process';
import type { RelayPage } from '../support/relay-page';

export const DEEP_LINK_PREFIX = 'fivex-connect://oauth/callback';
/** Generous but bounded: every step is local HTTP; a hang must fail rather than stall the run. */
export const STEP_TIMEOUT_MS = 20_000;
/** `connect --timeout`: longer than every step together, so the test's own timeouts speak first. */
const CONNECT_TIMEOUT_S = 60;

export interface ConnectionJson {
  readonly id: string;
  readonly tenant: string;
  readonly connector: string;
  readonly account: string | null;
  readonly region: string | null;
  readonly state: string;
  readonly reason: string | null;
  readonly accessExpiresAt: string | null;
  readonly lastRefreshAt: string | null;
  readonly lastProbeAt: string | null;
}

export interface TokenJson {
  readonly accessToken: string;
  readonly expiresAt: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

export type Decision = 'approve' | 'decline';

/** One marketplace stand-in, reached only over HTTP on 127.0.0.1, as the CLI reaches it. */
export interface FlowMarket {
  /** The connector id the commands name (a custom connector's own id for generic). */
  readonly connector: string;
  /** Commands to run before `app set` (a custom connector's `connector add FILE`). */
  readonly before?: ReadonlyArray<ReadonlyArray<string>>;
  /**
   * `app set CONNECTOR ...` arguments (the endpoints pointing here) and the env they read secrets
   * from; with a relay page, the registration's redirect URI is that page (or what stands for it).
   */
  appSet(relay: RelayPage | null): { readonly args: ReadonlyArray<string>; readonly env: Readonly<Record<string, string>> };
  /** Per-connection `connect` arguments (--setting, --region). */
  readonly connectArgs: ReadonlyArray<string>;
  /**
   * The seller in the browser at the marketplace: opens the authorize URL, approves or declines,
   * and follows the marketplace's redirects until the browser is sent to `stopAt` (the callback
   * address: the loopback listener, the relay page, or the fivex-connect:// link). Returns it.
   */
  seller(authorizeUrl: string, decision: Decision, stopAt: string): Promise<string>;
  /** A self-authorized refresh token, as the marketplace's developer console issues it (manual). */
  selfAuthorize?(): Promise<string>;
  /** Where the marketplace's request log stands now; the expect* checks look at what came after. */
  mark(): number;
  /** The code exchange the marketplace saw. */
  expectExchange(since: number): void;
  /** The refresh the marketplace saw: client authentication style, kept callback values, headers. */
  expectRefresh(since: number): void;
  /** The probe the marketplace saw, with the headers its API wants. */
  expectProbe(since: number): void;
  /** `token --json` as the contract says: the headers a script needs, none carrying an app secret. */
  expectToken(token: TokenJson, since: number): Promise<void>;
  /** Values that must never appear in any command's output (client secrets). */
  readonly secrets: ReadonlyArray<string>;
  close(): Promise<void>;
}

/** A vault in a temporary folder, driven through the CLI only. */
export class FlowVault {
  readonly dir: string;
  readonly vault: string;
  private readonly cleanup: () => void;
  /** Every command's output, checked for secrets at the end. */
  readonly outputs: string[] = [];

  constructor() {
    const t = tempDir('fivex-flow-');
    this.dir = t.dir;
    this.cleanup = t.cleanup;
    this.vault = join(t.dir, 'vault');
  }

  args(...rest: ReadonlyArray<string>): string[] {
    return ['--vault', this.vault, '--json', ...rest];
  }

  async run(rest: ReadonlyArray<string>, opts: { env?: Readonly<Record<string, string>>; stdin?: string } = {}): Promise<CliRun> {
    const r = await runCli(this.args(...rest), { ...(opts.env ? { env: { ...opts.env } } : {}), ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}) });
    this.outputs.push(r.stdout, r.stderr);
    return r;
  }

  /** Runs a command that must succeed, and returns its JSON document. */
  async ok<T>(rest: ReadonlyArray<string>, opts: { env?: Readonly<Record<string, string>>; stdin?: string } = {}): Promise<T> {
    const r = await this.run(rest, opts);
    expect(r.code, `fivex-connect ${rest.join(' ')} exited ${r.code}:\n${r.stdout}\n${r.stderr}`).toBe(0);
    return r.json<T>();
  }

  /** init, the tenants, and the app registration pointing at the market (registering the relay page, if given). */
  async setUp(market: FlowMarket, relay: RelayPage | null, tenants: ReadonlyArray<string> = ['Acme Foods']): Promise<void> {
    await this.ok(['init']);
    for (const t of tenants) await this.ok(['tenant', 'add', t]);
    for (const command of market.before ?? []) await this.ok(command);
    const { args, env } = market.appSet(relay);
    await this.ok(['app', 'set', market.connector, ...args], { env });
  }

  /** `connect` in-process (stdin fed by the test) or as the built binary (a real separate process). */
  live(rest: ReadonlyArray<string>, how: 'in-process' | 'binary'): LiveCli {
    const args = this.args(...rest);
    return how === 'binary' ? startCliProcess(args) : startCli(args);
  }

  dispose(): void {
    this.cleanup();
  }
}

export interface ConnectRun {
  readonly run: CliRun;
  readonly events: ReadonlyArray<Record<string, unknown>>;
  /** The connection of the `connected` event, if any. */
  readonly connection: ConnectionJson | null;
  /** The `failed` event, if any. */
  readonly failed: { readonly reason: string; readonly message: string } | null;
}

function eventsOf(run: CliRun): Record<string, unknown>[] {
  return run.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`connect printed a line that is not JSON: ${l}\nstderr:\n${run.stderr}`);
      }
    });
}

function connectResult(run: CliRun): ConnectRun {
  const events = eventsOf(run);
  const connected = events.find((e) => e.event === 'connected');
  const failed = events.find((e) => e.event === 'failed');
  return {
    run,
    events,
    connection: (connected?.connection as ConnectionJson | undefined) ?? null,
    failed: failed ? { reason: String(failed.reason), message: String(failed.message) } : null,
  };
}

/** The redirect URI the authorize URL carries, whatever the marketplace calls the parameter. */
function redirectOf(authorizeUrl: string): string | null {
  const q = new URL(authorizeUrl).searchParams;
  return q.get('redirect_uri') ?? q.get('redirectUri');
}

/**
 * One `connect TENANT CONNECTOR --redirect S --no-browser --json`, with the seller approving or
 * declining at the marketplace and the answer coming back the way strategy S brings it.
 */
export async function connectThrough(
  vault: FlowVault,
  market: FlowMarket,
  relay: RelayPage,
  strategy: RedirectStrategy,
  decision: Decision,
  opts: { readonly tenant?: string; readonly account?: string; readonly pasteAddress?: boolean } = {},
): Promise<ConnectRun> {
  const base = ['connect', opts.tenant ?? 'Acme Foods', market.connector, '--redirect', strategy, '--no-browser', ...market.connectArgs, ...(opts.account ? ['--account', opts.account] : [])];
  if (strategy === 'manual') {
    // No browser: a self-authorized refresh token (or, to see a refusal, one the marketplace never issued).
    if (!market.selfAuthorize) throw new Error(`${market.connector} lists manual but its stand-in cannot self-authorize`);
    const token = decision === 'approve' ? await market.selfAuthorize() : 'never-issued-refresh-token-0123456789';
    const run = await vault.run(base, { stdin: `${token}\n` });
    expect(`${run.stdout}${run.stderr}`.includes(token), 'the pasted refresh token was printed').toBe(false);
    return connectResult(run);
  }
  // Loopback must reach a listener in another process: the built binary, as a user runs it.
  // --timeout bounds the command itself (a child process would otherwise wait out the 10-minute session).
  const live = vault.live([...base, '--timeout', String(CONNECT_TIMEOUT_S)], strategy === 'loopback' ? 'binary' : 'in-process');
  try {
    const authorize = await live.waitForEvent<{ url: string; redirect: string }>((e) => e.event === 'authorize', STEP_TIMEOUT_MS);
    expect(authorize.redirect).toBe(strategy);
    const landing = await land(market, relay, strategy, authorize.url, decision, opts.pasteAddress ?? decision === 'decline');
    if (landing !== null) live.write(`${landing}\n`);
    await live.waitForEvent((e) => e.event === 'connected' || e.event === 'failed', STEP_TIMEOUT_MS);
  } finally {
    live.endInput();
  }
  const run = await live.done;
  vault.outputs.push(run.stdout, run.stderr);
  return connectResult(run);
}

/** Plays the browser for one strategy; returns what a person pastes on stdin (null: nothing to paste). */
async function land(market: FlowMarket, relay: RelayPage, strategy: Exclude<RedirectStrategy, 'manual'>, authorizeUrl: string, decision: Decision, pasteAddress: boolean): Promise<string | null> {
  switch (strategy) {
    case 'loopback': {
      const listener = redirectOf(authorizeUrl);
      expect(listener, 'a loopback authorize URL names its listener').toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      const callback = await market.seller(authorizeUrl, decision, listener!);
      // The browser delivers the callback to the listener in the connect process.
      const res = await fetchLikeBrowser(callback, { redirect: 'manual' });
      await res.text();
      return null;
    }
    case 'relay': {
      const callback = await market.seller(authorizeUrl, decision, relay.url);
      const page = await relay.land(callback);
      expect(page.declined).toBe(decision === 'decline');
      // Either form the contract names: the completion code the page shows, or the address itself.
      return pasteAddress ? callback : page.completionCode;
    }
    case 'deeplink': {
      const link = await market.seller(authorizeUrl, decision, DEEP_LINK_PREFIX);
      expect(link.startsWith(`${DEEP_LINK_PREFIX}?`)).toBe(true);
      return link;
    }
  }
}

/** After a connect: refresh, probe and token through the CLI, with the market's checks after each. */
export async function refreshProbeToken(vault: FlowVault, market: FlowMarket, connection: ConnectionJson): Promise<void> {
  let since = market.mark();
  const refreshed = await vault.ok<ConnectionJson>(['refresh', connection.id]);
  expect(refreshed).toMatchObject({ id: connection.id, state: 'active', reason: null });
  expect(refreshed.lastRefreshAt).not.toBeNull();
  market.expectRefresh(since);

  since = market.mark();
  const probed = await vault.ok<ConnectionJson>(['probe', connection.id]);
  expect(probed).toMatchObject({ id: connection.id, state: 'active' });
  expect(probed.lastProbeAt).not.toBeNull();
  market.expectProbe(since);

  since = market.mark();
  const token = await vault.ok<TokenJson>(['token', connection.id]);
  expect(token.accessToken.length).toBeGreaterThan(8);
  await market.expectToken(token, since);
}

/** No secret of the market in anything the CLI printed. */
export function expectNoSecretsIn(vault: FlowVault, market: FlowMarket): void {
  const all = vault.outputs.join('\n');
  for (const secret of market.secrets) expect(all.includes(secret), 'a client secret appeared in the CLI output').toBe(false);
}

/** Case-insensitive header lookup in `token --json` output. */
export function headerOf(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}
