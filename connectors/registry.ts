// The built-in connectors, typed so a connector that lacks a part (or an id without a connector)
// fails to compile, and the `connector list` entry of docs/cli-contract.md for any definition.
import { BUILTIN_CONNECTOR_IDS, isBuiltinConnectorId } from './builtin-ids';
import type { BuiltinConnectorId } from './builtin-ids';
import { allegroConnector } from './allegro/definition';
import { amazonAdsConnector } from './amazon-ads/definition';
import { amazonSpApiConnector } from './amazon-sp-api/definition';
import { bolComConnector } from './bol-com/definition';
import { bolComIntermediaryConnector } from './bol-com/intermediary';
import { demoConnector } from './demo/definition';
import { ebayConnector } from './ebay/definition';
import { etsyConnector } from './etsy/definition';
import { genericConnector } from './generic/definition';
import { mercadoLibreConnector } from './mercado-libre/definition';
import { shopifyConnector } from './shopify/definition';
import { tiktokShopConnector } from './tiktok-shop/definition';
import { walmartConnector } from './walmart/definition';
import { zalandoConnector } from './zalando/definition';
import { STANDARD_ENDPOINTS } from './types';
import type { ConnectorDefinition, EndpointTemplates, GrantKind, RedirectStrategy } from './types';

export { BUILTIN_CONNECTOR_IDS, isBuiltinConnectorId };
export type { BuiltinConnectorId };

export const BUILTIN_CONNECTORS = {
  'amazon-sp-api': amazonSpApiConnector,
  'amazon-ads': amazonAdsConnector,
  ebay: ebayConnector,
  etsy: etsyConnector,
  shopify: shopifyConnector,
  walmart: walmartConnector,
  'mercado-libre': mercadoLibreConnector,
  allegro: allegroConnector,
  'bol-com': bolComConnector,
  'bol-com-intermediary': bolComIntermediaryConnector,
  'tiktok-shop': tiktokShopConnector,
  zalando: zalandoConnector,
  generic: genericConnector,
  demo: demoConnector,
} as const satisfies Record<BuiltinConnectorId, ConnectorDefinition>;

export function getBuiltinConnector(id: string): ConnectorDefinition | undefined {
  return isBuiltinConnectorId(id) ? BUILTIN_CONNECTORS[id] : undefined;
}

/** One entry of `connector list --json`. */
export interface ConnectorDescription {
  readonly id: string;
  readonly name: string;
  readonly grant: GrantKind;
  /** Supported redirect strategies, the default first. */
  readonly redirects: RedirectStrategy[];
  /** Endpoint names `app set --endpoint` accepts: the standard ones it has, then its own. */
  readonly endpoints: string[];
  readonly params: Array<{ name: string; description: string; required: boolean }>;
}

export function describeConnector(def: ConnectorDefinition): ConnectorDescription {
  const redirects = [def.redirect.default, ...def.redirect.supported.filter((s) => s !== def.redirect.default)];
  const layers: EndpointTemplates[] = [
    def.endpoints,
    ...def.regions.map((r) => r.endpoints),
    ...(def.sandboxEndpoints ? [def.sandboxEndpoints] : []),
    ...def.connectionSettings.flatMap((s) => Object.values(s.endpointsByChoice ?? {})),
  ];
  // A key without a value still counts: the generic connector lists the names it expects.
  const names = new Set(layers.flatMap((l) => Object.keys(l)));
  const standard = STANDARD_ENDPOINTS.filter((n) => names.has(n));
  const own = [...names].filter((n) => !(STANDARD_ENDPOINTS as ReadonlyArray<string>).includes(n)).sort();
  return {
    id: def.id,
    name: def.name,
    grant: def.grant,
    redirects,
    endpoints: [...standard, ...own],
    params: def.params.map((p) => ({ name: p.name, description: p.description, required: p.required })),
  };
}
