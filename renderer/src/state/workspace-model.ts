// The workspace (tenants, selection, connectors, connections, a notice) as plain data with pure
// transitions, plus the view model of a connection row. Tested without React.
import type {
  ApiError,
  ConnectionDto,
  ConnectionState,
  ConnectorDto,
  ConsentFinished,
  Lang,
  LocalizedText,
  StartConsentResult,
  TenantDto,
} from '../../../preload/contract';
import { assertNever } from './assert-never';
import type { RevokeFlow, RowBusy } from './connection-actions-model';

export type Loadable<T> =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: T }
  | { readonly kind: 'failed'; readonly error: ApiError };

export type Notice =
  | { readonly kind: 'error'; readonly error: ApiError }
  | { readonly kind: 'info'; readonly key: string }
  | { readonly kind: 'text'; readonly text: LocalizedText }
  /** A consent that ended without a connection (declined, expired, failed): shown as a failure. */
  | { readonly kind: 'failure'; readonly key: string; readonly text: LocalizedText | null };

/** A consent that started and waits for the seller: what the consent panel shows. */
export interface PendingConsent {
  readonly sessionId: string;
  readonly tenantId: string;
  readonly connectorId: string;
  readonly connectorName: string;
  readonly expiresAt: string;
  /** Remote consent: a completion code (or the link the browser could not open) can be pasted. */
  readonly acceptsPaste: boolean;
  /** The browser preview only: the sign-in link to open (http(s), built in main). */
  readonly authorizeUrl: string | null;
  readonly pasting: boolean;
  readonly pasteError: LocalizedText | null;
}

export interface WorkspaceState {
  readonly tenants: Loadable<ReadonlyArray<TenantDto>>;
  readonly selectedTenantId: string | null;
  readonly connectors: Loadable<ReadonlyArray<ConnectorDto>>;
  /** Connections of `forTenant` (responses for another tenant are stale and dropped). */
  readonly connections: Loadable<ReadonlyArray<ConnectionDto>>;
  readonly connectionsFor: string | null;
  readonly addingTenant: boolean;
  readonly addTenantError: ApiError | null;
  readonly connecting: string | null;
  /** The connection being refreshed now ("try now"), if any. */
  readonly refreshing: string | null;
  /** The row whose Reconnect / Pause / Resume is running, if any. */
  readonly rowBusy: RowBusy | null;
  /** The Revoke… flow (preview, confirmation, outcome), if one is open. */
  readonly revoke: RevokeFlow | null;
  readonly consent: PendingConsent | null;
  readonly notice: Notice | null;
}

export const INITIAL_WORKSPACE: WorkspaceState = {
  tenants: { kind: 'idle' },
  selectedTenantId: null,
  connectors: { kind: 'idle' },
  connections: { kind: 'idle' },
  connectionsFor: null,
  addingTenant: false,
  addTenantError: null,
  connecting: null,
  refreshing: null,
  rowBusy: null,
  revoke: null,
  consent: null,
  notice: null,
};

const byName = (a: TenantDto, b: TenantDto): number => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/** Keeps the selection when the tenant still exists, else selects the first one. */
export function tenantsLoaded(state: WorkspaceState, tenants: ReadonlyArray<TenantDto>): WorkspaceState {
  const keep = tenants.some((t) => t.id === state.selectedTenantId);
  return { ...state, tenants: { kind: 'ready', value: tenants }, selectedTenantId: keep ? state.selectedTenantId : (tenants[0]?.id ?? null) };
}

/** A new tenant joins the list in name order and becomes the selected one. */
export function tenantAdded(state: WorkspaceState, tenant: TenantDto): WorkspaceState {
  const current = state.tenants.kind === 'ready' ? state.tenants.value.filter((t) => t.id !== tenant.id) : [];
  return {
    ...state,
    tenants: { kind: 'ready', value: [...current, tenant].sort(byName) },
    selectedTenantId: tenant.id,
    connections: { kind: 'idle' },
    connectionsFor: null,
    addingTenant: false,
    addTenantError: null,
  };
}

export function tenantSelected(state: WorkspaceState, tenantId: string): WorkspaceState {
  if (state.tenants.kind !== 'ready' || !state.tenants.value.some((t) => t.id === tenantId)) return state;
  if (tenantId === state.selectedTenantId) return state;
  return { ...state, selectedTenantId: tenantId, connections: { kind: 'idle' }, connectionsFor: null };
}

export function connectionsLoading(state: WorkspaceState, tenantId: string): WorkspaceState {
  // A refresh of the list already shown keeps it on screen instead of flashing "loading".
  if (state.connectionsFor === tenantId && state.connections.kind === 'ready') return state;
  return { ...state, connections: { kind: 'loading' }, connectionsFor: tenantId };
}

export function connectionsLoaded(state: WorkspaceState, tenantId: string, result: Loadable<ReadonlyArray<ConnectionDto>>): WorkspaceState {
  if (tenantId !== state.selectedTenantId) return state;
  return { ...state, connections: result, connectionsFor: tenantId };
}

