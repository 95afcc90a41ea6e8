// The workspace (tenants, selection, connectors, connections, a notice) as plain data with pure
// transitions, plus the view model of a connection row. Tested without React.
import type { ApiError, ConnectionDto, ConnectionState, ConnectorDto, Lang, LocalizedText, TenantDto } from '../../../preload/contract';
import { assertNever } from './assert-never';

export type Loadable<T> =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: T }
  | { readonly kind: 'failed'; readonly error: ApiError };

export type Notice =
  | { readonly kind: 'error'; readonly error: ApiError }
  | { readonly kind: 'info'; readonly key: string }
  | { readonly kind: 'text'; readonly text: LocalizedText };

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

export function formatDate(iso: string, lang: Lang, withTime: boolean): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }).format(date);
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
