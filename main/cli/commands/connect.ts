// `connect TENANT CONNECTOR` and `reconnect CONNECTION`: the CLI adapter of the connect use case
// (main/connect/connect-service.ts): argument parsing, stdin lines for a pasted code or refresh
// token, the browser, and the use case's events printed per docs/cli-contract.md: authorize,
// then connected or failed.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { REDIRECT_STRATEGIES, type ConnectorDefinition } from '../../../connectors/types';
import { ConnectError } from '../../connect';
import type { ConnectListener, ConnectOutcome, ConsentAttempt, PreparedConnect } from '../../connect';
import { callbackFromPaste } from '../../oauth/protocol/callback-input';
import { isLoopbackHttpUrl, isLoopbackUrl } from '../../../lib/net/loopback';
import type { ConnectionView } from '../../refresh';
import { toConnectionJson } from '../connection-json';
import type { VaultContext } from '../context';
import { CliError, usageError } from '../errors';
import { readSecretFromEnv } from '../secrets';
import type { SellerClient } from '../../repos/credentials';
import { describeConnection } from './connections';

export interface ConnectOptions {
  readonly region?: string;
  readonly account?: string;
  readonly redirect?: string;
  readonly setting: ReadonlyArray<string>;
  readonly noBrowser: boolean;
  readonly timeout?: string;
  /** The seller's own API credentials (bol.com, Zalando): the id, and the env var holding the secret. */
  readonly clientId?: string;
  readonly clientSecretEnv?: string;
  /** --client-secret was typed: refused, secrets never come from argv. */
  readonly clientSecretOnArgv?: boolean;
}

interface Target {
  readonly tenantId: string;
  readonly connector: ConnectorDefinition;
  readonly region: string | null;
  readonly account: string | null;
  readonly settings: Record<string, string>;
  /** Set for reconnect. */
  readonly connection: ConnectionView | null;
}

/** Ends the command after a `failed` event (which is the JSON output; nothing more is printed). */
class ConsentFailed extends CliError {
  constructor(message: string) {
    super('consent_failed', message, 1, null);
  }
}

export async function connectCommand(ctx: VaultContext, tenantRef: string, connectorId: string, opts: ConnectOptions): Promise<void> {
  const tenant = ctx.services.tenants.find(tenantRef);
  if (!tenant) throw new CliError('unknown_tenant', `unknown tenant "${tenantRef}"; see \`fivex-connect tenant list\`, or add it with tenant add`);
  const connector = ctx.services.connectors.get(connectorId);
  if (!connector) throw new CliError('unknown_connector', `unknown connector "${connectorId}"; see \`fivex-connect connector list\` for the ids`);
  await runConsent(ctx, {
    tenantId: tenant.id,
    connector,
    region: opts.region === undefined ? null : opts.region.toLowerCase(),
    account: opts.account ?? null,
    settings: parseSettings(connector, opts.setting, {}),
    connection: null,
  }, opts);
}

export async function reconnectCommand(ctx: VaultContext, connectionId: string, opts: ConnectOptions): Promise<void> {
  const connection = ctx.services.engine.store.get(connectionId);
  if (!connection) throw new CliError('unknown_connection', `unknown connection "${connectionId}"; see \`fivex-connect connections\` for the ids`);
  const connector = ctx.services.connectors.get(connection.connectorId);
  if (!connector) throw new CliError('unknown_connector', `connector "${connection.connectorId}" is not installed any more; add it back with connector add`);
  if (opts.region !== undefined && opts.region !== connection.region) {
    throw usageError(`connection ${connectionId} is for region ${connection.region ?? '(none)'}; connect a new connection for another region`);
  }
  await runConsent(ctx, {
    tenantId: connection.tenantId,
    connector,
    region: connection.region,
    account: connection.account,
    settings: parseSettings(connector, opts.setting, connection.settings),
    connection,
  }, opts);
}

