// The ids of the built-in connectors, apart from the registry so the custom-file parser can refuse
// them without importing every definition.
export const BUILTIN_CONNECTOR_IDS = [
  'amazon-sp-api',
  'amazon-ads',
  'ebay',
  'etsy',
  'shopify',
  'walmart',
  'mercado-libre',
  'allegro',
  'bol-com',
  'bol-com-intermediary',
  'tiktok-shop',
  'zalando',
  'generic',
  'demo',
] as const;

export type BuiltinConnectorId = (typeof BUILTIN_CONNECTOR_IDS)[number];

export function isBuiltinConnectorId(id: string): id is BuiltinConnectorId {
  return (BUILTIN_CONNECTOR_IDS as ReadonlyArray<string>).includes(id);
}
