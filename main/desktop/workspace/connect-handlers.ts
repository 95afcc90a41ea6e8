// The connect dialog's channels (preload/connect-channels.ts) over the shared connect use case
// (main/connect/): what each marketplace will ask and how it connects, then browser consent with
// the chosen redirect strategy and the connection settings (checked by the connector's own rules,
// connectors/settings.ts, as the CLI's --setting is), the seller's own API credentials, the
// agency's client credentials, or one pasted self-authorized refresh token. Secrets are handed to
// the use case and dropped: no reply, log line or audit event carries them.
import type { ConnectorDefinition } from '../../../connectors/types';
import { PURPOSES } from '../../../connectors/types';
import { checkConnectionSettings } from '../../../connectors/settings';
import { ConnectError } from '../../connect';
import type { ConnectOutcome, ConnectRequest } from '../../connect';
import type { ConnectionView } from '../../repos/connections';
import type { AppRegistrationSummary } from '../../repos/app-registrations';
import type { Services } from '../../services';
import type { ConnectionDto, LocalizedText, StartConsentResult } from '../../../preload/contract';
import type { CONNECT_INVOKE, ConnectMode, ConnectOption, DirectConnectResult, RedirectChoice } from '../../../preload/connect-channels';
import type { HandlersOf } from '../../../preload/schema-kit';
import { consentUnavailableText } from '../consent-texts';
import { reasonText } from '../dto';
import { DesktopError, redactForLog } from '../errors';
import { showConsent } from '../show-consent';
import type { ConsentBrowser, DesktopConsent, DesktopConsentStart } from '../types';
import { NO_SCOPES_TEXT, PURPOSE_TEXTS, STRATEGY_TEXTS, settingsProblemText } from './connect-texts';

export interface ConnectHandlerContext {
  readonly services: () => Services;
  readonly consentOf: (s: Services) => DesktopConsent;
  readonly connectionDto: (s: Services, row: ConnectionView) => ConnectionDto;
  /** Tells the page about the new connection now (the change stream). */
  readonly changed: () => void;
  readonly browser: ConsentBrowser;
  readonly actor: string;
  /** Who acts now: the signed-in operator, else the OS user. */
  readonly actorOf?: (s: Services) => string;
  readonly log: (line: string) => void;
}

function modeOf(def: ConnectorDefinition): ConnectMode {
  if (def.grant === 'client_credentials') return def.sellerOwnedCredentials === true ? 'seller_credentials' : 'agency_credentials';
  if (def.grant === 'refresh_token_import') return 'refresh_token';
  return 'browser';
}

/** Browser strategies it supports, the registration's (or the connector's) default first. */
function strategiesOf(def: ConnectorDefinition, reg: AppRegistrationSummary | undefined): RedirectChoice[] {
  if (def.grant !== 'authorization_code') return [];
  const browserOnes = def.redirect.supported.filter((s): s is Exclude<RedirectChoice, 'manual'> => s !== 'manual');
  // Relay needs the agency's relay page (the registration's redirect URI); offered without one
  // only when it is the sole way, so Connect can say what to set.
  const withoutRelay = browserOnes.filter((s) => s !== 'relay');
  const supported = reg?.redirectUri == null && withoutRelay.length > 0 ? withoutRelay : browserOnes;
  const preferred = [reg?.redirectStrategy, def.redirect.default].find((s) => s !== undefined && s !== null && (supported as string[]).includes(s));
  return preferred === undefined ? supported : [preferred as RedirectChoice, ...supported.filter((s) => s !== preferred)];
}

function purposesOf(def: ConnectorDefinition): ConnectOption['purposes'] {
  const purposes = (['base', ...PURPOSES] as const).flatMap((purpose) => {
    const scopes = def.scopes[purpose] ?? [];
    return scopes.length === 0 ? [] : [{ purpose, text: PURPOSE_TEXTS[purpose], scopes: [...scopes] }];
  });
  return purposes.length > 0 ? purposes : [{ purpose: 'base', text: NO_SCOPES_TEXT, scopes: [] }];
}