/** Only an absolute http(s) URL may become a link; anything else is not shown at all. */
export function safeAuthorizeLink(url: string): string | null {
  try {
    const parsed = new URL(url);
    if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.username !== '' || parsed.password !== '') return null;
    return parsed.href;
  } catch {
    return null;
  }
}

/** consent:start answered: a pending consent (opened in the browser, or a link to open), or a notice. */
export function consentStarted(state: WorkspaceState, tenantId: string, connectorId: string, result: StartConsentResult): WorkspaceState {
  if (result.status === 'unavailable') return { ...state, connecting: null, notice: { kind: 'text', text: result.text } };
  const name = state.connectors.kind === 'ready' ? (state.connectors.value.find((c) => c.id === connectorId)?.name ?? connectorId) : connectorId;
  const authorizeUrl = result.status === 'link' ? safeAuthorizeLink(result.authorizeUrl) : null;
  return {
    ...state,
    connecting: null,
    notice: { kind: 'info', key: result.status === 'link' ? 'connectors.openLink' : 'connectors.opened' },
    consent: {
      sessionId: result.sessionId,
      tenantId,
      connectorId,
      connectorName: name,
      expiresAt: result.expiresAt,
      acceptsPaste: result.acceptsPaste,
      authorizeUrl,
      pasting: false,
      pasteError: null,
    },
  };
}

export function pasteStarted(state: WorkspaceState): WorkspaceState {
  return state.consent === null ? state : { ...state, consent: { ...state.consent, pasting: true, pasteError: null } };
}

/** The paste did not finish the attempt: why (null when the notice says it), and try again. */
export function pasteRefused(state: WorkspaceState, sessionId: string, text: LocalizedText | null): WorkspaceState {
  if (state.consent?.sessionId !== sessionId) return state;
  return { ...state, consent: { ...state.consent, pasting: false, pasteError: text } };
}

/** How a consent ended: a notice, and the panel closes when it was the attempt it shows. */
export function consentEnded(state: WorkspaceState, result: ConsentFinished): WorkspaceState {
  const notice: Notice =
    result.outcome !== 'connected'
      ? { kind: 'failure', key: `consent.${result.outcome}`, text: result.text }
      : result.text !== null
        ? { kind: 'text', text: result.text }
        : { kind: 'info', key: `consent.${result.outcome}` };
  const pending = state.consent;
  const same = pending !== null && (result.sessionId === null ? pending.connectorId === result.connectorId && pending.tenantId === result.tenantId : pending.sessionId === result.sessionId);
  return { ...state, notice, consent: same ? null : pending };
}

export type HealthTone = 'ok' | 'warn' | 'bad' | 'off';

export function healthTone(state: ConnectionState): HealthTone {
  switch (state) {
    case 'active':
      return 'ok';
    case 'degraded':
      return 'warn';
    case 'needs_consent':
      return 'bad';
    case 'disconnected':
      return 'off';
    default:
      return assertNever(state);
  }
}

export interface ConnectionRowView {
  readonly id: string;
  readonly marketplace: string;
  readonly account: string;
  readonly region: string | null;
  readonly state: ConnectionState;
  readonly tone: HealthTone;
  readonly paused: boolean;
  readonly reason: string | null;
  readonly renewBy: { readonly text: string; readonly iso: string; readonly soon: boolean } | null;
  readonly lastRefresh: { readonly text: string; readonly iso: string } | null;
}

const RENEW_SOON_DAYS = 30;
const DAY_MS = 86_400_000;

const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** Formatters are cached per language and style: building one per cell costs more than the row. */
export function formatDate(iso: string, lang: Lang, withTime: boolean): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const key = `${lang}|${withTime ? 't' : 'd'}`;
  let format = DATE_FORMATS.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(lang, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' });
    DATE_FORMATS.set(key, format);
  }
  return format.format(date);
}

export function connectionRow(dto: ConnectionDto, lang: Lang, now: Date): ConnectionRowView {
  const renewAt = dto.renewBy === null ? NaN : Date.parse(dto.renewBy);
  return {
    id: dto.id,
    marketplace: dto.connectorName,
    account: dto.account,
    region: dto.region,
    state: dto.state,
    tone: healthTone(dto.state),
    paused: dto.paused,
    reason: dto.reasonText === null ? null : dto.reasonText[lang],
    renewBy:
      dto.renewBy === null || Number.isNaN(renewAt)
        ? null
        : { text: formatDate(dto.renewBy, lang, false), iso: dto.renewBy, soon: renewAt - now.getTime() < RENEW_SOON_DAYS * DAY_MS },
    lastRefresh: dto.lastRefreshAt === null ? null : { text: formatDate(dto.lastRefreshAt, lang, true), iso: dto.lastRefreshAt },
  };
}
