// `app set CONNECTOR ...`: the agency's app registration for one connector.
import { describeConnector } from '../../../connectors/registry';
import { REDIRECT_STRATEGIES, STANDARD_ENDPOINTS, type ConnectorDefinition, type RedirectStrategy } from '../../../connectors/types';
import { assertSafeEndpointUrl, ConfigError } from '../../oauth/resolve';
import type { VaultContext } from '../context';
import { CliError, usageError } from '../errors';
import { readSecretFromEnv } from '../secrets';

export interface AppSetOptions {
  readonly clientId?: string;
  readonly clientSecretEnv?: string;
  readonly redirectUri?: string;
  readonly redirect?: string;
  readonly endpoint: ReadonlyArray<string>;
  readonly param: ReadonlyArray<string>;
}

export function appSet(ctx: VaultContext, connectorId: string, opts: AppSetOptions): void {
  const connector = ctx.services.connectors.get(connectorId);
  if (!connector) {
    throw new CliError('unknown_connector', `unknown connector "${connectorId}"; see \`fivex-connect connector list\` for the ids`);
  }
  if (!opts.clientId) throw usageError('app set needs --client-id ID (the client id of your app at the marketplace)');
  const clientSecret = opts.clientSecretEnv ? readSecretFromEnv(ctx.io, opts.clientSecretEnv, 'client secret') : undefined;
  const endpoints = parseEndpoints(connector, opts.endpoint);
  const params = parseParams(connector, opts.param);
  const redirectStrategy = opts.redirect === undefined ? undefined : parseStrategy(connector, opts.redirect);
  const redirectUri = opts.redirectUri === undefined ? undefined : parseRedirectUri(opts.redirectUri);

  const existing = ctx.services.registrations.get(connector.id);
  const merged = { ...existing?.params, ...params };
  const missing = connector.params.filter((p) => p.required && !merged[p.name]).map((p) => p.name);
  if (missing.length > 0) {
    throw new CliError('param_required', `${connector.name} needs ${missing.map((m) => `--param ${m}=VALUE`).join(' ')} (${connector.params.filter((p) => missing.includes(p.name)).map((p) => p.description).join('; ')})`);
  }

  const registration = ctx.vault.transaction(() => {
    const saved = ctx.services.registrations.set({
      connectorId: connector.id,
      clientId: opts.clientId!,
      ...(clientSecret !== undefined ? { clientSecret } : {}),
      ...(redirectStrategy !== undefined ? { redirectStrategy } : {}),
      ...(redirectUri !== undefined ? { redirectUri } : {}),
      endpoints,
      params,
    });
    ctx.services.audit.append({
      actor: ctx.actor,
      action: 'app.set',
      outcome: 'ok',
      // Names only: the secret itself is never audited.
      // The endpoint hosts too: where the tokens of every connection of this connector will go.
      detail: {
        connector: connector.id,
        clientSecretChanged: clientSecret !== undefined,
        endpoints: Object.keys(endpoints),
        endpointHosts: Object.fromEntries(Object.entries(endpoints).map(([name, url]) => [name, new URL(url).host])),
        params: Object.keys(params),
      },
    });
    return saved;
  });
  ctx.out.result({ connector: registration.connectorId, clientId: registration.clientId }, () =>
    `Saved the app registration for ${connector.name} (client id ${registration.clientId}${clientSecret !== undefined ? ', client secret stored encrypted' : ''}).`,
  );
}

function splitPair(raw: string, flag: string): [string, string] {
  const eq = raw.indexOf('=');
  if (eq <= 0 || eq === raw.length - 1) throw usageError(`${flag} takes NAME=VALUE; got "${raw}"`);
  return [raw.slice(0, eq), raw.slice(eq + 1)];
}

function parseEndpoints(connector: ConnectorDefinition, raw: ReadonlyArray<string>): Record<string, string> {
  const allowed = new Set<string>([...STANDARD_ENDPOINTS, ...describeConnector(connector).endpoints]);
  const out: Record<string, string> = {};
  for (const item of raw) {
    const [name, value] = splitPair(item, '--endpoint');
    if (!allowed.has(name)) {
      throw new CliError('unknown_endpoint', `${connector.name} has no endpoint "${name}"; use one of: ${[...allowed].join(', ')}`);
    }
    let url: URL;
    try {
      url = new URL(value);
      assertSafeEndpointUrl(url, `--endpoint ${name}`);
    } catch (err) {
      if (err instanceof ConfigError) throw new CliError('invalid_endpoint', err.message);
      throw new CliError('invalid_endpoint', `--endpoint ${name}: "${value}" is not a URL; give a full https://... address`);
    }
    out[name] = url.toString();
  }
  return out;
}

function parseParams(connector: ConnectorDefinition, raw: ReadonlyArray<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of raw) {
    const [name, value] = splitPair(item, '--param');
    const def = connector.params.find((p) => p.name === name);
    if (!def) {
      const names = connector.params.map((p) => p.name);
      throw new CliError('unknown_param', `${connector.name} has no param "${name}"; ${names.length ? `use one of: ${names.join(', ')}` : 'it takes no params'}`);
    }
    if (def.pattern && !new RegExp(def.pattern).test(value)) {
      throw new CliError('invalid_param', `--param ${name}: "${value}" does not look like ${def.description}`);
    }
    out[name] = value;
  }
  return out;
}

function parseStrategy(connector: ConnectorDefinition, raw: string): RedirectStrategy {
  if (!(REDIRECT_STRATEGIES as ReadonlyArray<string>).includes(raw)) {
    throw usageError(`--redirect takes one of ${REDIRECT_STRATEGIES.join(', ')}; got "${raw}"`);
  }
  const strategy = raw as RedirectStrategy;
  if (!connector.redirect.supported.includes(strategy)) {
    throw new CliError('unsupported_redirect', `${connector.name} does not support the ${strategy} redirect; it supports ${connector.redirect.supported.join(', ')}`);
  }
  return strategy;
}

function parseRedirectUri(raw: string): string {
  const value = raw.trim();
  // eslint-disable-next-line no-control-regex
  if (value.length === 0 || value.length > 2048 || /[\u0000-\u001f\u007f\s]/.test(value)) {
    throw usageError('--redirect-uri takes the URI registered with the marketplace (for eBay, the RuName), without spaces');
  }
  return value;
}
