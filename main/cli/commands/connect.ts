// `connect TENANT CONNECTOR` and `reconnect CONNECTION`: consent through the system browser (or a
// pasted completion code, or a self-authorized refresh token), then the token exchange, as a
// stream of events: authorize, then connected or failed.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { REDIRECT_STRATEGIES, type ConnectorDefinition, type RedirectStrategy } from '../../../connectors/types';
import type { ConsentFlow, FinalConsentResult } from '../../oauth/consent';
import { validatePastedRefreshToken } from '../../oauth/consent';
import { ConfigError, resolveConnector, type ResolvedConnector } from '../../oauth/resolve';
import { TokenEndpointError, type TokenSet } from '../../oauth/token-types';
import { toConnectionJson, type ConnectionView } from '../../repos/connections';
import type { VaultContext } from '../context';
import { CliError, usageError } from '../errors';
import { describeConnection } from './connections';

export interface ConnectOptions {
  readonly region?: string;
  readonly account?: string;
  readonly redirect?: string;
  readonly setting: ReadonlyArray<string>;
  readonly noBrowser: boolean;
  readonly timeout?: string;
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

function fail(ctx: VaultContext, reason: string, message: string): never {
  ctx.out.event({ event: 'failed', reason, message }, () => `Not connected: ${message}`);
  throw new ConsentFailed(message);
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

function chooseStrategy(connector: ConnectorDefinition, rc: ResolvedConnector, raw: string | undefined): RedirectStrategy {
  if (raw !== undefined && !(REDIRECT_STRATEGIES as ReadonlyArray<string>).includes(raw)) {
    throw usageError(`--redirect takes one of ${REDIRECT_STRATEGIES.join(', ')}; got "${raw}"`);
  }
  const strategy = (raw ?? rc.registration.redirectStrategy ?? connector.redirect.default) as RedirectStrategy;
  if (!connector.redirect.supported.includes(strategy)) {
    throw new CliError('unsupported_redirect', `${connector.name} does not support the ${strategy} redirect; it supports ${connector.redirect.supported.join(', ')}`);
  }
  return strategy;
}

function timeoutMs(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0) throw usageError('--timeout takes a number of seconds');
  return seconds * 1000;
}

async function runConsent(ctx: VaultContext, target: Target, opts: ConnectOptions): Promise<void> {
  const { services } = ctx;
  const { connector } = target;
  const registration = services.registrations.get(connector.id);
  if (!registration) {
    throw new CliError('no_app_registration', `there is no app registration for ${connector.name}; run \`fivex-connect app set ${connector.id} --client-id ID ...\` first`);
  }
  if (registration.brokenReason) {
    throw new CliError('app_registration_broken', `the ${connector.name} app registration is flagged broken (${registration.brokenReason}); fix it with \`fivex-connect app set ${connector.id} ...\` first`);
  }
  let rc: ResolvedConnector;
  try {
    rc = resolveConnector({ connector, registration, region: target.region, settings: target.settings });
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError('config_error', err.message);
    throw err;
  }
  if (connector.grant === 'client_credentials') {
    const tokens = await exchange(ctx, () => services.tokenClient.clientCredentials(rc));
    return connected(ctx, target, rc, tokens, {}, []);
  }
  const strategy = chooseStrategy(connector, rc, opts.redirect);
  if (strategy === 'manual') return manualConsent(ctx, target);

  let flow: ConsentFlow;
  try {
    flow = await services.consent.begin({
      rc,
      tenantId: target.tenantId,
      operator: ctx.actor,
      strategy,
      account: target.account,
      connectionId: target.connection?.id ?? null,
      ...(opts.timeout !== undefined ? { loopbackTimeoutMs: timeoutMs(opts.timeout)! } : {}),
    });
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError('config_error', err.message);
    throw err;
  }
  try {
    ctx.out.event({ event: 'authorize', url: flow.authorizeUrl, redirect: strategy, expiresAt: flow.expiresAt }, () =>
      `Open this address in a browser and approve the access (valid until ${flow.expiresAt}):\n${flow.authorizeUrl}`,
    );
    if (!opts.noBrowser) openBrowser(flow.authorizeUrl, (msg) => ctx.out.info(msg));
    const result = strategy === 'loopback' ? await flow.waitForCallback({ ...(opts.timeout ? { timeoutMs: timeoutMs(opts.timeout)! } : {}) }) : await readPasted(ctx, flow, strategy, timeoutMs(opts.timeout));
    if (result.kind !== 'authorized') {
      const reason = result.kind === 'declined' ? 'access_denied' : result.kind === 'failed' ? result.error : result.kind;
      fail(ctx, reason, result.message);
    }
    const tokens = await exchange(ctx, () => services.tokenClient.exchangeCode(rc, { code: result.code, codeVerifier: result.codeVerifier, redirectUri: result.redirectUri }), flow);
    flow.finish('connected');
    return connected(ctx, target, rc, tokens, result.metadata, result.scopes);
  } finally {
    await flow.cancel().catch(() => undefined);
  }
}

/** relay / deeplink in the CLI: a person pastes the completion code or the callback URL. */
async function readPasted(ctx: VaultContext, flow: ConsentFlow, strategy: RedirectStrategy, timeout: number | undefined): Promise<FinalConsentResult> {
  ctx.out.info(
    strategy === 'relay'
      ? `When the seller has approved, paste the completion code from the relay page (or the whole address it landed on) and press Enter. The code works for about ${Math.round(flow.codeLifetimeSeconds / 60)} minutes.`
      : 'Paste the fivex-connect://oauth/callback address the browser tried to open, then press Enter.',
  );
  const lines = createInterface({ input: ctx.io.stdin, crlfDelay: Infinity });
  const until = Date.now() + (timeout ?? Date.parse(flow.expiresAt) - Date.now());
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<FinalConsentResult>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout', message: 'no completion code arrived in time; start the consent again' }), Math.max(0, until - Date.now()));
  });
  const read = (async (): Promise<FinalConsentResult> => {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const result = await flow.completeWithPasted(line);
      if (result.kind !== 'refused') return result;
      ctx.out.info(`That code was not accepted: ${result.message}. Paste the code of this consent attempt.`);
    }
    return { kind: 'cancelled', message: 'standard input ended before a completion code was pasted' };
  })();
  try {
    return await Promise.race([read, timedOut]);
  } finally {
    clearTimeout(timer);
    lines.close();
  }
}

