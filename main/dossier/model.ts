// The client access dossier as a typed model: one tenant, every marketplace account (connection)
// it has, in one language, from the services and their repositories (no SQL here). The CLI's
// `dossier --format json` prints this model; html.ts renders it; the desktop channel sends the
// HTML. Who may reconnect comes from the operators' roles and access grants (admins, and account
// managers and partners granted the tenant); in a vault without operators it is the connection's
// owner and the agency admins; `canReconnect` overrides both.
import { PURPOSES } from '../../connectors/types';
import type { ConnectorDefinition } from '../../connectors/types';
import type { AuditVerification } from '../audit/types';
import { DomainError } from '../errors';
import type { RenewBy, RenewCause } from '../health/forecast';
import { explainReason } from '../health/reasons';
import type { ConnectionState, ConnectionView, RemoteRevocation } from '../repos/connections';
import type { GrantRow } from '../repos/grants';
import type { Tenant } from '../repos/tenants';
import type { RevocationPreview } from '../refresh/revocation';
import { accountLabel } from '../desktop/workspace/rows';
import { DOSSIER_TEXTS, dayOf, type Lang, type ScopePurpose } from './texts';

/** Someone who may start a reconnect, by name, with their role. */
export interface ReconnectCandidate {
  /** An operator's name, or (kind group) who they are in words, e.g. "Agency admins". */
  readonly name: string;
  readonly role: string;
  readonly kind: 'operator' | 'group';
}

/** What the dossier reads; the composition root's Services satisfies it. */
export interface DossierSources {
  readonly vault: { readonly id: string; readonly dir: string };
  readonly clock: () => Date;
  readonly tenants: { find(idOrName: string): Tenant | undefined };
  readonly connectors: { get(id: string): ConnectorDefinition | undefined };
  readonly audit: { verify(): Promise<AuditVerification> };
  readonly engine: {
    readonly store: { listConnections(filter: { readonly tenantId: string }): ConnectionView[]; renewBy(id: string): RenewBy | null };
    readonly revocation: { previewRevocation(id: string, lang: Lang): RevocationPreview };
    readonly context: { readonly grants: { get(id: string): GrantRow | undefined } };
  };
  /** Who may reconnect, from the operators' roles and access grants (main/repos/access-grants.ts). */
  readonly accessGrants?: {
    reconnectCandidates(tenantId: string, connectorId: string, now: string): { readonly operators: ReadonlyArray<{ readonly name: string; readonly role: string }>; readonly vaultHasOperators: boolean };
  };
}

/** The operators the grants allow to reconnect; undefined in a vault without operators (then the default applies). */
function reconnectorsFromGrants(s: DossierSources, c: ConnectionView): ReadonlyArray<ReconnectCandidate> | undefined {
  const found = s.accessGrants?.reconnectCandidates(c.tenantId, c.connectorId, s.clock().toISOString());
  if (found === undefined || !found.vaultHasOperators) return undefined;
  return found.operators.map((o) => ({ name: o.name, role: o.role, kind: 'operator' as const }));
}

export interface DossierOptions {
  readonly lang: Lang;
  /**
   * Who may reconnect a connection, instead of what the grants say. Left out: from the grants (see
   * reconnectorsFromGrants), or the owner and the agency admins in a vault without operators.
   */
  readonly canReconnect?: (connection: ConnectionView) => ReadonlyArray<ReconnectCandidate>;
}

export interface ScopeGroup {
  readonly purpose: ScopePurpose;
  /** The purpose in plain words. */
  readonly label: string;
  readonly scopes: ReadonlyArray<string>;
  /** true: every scope the purpose needs is there; false: some are missing; null: not known. */
  readonly complete: boolean | null;
}

export interface DossierConnection {
  readonly id: string;
  readonly marketplace: { readonly id: string; readonly name: string };
  /** The account as people recognise it (the marketplace's own id when known). */
  readonly account: string;
  readonly accountLabel: string;
  readonly region: { readonly id: string; readonly label: string } | null;
  readonly scopes: {
    /** granted: what the marketplace said it granted; requested: what was asked for; unknown: neither recorded. */
    readonly source: 'granted' | 'requested' | 'unknown';
    readonly groups: ReadonlyArray<ScopeGroup>;
  };
  readonly owner: string | null;
  readonly consentGrantedAt: string | null;
  readonly renewBy: { readonly date: string; readonly cause: RenewCause; readonly why: string } | null;
  readonly state: {
    readonly code: ConnectionState;
    readonly label: string;
    readonly paused: boolean;
    readonly reason: string | null;
    readonly meaning: string | null;
    readonly whoCanFix: string | null;
  };
  readonly revoke: {
    readonly revoked: { readonly at: string | null; readonly remote: RemoteRevocation; readonly text: string } | null;
    readonly stops: ReadonlyArray<string>;
    readonly remains: ReadonlyArray<string>;
    /** Where the seller removes the app at the marketplace. */
    readonly marketplaceSteps: string | null;
    readonly how: string | null;
  };
  readonly reauthenticate: {
    readonly how: string;
    readonly canReconnect: ReadonlyArray<ReconnectCandidate>;
    /** grants: from the access model; default: the owner and the agency admins. */
    readonly canReconnectSource: 'grants' | 'default';
    readonly seller: string | null;
  };
}

export interface DossierModel {
  readonly kind: 'fivex-connect.dossier';
  readonly version: 1;
  readonly lang: Lang;
  readonly generatedAt: string;
  readonly tenant: { readonly id: string; readonly name: string };
  readonly vault: { readonly id: string; readonly dir: string };
  /** The audit chain when the dossier was made; its dossier.export event comes right after. */
  readonly audit: { readonly verified: boolean; readonly events: number; readonly head: string | null; readonly reason: string | null };
  readonly connections: ReadonlyArray<DossierConnection>;
}