export function connectOption(def: ConnectorDefinition, reg: AppRegistrationSummary | undefined): ConnectOption {
  const mode = modeOf(def);
  // The seller's own pair needs no agency registration; everything else signs with the agency's.
  const registered = reg !== undefined && reg.brokenReason === null;
  const available = mode === 'seller_credentials' || registered;
  return {
    connectorId: def.id,
    connectorName: def.name,
    mode,
    available,
    unavailableText: available ? null : consentUnavailableText('not_configured', def),
    purposes: purposesOf(def),
    strategies: strategiesOf(def, reg).map((id) => ({ id, text: STRATEGY_TEXTS[id] })),
    acceptsToken: registered && def.acceptsImportedRefreshTokens === true && (def.redirect.supported.includes('manual') || mode === 'refresh_token'),
    settings: def.connectionSettings.map((s) => ({ name: s.name, description: s.description, required: s.required, choices: s.choices === undefined ? null : [...s.choices], pattern: s.pattern ?? null })),
  };
}

const notConfigured = (def: ConnectorDefinition, err: ConnectError): DirectConnectResult => ({
  outcome: 'failed',
  reason: err.code,
  text: err.code === 'no_app_registration' || err.code === 'app_registration_broken' || err.code === 'config_error' ? consentUnavailableText('not_configured', def) : { en: err.message, es: err.message },
});

