// Turns a connector definition + the agency's app registration + one connection's settings into
// concrete endpoint URLs and template values. The one place templates like {shop} are filled.
import { DomainError } from '../errors';
import { settingEndpointLayers } from '../../connectors/settings';
import type { ConnectorDefinition, Environment, EndpointTemplates } from '../../connectors/types';
import { isLoopbackHttpUrl } from '../../lib/net/loopback';

/** The agency's registration of an app with a marketplace, as the engine sees it (secret opened). */
export interface AppRegistration {
  readonly id: string;
  readonly connectorId: string;
  readonly clientId: string;
  readonly clientSecret: string | null;
  readonly clientSecretSetAt: string | null;
  readonly redirectStrategy: string | null;
  readonly redirectUri: string | null;
  readonly endpointOverrides: Readonly<Record<string, string>>;
  readonly params: Readonly<Record<string, string>>;
  readonly brokenReason: string | null;
}

export interface ResolveInput {
  readonly connector: ConnectorDefinition;
  readonly registration: AppRegistration;
  readonly region?: string | null;
  readonly environment?: Environment;
  /** Per-connection values (shop, country host, ...). */
  readonly settings?: Readonly<Record<string, string>>;
  /** Values kept from the consent callback (selling_partner_id, sellerId, ...). */
  readonly callbackMetadata?: Readonly<Record<string, string>>;
  /**
   * The seller's own API credentials (bol.com, Zalando): they replace the registration's client
   * id and secret; its endpoint overrides and params still apply.
   */
  readonly sellerClient?: { readonly clientId: string; readonly clientSecret: string } | null;
}

export interface ResolvedConnector {
  readonly connector: ConnectorDefinition;
  readonly registration: AppRegistration;
  readonly region: string | null;
  readonly environment: Environment;
  readonly settings: Readonly<Record<string, string>>;
  readonly callbackMetadata: Readonly<Record<string, string>>;
  /** Whose client id and secret sign the token calls: the agency's app, or the seller's own pair. */
  readonly credentialOwner: 'agency' | 'seller';
  /** Concrete URL of an endpoint, or null when the connector has none by that name. */
  endpoint(name: string): URL | null;
  /** Same, throwing a ConfigError naming the endpoint and how to set it. */
  requireEndpoint(name: string): URL;
  /** Fills `{name}` templates from settings, params, region and callback metadata. */
  fill(template: string, extra?: Readonly<Record<string, string>>): string;
  /**
   * The same connector resolved again with the values a consent callback kept (Walmart's sellerId,
   * SP-API's selling_partner_id): the code exchange needs them before any grant row holds them.
   */
  withCallbackMetadata(metadata: Readonly<Record<string, string>>): ResolvedConnector;
}

/** A connector or registration that cannot be used as configured: DomainError 'config_error'. */
export class ConfigError extends DomainError {
  constructor(message: string) {
    super('config_error', message);
    this.name = 'ConfigError';
  }
}

/** Only https, or http on a loopback host (local fakes, sandboxes behind a local proxy). */
export function assertSafeEndpointUrl(url: URL, what: string): void {
  if (url.protocol === 'https:') return;
  if (isLoopbackHttpUrl(url)) return;
  throw new ConfigError(`${what} must be an https URL (or http on 127.0.0.1 for local testing); got ${url.protocol}//${url.host}`);
}

/**
 * What stands in for the agency's registration when a seller-owned connection has none: no
 * overrides, no params, the connector's own endpoints (the seller's pair is laid over it).
 */
export function agencylessRegistration(connectorId: string): AppRegistration {
  return {
    id: `none:${connectorId}`,
    connectorId,
    clientId: '',
    clientSecret: null,
    clientSecretSetAt: null,
    redirectStrategy: null,
    redirectUri: null,
    endpointOverrides: {},
    params: {},
    brokenReason: null,
  };
}

export function resolveConnector(input: ResolveInput): ResolvedConnector {
  const { connector } = input;
  const seller = input.sellerClient ?? null;
  // The agency registration's brokenness is about the agency's own pair, not the seller's.
  const registration: AppRegistration =
    seller === null ? input.registration : { ...input.registration, clientId: seller.clientId, clientSecret: seller.clientSecret, clientSecretSetAt: null, brokenReason: null };
  const environment = input.environment ?? 'production';
  // Region ids are lowercase in definitions; people type EU or eu.
  const region = input.region == null ? connector.regions[0] : connector.regions.find((r) => r.id === input.region!.toLowerCase());
  const regionId = region?.id ?? input.region ?? null;
  if (connector.regions.length > 0 && !region) {
    const known = connector.regions.map((r) => r.id).join(', ');
    throw new ConfigError(`${connector.name} has no region "${regionId ?? ''}"; use one of: ${known}`);
  }
  const settings = input.settings ?? {};
  const callbackMetadata = input.callbackMetadata ?? {};

  const layers: EndpointTemplates[] = [connector.endpoints];
  if (region) layers.push(region.endpoints);
  if (environment === 'sandbox' && connector.sandboxEndpoints) layers.push(connector.sandboxEndpoints);
  // A per-connection choice (the seller's Seller Central country, the Mercado Libre site) narrows
  // the host further; the agency's own overrides still win over everything.
  layers.push(...settingEndpointLayers(connector, input.settings ?? {}));

  const templateFor = (name: string): string | undefined => {
    const override = registration.endpointOverrides[name];
    if (override) return override;
    for (let i = layers.length - 1; i >= 0; i--) {
      const t = layers[i]?.[name];
      if (t) return t;
    }
    return undefined;
  };

  const fill = (template: string, extra: Readonly<Record<string, string>> = {}): string =>
    template.replace(/\{([a-zA-Z0-9_.]+)\}/g, (whole, key: string) => {
      const value =
        extra[key] ??
        (key.startsWith('callback.') ? callbackMetadata[key.slice('callback.'.length)] : undefined) ??
        settings[key] ??
        registration.params[key] ??
        (key === 'region' ? regionId ?? undefined : undefined) ??
        (key === 'clientId' ? registration.clientId : undefined);
      if (value === undefined && key.startsWith('callback.')) {
        // Only the marketplace's callback can supply it: no flag would be the right advice.
        throw new ConfigError(`${connector.name}: the consent callback carried no "${key.slice('callback.'.length)}"; start the consent again and approve it on ${connector.name}`);
      }
      if (value === undefined) {
        throw new ConfigError(`${connector.name}: "${whole}" has no value; set it with --param ${key}=... or the connection's ${key}`);
      }
      return value;
    });

  const endpoint = (name: string): URL | null => {
    const template = templateFor(name);
    if (!template) return null;
    let url: URL;
    try {
      url = new URL(fill(template));
    } catch (e) {
      if (e instanceof ConfigError) throw e;
      throw new ConfigError(`${connector.name}: endpoint "${name}" is not a valid URL; fix it with app set ${connector.id} --endpoint ${name}=URL`);
    }
    assertSafeEndpointUrl(url, `${connector.name} endpoint "${name}"`);
    return url;
  };

  return {
    connector,
    registration,
    region: regionId,
    environment,
    settings,
    callbackMetadata,
    credentialOwner: seller === null ? 'agency' : 'seller',
    endpoint,
    requireEndpoint(name) {
      const url = endpoint(name);
      if (!url) throw new ConfigError(`${connector.name} has no "${name}" endpoint; set one with app set ${connector.id} --endpoint ${name}=URL`);
      return url;
    },
    fill,
    withCallbackMetadata: (metadata) => resolveConnector({ ...input, callbackMetadata: { ...callbackMetadata, ...metadata } }),
  };
}
