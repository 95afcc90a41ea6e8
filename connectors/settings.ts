// Per-connection settings that pick endpoints: turns a connection's chosen values into the endpoint
// layers they imply (SP-API and Mercado Libre `country` → consent host), and checks the values.
import type { ConnectorDefinition, EndpointTemplates } from './types';

/**
 * Endpoint layers implied by the connection's settings, in the connector's setting order. The
 * engine puts them above the region and sandbox layers and below the registration's overrides.
 */
export function settingEndpointLayers(def: ConnectorDefinition, settings: Readonly<Record<string, string>>): EndpointTemplates[] {
  const layers: EndpointTemplates[] = [];
  for (const setting of def.connectionSettings) {
    const value = settings[setting.name];
    if (value === undefined) continue;
    const layer = setting.endpointsByChoice?.[value];
    if (layer) layers.push(layer);
  }
  return layers;
}

/** What is wrong with a connection's settings, one line each; empty when they are fine. */
export function checkConnectionSettings(def: ConnectorDefinition, settings: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const s of def.connectionSettings) {
    const value = settings[s.name];
    if (value === undefined || value === '') {
      if (s.required) problems.push(`${def.name} needs the connection setting "${s.name}" (${s.description})`);
      continue;
    }
    if (s.choices && !s.choices.includes(value)) {
      problems.push(`${def.name}: "${s.name}" must be one of ${s.choices.join(', ')}; got "${value}"`);
    } else if (s.pattern && !new RegExp(s.pattern).test(value)) {
      problems.push(`${def.name}: "${s.name}" does not look like ${s.description}; got "${value}"`);
    }
  }
  const known = new Set(def.connectionSettings.map((s) => s.name));
  for (const name of Object.keys(settings)) {
    if (!known.has(name)) problems.push(`${def.name} has no connection setting "${name}"`);
  }
  return problems;
}