function parseSettings(connector: ConnectorDefinition, raw: ReadonlyArray<string>, base: Readonly<Record<string, string>>): Record<string, string> {
  const settings: Record<string, string> = { ...base };
  for (const item of raw) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw usageError(`--setting takes NAME=VALUE; got "${item}"`);
    const name = item.slice(0, eq);
    const value = item.slice(eq + 1);
    const def = connector.connectionSettings.find((s) => s.name === name);
    if (!def) {
      const names = connector.connectionSettings.map((s) => s.name);
      throw new CliError('unknown_setting', `${connector.name} has no setting "${name}"; ${names.length ? `use one of: ${names.join(', ')}` : 'it takes none'}`);
    }
    if (def.choices && !def.choices.includes(value)) throw new CliError('invalid_setting', `--setting ${name} takes one of: ${def.choices.join(', ')}`);
    if (def.pattern && !new RegExp(def.pattern).test(value)) throw new CliError('invalid_setting', `--setting ${name}: "${value}" does not look like ${def.description}`);
    settings[name] = value;
  }
  const missing = connector.connectionSettings.filter((s) => s.required && !settings[s.name]);
  if (missing.length > 0) {
    throw new CliError('setting_required', `${connector.name} needs ${missing.map((s) => `--setting ${s.name}=VALUE (${s.description})`).join(' and ')}`);
  }
  return settings;
}

function timeoutMs(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) throw usageError('--timeout takes a number of seconds');
  return seconds * 1000;
}

function toCliError(err: unknown, opts: ConnectOptions): unknown {
  if (!(err instanceof ConnectError)) return err;
  // The rest reach the CLI's one catch as they are (a DomainError with its code and message).
  if (err.code === 'invalid_redirect') return usageError(`--redirect takes one of ${REDIRECT_STRATEGIES.join(', ')}; got "${opts.redirect ?? ''}"`);
  return err;
}

/** Prints the use case's events per docs/cli-contract.md: one JSON object per line with --json. */
function printEvents(ctx: VaultContext, timeout: number | undefined): ConnectListener {
  return {
    authorize: (step) => {
      // With --timeout the command gives up sooner than the session would expire: say the earlier time.
      const until = timeout === undefined ? step.expiresAt : new Date(Math.min(Date.parse(step.expiresAt), Date.now() + timeout)).toISOString();
      ctx.out.event({ event: 'authorize', url: step.url, redirect: step.strategy, expiresAt: until }, () =>
        `Open this address in a browser and approve the access (valid until ${until}):\n${step.url}`,
      );
    },
    connected: (view) => {
      const json = toConnectionJson(view);
      ctx.out.event({ event: 'connected', connection: json }, () => `Connected: ${describeConnection(json)}`);
    },
    // For people the one error line on stderr says it (printing it on stdout too showed it twice).
    failed: ({ reason, message }) => {
      if (ctx.out.json) ctx.out.event({ event: 'failed', reason, message }, () => '');
    },
  };
}

/** --client-id ID --client-secret-env VAR: both or neither; the secret never from argv. */
function sellerClientOf(ctx: VaultContext, opts: ConnectOptions): SellerClient | undefined {
  if (opts.clientSecretOnArgv) {
    throw usageError('secrets are never taken from the command line; put the seller\'s client secret in an environment variable and pass --client-secret-env VAR (if you typed a real secret, it may now be in your shell history: remove it there)');
  }
  if (opts.clientId === undefined && opts.clientSecretEnv === undefined) return undefined;
  if (opts.clientId === undefined || opts.clientSecretEnv === undefined) {
    throw usageError("the seller's own credentials take both --client-id ID and --client-secret-env VAR");
  }
  const clientId = opts.clientId.trim();
  if (!/^[\x21-\x7e]{1,256}$/.test(clientId)) throw usageError('--client-id takes the client id the seller generated (printable characters, no spaces)');
  return { clientId, clientSecret: readSecretFromEnv(ctx.io, opts.clientSecretEnv, "seller's client secret") };
}

