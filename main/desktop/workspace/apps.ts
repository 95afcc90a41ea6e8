// App registrations from the app, doing what `fivex-connect app set` does (main/cli/commands/
// app.ts): known params only, each matching its pattern, required ones present after merging,
// the client secret typed once, sealed by the vault and never sent back; audited by name only.
import type { ConnectorDefinition } from '../../../connectors/types';
import type { AppRegistration } from '../../oauth/resolve';
import type { AppRegistrationDto, WorkspaceArgs } from '../../../preload/workspace-channels';
import { DesktopError } from '../errors';

export function toAppDto(def: ConnectorDefinition, reg: AppRegistration | undefined): AppRegistrationDto {
  return {
    connectorId: def.id,
    connectorName: def.name,
    configured: reg !== undefined,
    clientId: reg?.clientId ?? null,
    secretSetAt: reg?.clientSecretSetAt ?? null,
    needsSecret: def.clientAuth !== 'none',
    params: def.params.map((p) => ({ name: p.name, description: p.description, required: p.required, value: reg?.params[p.name] ?? null })),
    brokenReason: reg?.brokenReason ?? null,
  };
}

/** The params to store, checked as the CLI checks them; throws invalid_args saying what to fix. */
export function checkAppChange(def: ConnectorDefinition, existing: AppRegistration | undefined, args: WorkspaceArgs<'apps:set'>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, raw] of Object.entries(args.params)) {
    const value = raw.trim();
    const param = def.params.find((p) => p.name === name);
    if (param === undefined) {
      const names = def.params.map((p) => p.name);
      throw new DesktopError('invalid_args', `${def.name} has no setting "${name}"; ${names.length > 0 ? `use one of: ${names.join(', ')}` : 'it takes none'}.`);
    }
    if (value === '') continue;
    if (param.pattern !== undefined && !new RegExp(param.pattern).test(value)) {
      throw new DesktopError('invalid_args', `${name} does not look like ${param.description}.`);
    }
    params[name] = value;
  }
  const merged = { ...existing?.params, ...params };
  const missing = def.params.filter((p) => p.required && (merged[p.name] ?? '') === '');
  if (missing.length > 0) {
    throw new DesktopError('invalid_args', `${def.name} needs ${missing.map((p) => `${p.name} (${p.description})`).join('; ')}.`);
  }
  if (def.clientAuth !== 'none' && args.clientSecret === undefined && existing?.clientSecretSetAt == null) {
    throw new DesktopError('invalid_args', `${def.name} needs the app's client secret: type it once, it is stored encrypted and never shown again.`);
  }
  return params;
}
