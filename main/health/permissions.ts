// Permission status: the scopes a marketplace granted against what each workflow (purpose) needs,
// so a connection that works for reporting but not for listings says exactly that.
import { PURPOSES } from '../../connectors/types';
import type { ConnectorDefinition, Purpose } from '../../connectors/types';

export interface BlockedPurpose {
  readonly purpose: Purpose;
  readonly missingScopes: ReadonlyArray<string>;
}

export interface PermissionStatus {
  /** false when the marketplace did not say which scopes it granted: no verdict then. */
  readonly known: boolean;
  readonly blocked: ReadonlyArray<BlockedPurpose>;
}

/**
 * Purposes whose scopes were all requested are checked; when nothing is known of what was
 * requested (an imported token), every purpose the connector defines is. Base scopes are left
 * out: several marketplaces do not echo them (openid, offline_access) in the granted list.
 */
export function permissionStatus(
  connector: ConnectorDefinition,
  scopesRequested: ReadonlyArray<string>,
  scopesGranted: ReadonlyArray<string> | null,
): PermissionStatus {
  if (scopesGranted === null) return { known: false, blocked: [] };
  const granted = new Set(scopesGranted);
  const requested = new Set(scopesRequested);
  const defined = PURPOSES.filter((p) => (connector.scopes[p]?.length ?? 0) > 0);
  const wanted = defined.filter((p) => (connector.scopes[p] ?? []).every((s) => requested.has(s)));
  const checked = requested.size === 0 ? defined : wanted;
  const blocked: BlockedPurpose[] = [];
  for (const purpose of checked) {
    const missingScopes = (connector.scopes[purpose] ?? []).filter((s) => !granted.has(s));
    if (missingScopes.length > 0) blocked.push({ purpose, missingScopes });
  }
  return { known: true, blocked };
}

/** The health machine's `missingPermission`: undefined = unknown, null = fine, else the detail. */
export function missingPermissionDetail(status: PermissionStatus): string | null | undefined {
  if (!status.known) return undefined;
  if (status.blocked.length === 0) return null;
  return status.blocked.map((b) => `${b.purpose} (needs ${b.missingScopes.join(' ')})`).join('; ');
}