async function runConsent(ctx: VaultContext, target: Target, opts: ConnectOptions): Promise<void> {
  let prepared: PreparedConnect;
  const sellerClient = sellerClientOf(ctx, opts);
  try {
    prepared = ctx.services.connect.prepare({
      ...target,
      actor: ctx.actor,
      ...(opts.redirect !== undefined ? { strategy: opts.redirect } : {}),
      ...(sellerClient !== undefined ? { sellerClient } : {}),
    });
  } catch (err) {
    throw toCliError(err, opts);
  }
  const listener = printEvents(ctx, timeoutMs(opts.timeout));
  let outcome: ConnectOutcome;
  if (prepared.kind === 'client_credentials') {
    outcome = await prepared.run(listener);
  } else if (prepared.kind === 'manual') {
    outcome = await prepared.run(await readRefreshToken(ctx), listener);
  } else {
    const timeout = timeoutMs(opts.timeout);
    let attempt: ConsentAttempt;
    try {
      attempt = await prepared.begin({ listener, ...(timeout !== undefined ? { timeoutMs: timeout } : {}) });
    } catch (err) {
      throw toCliError(err, opts);
    }
    const unreachable = await signInUnreachable(attempt.authorizeUrl);
    if (unreachable !== null) {
      const origin = new URL(attempt.authorizeUrl).origin;
      if (isLoopbackUrl(attempt.authorizeUrl)) {
        // Nothing listens on this computer: waiting ten minutes for a consent that cannot happen helps nobody.
        const hint = target.connector.id === 'demo' ? ' Start the demo marketplace first with `fivex-connect demo` (same vault), then connect again.' : ' Start the local authorization server, or fix the endpoint with app set.';
        await attempt.abandon('offline', `nothing answers at ${origin} (${unreachable}), so the sign-in page cannot open.${hint}`);
      } else {
        ctx.out.info(`Warning: ${origin} cannot be reached from this computer right now (${unreachable}); the browser may not open the sign-in page.`);
      }
    }
    if (!opts.noBrowser) openBrowser(attempt.authorizeUrl, (msg) => ctx.out.info(msg));
    outcome = attempt.strategy === 'loopback' ? await attempt.result : await readPasted(ctx, attempt);
  }
  // The `failed` event is the JSON output; nothing more is printed.
  if (outcome.kind === 'failed') throw new ConsentFailed(outcome.message);
}

/** relay / deeplink in the CLI: a person pastes the completion code or the callback URL. */
async function readPasted(ctx: VaultContext, attempt: ConsentAttempt): Promise<ConnectOutcome> {
  ctx.out.info(
    attempt.strategy === 'relay'
      ? `When the seller has approved, paste the completion code from the relay page (or the whole address it landed on) and press Enter. The code works for about ${Math.round(attempt.codeLifetimeSeconds / 60)} minutes.`
      : 'Paste the fivex-connect://oauth/callback address the browser tried to open, then press Enter.',
  );
  const lines = createInterface({ input: ctx.io.stdin, crlfDelay: Infinity });
  const read = async (): Promise<void> => {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      // stdin is this attempt's edge: each line is parsed once, here, and handed over typed.
      const pasted = await attempt.accept(callbackFromPaste(line));
      if (pasted.kind === 'done') return;
      ctx.out.info(`That code was not accepted: ${pasted.message}. Paste the code of this consent attempt.`);
    }
    await attempt.abandon('cancelled', 'standard input ended before a completion code was pasted');
  };
  // A timeout settles the attempt; closing the lines then ends the reading loop.
  void read().catch(() => undefined);
  try {
    return await attempt.result;
  } finally {
    lines.close();
  }
}

/** manual: the self-authorized refresh token, from stdin (never from argv). */
async function readRefreshToken(ctx: VaultContext): Promise<string> {
  ctx.out.info('Paste the self-authorized refresh token and press Enter (it is read from standard input, never from the command line).');
  const lines = createInterface({ input: ctx.io.stdin, crlfDelay: Infinity });
  let pasted = '';
  for await (const line of lines) {
    if (line.trim() !== '') {
      pasted = line;
      break;
    }
  }
  lines.close();
  return pasted;
}

/** A TCP connect to the sign-in page's host: null when something answers, else why not. */
function signInUnreachable(url: string, timeoutMs = 3000): Promise<string | null> {
  const parsed = new URL(url);
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (why: string | null): void => {
      socket.destroy();
      resolve(why);
    };
    socket.setTimeout(timeoutMs, () => done('no answer'));
    socket.once('connect', () => done(null));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED' ? 'connection refused' : err.code ?? 'network error'));
  });
}

/** Opens the system browser on a URL built in main (never on one from outside). */
function openBrowser(url: string, info: (msg: string) => void): void {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && !isLoopbackHttpUrl(parsed)) {
    info('Not opening a non-https address automatically; open it yourself if you trust it.');
    return;
  }
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['rundll32', ['url.dll,FileProtocolHandler', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => info('Could not open a browser here; open the address above yourself.'));
    child.unref();
  } catch {
    info('Could not open a browser here; open the address above yourself.');
  }
}