export function unknownTenant(ref: string): DomainError {
  return new DomainError('unknown_tenant', `unknown tenant "${ref}"`, { hint: 'give its id or exact name; see `fivex-connect tenant list`' });
}

export async function buildDossier(s: DossierSources, tenantRef: string, opts: DossierOptions): Promise<DossierModel> {
  const tenant = s.tenants.find(tenantRef);
  if (tenant === undefined) throw unknownTenant(tenantRef);
  const audit = await s.audit.verify();
  return {
    kind: 'fivex-connect.dossier',
    version: 1,
    lang: opts.lang,
    generatedAt: s.clock().toISOString(),
    tenant: { id: tenant.id, name: tenant.name },
    vault: { id: s.vault.id, dir: s.vault.dir },
    audit: audit.ok
      ? { verified: true, events: audit.events, head: audit.head, reason: null }
      : { verified: false, events: audit.events, head: null, reason: audit.reason },
    connections: s.engine.store.listConnections({ tenantId: tenant.id }).map((c) => dossierConnection(s, c, opts)),
  };
}

function dossierConnection(s: DossierSources, c: ConnectionView, opts: DossierOptions): DossierConnection {
  const { lang } = opts;
  const t = DOSSIER_TEXTS[lang];
  const def = s.connectors.get(c.connectorId);
  const name = def?.name ?? c.connectorId;
  const grant = c.grantId === null ? undefined : s.engine.context.grants.get(c.grantId);
  const regionDef = c.region === null ? undefined : def?.regions.find((r) => r.id === c.region);
  const reason = c.reason ?? (c.pausedAt !== null ? 'paused' : null);
  const explained = reason === null ? null : explainReason(reason, { lang, connector: def, detail: c.reasonDetail });
  const renew = s.engine.store.renewBy(c.id);
  const revoked = c.state === 'disconnected';
  const preview = revoked ? null : s.engine.revocation.previewRevocation(c.id, lang);
  const plugged = opts.canReconnect?.(c) ?? reconnectorsFromGrants(s, c);
  return {
    id: c.id,
    marketplace: { id: c.connectorId, name },
    account: c.account,
    accountLabel: accountLabel(c, name),
    region: c.region === null ? null : { id: c.region, label: regionDef?.label[lang] ?? c.region },
    scopes: scopesOf(def, grant, lang),
    owner: c.owner,
    consentGrantedAt: grant?.consentGrantedAt ?? null,
    renewBy: renew === null ? null : { date: renew.date, cause: renew.cause, why: renew.why[lang] },
    state: {
      code: c.state,
      label: c.pausedAt !== null && !revoked ? `${t.states[c.state]} (${t.paused})` : t.states[c.state],
      paused: c.pausedAt !== null,
      reason,
      meaning: explained?.meaning ?? null,
      whoCanFix: explained?.whoCanFix ?? null,
    },
    revoke: {
      revoked: revoked ? { at: dayOf(c.revokedAt), remote: c.remoteRevocation ?? 'done', text: t.alreadyRevoked(dayOf(c.revokedAt), t.remote[c.remoteRevocation ?? 'done']) } : null,
      stops: preview?.stops ?? [],
      remains: preview?.remains ?? [],
      marketplaceSteps: def?.texts.removeApp[lang] ?? null,
      how: revoked ? null : t.revokeCommand(c.id),
    },
    reauthenticate: {
      how: t.reconnectCommand(c.id),
      canReconnect: plugged ?? defaultReconnectors(c, lang),
      canReconnectSource: plugged === undefined ? 'default' : 'grants',
      seller: def?.texts.reauthorize[lang] ?? null,
    },
  };
}

/** Until operators and grants decide it: the owner (when there is one) and the agency admins. */
function defaultReconnectors(c: ConnectionView, lang: Lang): ReadonlyArray<ReconnectCandidate> {
  const t = DOSSIER_TEXTS[lang];
  const admins: ReconnectCandidate = { name: t.agencyAdmins, role: t.adminRole, kind: 'group' };
  return c.owner === null ? [admins] : [{ name: c.owner, role: t.ownerRole, kind: 'operator' }, admins];
}

/**
 * Granted scopes, or the requested ones when the marketplace does not say, grouped by the purposes
 * the connector defines (a scope can serve several); what no purpose claims is "other".
 */
export function scopesOf(def: ConnectorDefinition | undefined, grant: GrantRow | undefined, lang: Lang): DossierConnection['scopes'] {
  const granted = grant?.scopesGranted ?? null;
  const list = granted ?? (grant !== undefined && grant.scopesRequested.length > 0 ? grant.scopesRequested : null);
  if (list === null) return { source: 'unknown', groups: [] };
  const have = new Set(list);
  const labels = DOSSIER_TEXTS[lang].purposes;
  const claimed = new Set<string>();
  const groups: ScopeGroup[] = [];
  for (const purpose of ['base', ...PURPOSES] as const) {
    const needs = def?.scopes[purpose] ?? [];
    const present = needs.filter((x) => have.has(x));
    if (present.length === 0) continue;
    for (const x of present) claimed.add(x);
    groups.push({ purpose, label: labels[purpose], scopes: present, complete: granted === null ? null : present.length === needs.length });
  }
  const other = list.filter((x) => !claimed.has(x));
  if (other.length > 0) groups.push({ purpose: 'other', label: labels.other, scopes: other, complete: null });
  return { source: granted === null ? 'requested' : 'granted', groups };
}
