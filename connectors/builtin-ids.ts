// The ids of the built-in connectors, apart from the registry so the custom-file parser can refuse
// them without importing every definition.
export const BUILTIN_CONNECTOR_IDS = [
  'generic',
  'demo',
] as const;

export type BuiltinConnectorId = (typeof BUILTIN_CONNECTOR_IDS)[number];

export function isBuiltinConnectorId(id: string): id is BuiltinConnectorId {
  return (BUILTIN_CONNECTOR_IDS as ReadonlyArray<string>).includes(id);
}