export function createConnectHandlers(ctx: ConnectHandlerContext): HandlersOf<typeof CONNECT_INVOKE> {
  const actorOf = (s: Services): string => ctx.actorOf?.(s) ?? ctx.actor;

  const requireTarget = (s: Services, args: { readonly tenantId: string; readonly connectorId: string; readonly region: string | null }): ConnectorDefinition => {
    const tenant = s.tenants.find(args.tenantId);
    if (tenant === undefined || tenant.id !== args.tenantId) throw new DesktopError('unknown_tenant', 'There is no such tenant (it may have been archived).');
    const def = s.connectors.get(args.connectorId);
    if (def === undefined) throw new DesktopError('unknown_connector', `There is no connector ${args.connectorId}.`);
    if (args.region !== null && !def.regions.some((r) => r.id === args.region)) throw new DesktopError('invalid_args', `${def.name} has no region ${args.region}.`);
    return def;
  };

  /** Empty fields are left out; the rest must pass the connector's rules (as `--setting` does). */
  const checkedSettings = (def: ConnectorDefinition, raw: Readonly<Record<string, string>>): Record<string, string> => {
    const settings = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
    const problems = checkConnectionSettings(def, settings);
    if (problems.length > 0) throw new DesktopError('invalid_args', settingsProblemText(problems).en);
    return settings;
  };

  const request = (s: Services, def: ConnectorDefinition, args: { readonly tenantId: string; readonly region: string | null; readonly settings: Readonly<Record<string, string>> }, account: string | null): ConnectRequest => ({
    tenantId: args.tenantId,
    connector: def,
    region: args.region,
    account,
    settings: checkedSettings(def, args.settings),
    connection: null,
    actor: actorOf(s),
  });

  const direct = async (s: Services, def: ConnectorDefinition, run: () => Promise<ConnectOutcome>): Promise<DirectConnectResult> => {
    let outcome: ConnectOutcome;
    try {
      outcome = await run();
    } catch (err) {
      if (err instanceof ConnectError) {
        ctx.log(`[connect] ${def.id} was refused before it started: ${redactForLog(err.message)}`);
        return notConfigured(def, err);
      }
      throw err;
    }
    if (outcome.kind === 'failed') {
      ctx.log(`[connect] ${def.id} did not connect: ${outcome.reason}`);
      return { outcome: 'failed', reason: outcome.reason, text: reasonText(outcome.reason, def, outcome.message) };
    }
    ctx.changed();
    return { outcome: 'connected', connection: ctx.connectionDto(s, outcome.connection) };
  };

  const browser = async (def: ConnectorDefinition, begin: () => Promise<DesktopConsentStart>): Promise<StartConsentResult> => {
    let started: DesktopConsentStart;
    try {
      started = await begin();
    } catch (err) {
      if (err instanceof ConnectError) {
        ctx.log(`[connect] consent for ${def.id} was refused before it started: ${redactForLog(err.message)}`);
        const setUp = consentUnavailableText('not_configured', def);
        // A strategy the registration cannot serve (e.g. relay without a relay page) says which part is missing.
        const text: LocalizedText =
          err.code === 'invalid_redirect' || err.code === 'unsupported_redirect'
            ? { en: err.message, es: err.message }
            : err.code === 'config_error'
              ? { en: `${setUp.en} (${redactForLog(err.message)})`, es: `${setUp.es} (${redactForLog(err.message)})` }
              : setUp;
        return { status: 'unavailable', reason: 'not_configured', text };
      }
      throw err;
    }
    return showConsent(ctx.browser, started);
  };

  return {
    'connect:options': () => {
      const s = ctx.services();
      const registrations = s.registrations.summaries();
      return Promise.resolve(s.connectors.list().map((def) => connectOption(def, registrations.get(def.id))));
    },
    'connect:browser': (args) => {
      const s = ctx.services();
      const def = requireTarget(s, args);
      if (def.grant !== 'authorization_code') throw new DesktopError('invalid_args', `${def.name} does not use a browser sign-in.`);
      const settings = checkedSettings(def, args.settings);
      return browser(def, () => ctx.consentOf(s).begin({ tenantId: args.tenantId, connectorId: def.id, region: args.region, actor: actorOf(s), settings, strategy: args.strategy }));
    },
    'connect:renew': (args) => {
      const s = ctx.services();
      const row = s.engine.store.get(args.connectionId);
      if (row === undefined) throw new DesktopError('unknown_connection', 'There is no such connection (it may have been deleted).');
      const def = s.connectors.get(row.connectorId);
      if (def === undefined) throw new DesktopError('unknown_connector', `There is no connector ${row.connectorId} any more.`);
      return browser(def, () => ctx.consentOf(s).reconnect({ connectionId: row.id, actor: actorOf(s), ...(args.strategy === null ? {} : { strategy: args.strategy }) }));
    },
    'connect:sellerCredentials': (args) => {
      const s = ctx.services();
      const def = requireTarget(s, args);
      if (modeOf(def) !== 'seller_credentials') throw new DesktopError('invalid_args', `${def.name} does not take the seller's own API credentials.`);
      const connection = args.connectionId === undefined ? null : (s.engine.store.get(args.connectionId) ?? null);
      if (args.connectionId !== undefined && (connection === null || connection.tenantId !== args.tenantId || connection.connectorId !== def.id)) {
        throw new DesktopError('unknown_connection', 'There is no such connection of this client and marketplace (it may have been deleted).');
      }
      const base = request(s, def, connection === null ? args : { ...args, region: connection.region, settings: connection.settings }, args.account ?? connection?.account ?? null);
      const req: ConnectRequest = { ...base, connection, sellerClient: { clientId: args.clientId, clientSecret: args.clientSecret } };
      return direct(s, def, () => {
        const prepared = s.connect.prepare(req);
        if (prepared.kind !== 'client_credentials') throw new ConnectError('seller_credentials', `${def.name} does not take the seller's own API credentials`);
        return prepared.run();
      });
    },
    'connect:agencyCredentials': (args) => {
      const s = ctx.services();
      const def = requireTarget(s, args);
      if (modeOf(def) !== 'agency_credentials') throw new DesktopError('invalid_args', `${def.name} does not connect with the agency's client credentials.`);
      const req = request(s, def, args, args.account);
      return direct(s, def, () => {
        const prepared = s.connect.prepare(req);
        if (prepared.kind !== 'client_credentials') throw new ConnectError('unsupported_redirect', `${def.name} does not connect with client credentials`);
        return prepared.run();
      });
    },
    'connect:refreshToken': (args) => {
      const s = ctx.services();
      const def = requireTarget(s, args);
      const req: ConnectRequest = { ...request(s, def, args, args.account), strategy: 'manual' };
      return direct(s, def, () => {
        const prepared = s.connect.prepare(req);
        if (prepared.kind !== 'manual') throw new ConnectError('unsupported_redirect', `${def.name} does not take self-authorized refresh tokens`);
        return prepared.run(args.refreshToken);
      });
    },
  };
}