async function manualConsent(ctx: VaultContext, target: Target): Promise<void> {
  if (!target.connector.acceptsImportedRefreshTokens) {
    throw new CliError('unsupported_redirect', `${target.connector.name} does not take self-authorized refresh tokens`);
  }
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
  const checked = validatePastedRefreshToken(pasted);
  if (!checked.ok) fail(ctx, checked.reason, checked.message);
  const now = ctx.services.clock();
  const tokens: TokenSet = { accessToken: '', refreshToken: checked.refreshToken, tokenType: 'bearer', accessExpiresAt: now, refreshExpiresAt: null, scopes: null, extra: {} };
  const view = save(ctx, target, tokens, {}, [], true);
  // Prove the token works now rather than at the next monitor tick.
  const refreshed = await ctx.services.engine.refresh.refreshConnection(view.id, { force: true, actor: ctx.actor });
  if (refreshed.connection.state !== 'active') fail(ctx, refreshed.connection.reason ?? 'refresh_failed', `the pasted refresh token did not work (${refreshed.connection.reason ?? refreshed.outcome})`);
  emitConnected(ctx, refreshed.connection);
}

async function exchange(ctx: VaultContext, call: () => Promise<TokenSet>, flow?: ConsentFlow): Promise<TokenSet> {
  try {
    return await call();
  } catch (err) {
    flow?.finish('failed');
    if (err instanceof TokenEndpointError) fail(ctx, err.reason, err.message);
    if (err instanceof ConfigError) fail(ctx, 'config_error', err.message);
    throw err;
  }
}

function externalAccountOf(connector: ConnectorDefinition, metadata: Readonly<Record<string, string>>, tokens: TokenSet): string | null {
  for (const p of connector.callback.keepParams) if (metadata[p]) return metadata[p];
  for (const k of ['user_id', 'open_id', 'seller_id', 'sub']) if (tokens.extra[k]) return tokens.extra[k];
  return null;
}

function save(ctx: VaultContext, target: Target, tokens: TokenSet, metadata: Readonly<Record<string, string>>, scopes: ReadonlyArray<string>, dueNow = false): ConnectionView {
  const store = ctx.services.engine.store;
  const externalAccount = externalAccountOf(target.connector, metadata, tokens);
  try {
    if (target.connection) {
      return store.renewGrant(target.connection.id, tokens, { externalAccount, callbackMetadata: metadata, scopesRequested: scopes, actor: ctx.actor });
    }
    return store.createConnectionWithGrant({
      tenantId: target.tenantId,
      connectorId: target.connector.id,
      account: target.account ?? externalAccount ?? target.connector.name,
      region: target.region,
      settings: target.settings,
      grant: { externalAccount, callbackMetadata: metadata, scopesRequested: scopes },
      tokens,
      actor: ctx.actor,
      dueNow,
    });
  } catch (err) {
    if (err instanceof Error && 'code' in err) fail(ctx, String((err as { code: unknown }).code), err.message);
    throw err;
  }
}

function connected(ctx: VaultContext, target: Target, _rc: ResolvedConnector, tokens: TokenSet, metadata: Readonly<Record<string, string>>, scopes: ReadonlyArray<string>): void {
  emitConnected(ctx, save(ctx, target, tokens, metadata, scopes));
}

function emitConnected(ctx: VaultContext, view: ConnectionView): void {
  const json = toConnectionJson(view);
  ctx.out.event({ event: 'connected', connection: json }, () => `Connected: ${describeConnection(json)}`);
}

/** Opens the system browser on a URL built in main (never on one from outside). */
function openBrowser(url: string, info: (msg: string) => void): void {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(parsed.hostname))) {
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
