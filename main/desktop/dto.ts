// Maps main's records to the contract's DTOs. Each mapper copies named fields one by one, never
// spreads a record, so a column added to a table (a sealed token, say) cannot leak to the renderer.
import type { ConnectorDefinition } from '../../connectors/types';
import { explainReason } from '../health/reasons';
import type { ConnectionDto, ConnectorDto, LocalizedText, RevocationOutcome, TenantDto } from '../../preload/contract';
import type { ConnectionView } from '../repos/connections';
import type { DesktopRevocation } from './types';

/** The fields of the engine's connection view that a ConnectionDto is made of. */
export type ConnectionFields = Pick<
  ConnectionView,
  'id' | 'tenantId' | 'connectorId' | 'account' | 'region' | 'state' | 'reason' | 'reasonDetail' | 'pausedAt' | 'lastRefreshAt' | 'consentExpiresAt' | 'updatedAt'
>;

export function toTenantDto(t: { readonly id: string; readonly name: string; readonly connections?: number }): TenantDto {
  return { id: t.id, name: t.name, connections: t.connections ?? 0 };
}

export function reasonText(code: string, connector: ConnectorDefinition | undefined, detail: string | null): LocalizedText {
  return {
    en: explainReason(code, { lang: 'en', connector, detail }).text,
    es: explainReason(code, { lang: 'es', connector, detail }).text,
  };
}

export function toConnectionDto(c: ConnectionFields, connector: ConnectorDefinition | undefined): ConnectionDto {
  const reason = c.reason ?? (c.pausedAt !== null ? 'paused' : null);
  return {
    id: c.id,
    tenantId: c.tenantId,
    connectorId: c.connectorId,
    connectorName: connector?.name ?? c.connectorId,
    account: c.account,
    region: c.region,
    state: c.state,
    reason,
    reasonText: reason === null ? null : reasonText(reason, connector, c.reasonDetail),
    renewBy: c.consentExpiresAt,
    lastRefreshAt: c.lastRefreshAt,
    paused: c.pausedAt !== null,
    updatedAt: c.updatedAt,
  };
}

export interface ConsentAvailability {
  readonly available: boolean;
  readonly text: LocalizedText | null;
}

export function toConnectorDto(def: ConnectorDefinition, consent: ConsentAvailability): ConnectorDto {
  return {
    id: def.id,
    name: def.name,
    regions: def.regions.map((r) => ({ id: r.id, label: { en: r.label.en, es: r.label.es } })),
    connectText: { en: def.texts.connect.en, es: def.texts.connect.es },
    consentAvailable: consent.available,
    unavailableText: consent.text,
  };
}

/**
 * How a revocation ended at the marketplace, as the page explains it. A grant other live
 * connections still use is not revoked remotely yet: that is "shared", not a failed attempt.
 */
export function toRevocationOutcome(result: DesktopRevocation, connector: ConnectorDefinition | undefined): RevocationOutcome {
  if (result.sharedWith > 0) return { remote: 'shared', sharedWith: result.sharedWith };
  switch (result.remoteRevocation) {
    case 'done':
      return { remote: 'done' };
    case 'pending':
      return { remote: 'pending' };
    case 'unsupported': {
      const removeApp = connector?.texts.removeApp;
      return { remote: 'unsupported', removeApp: removeApp === undefined ? null : { en: removeApp.en, es: removeApp.es } };
    }
  }
}
