// Consent-expiry forecast: the "renew by" date of a connection and why, from the consent's own
// validity, a fixed refresh-token lifetime, idle expiry, and the connector's hard deadlines.
import type { ConnectorDefinition, Localized } from '../../connectors/types';

export type RenewCause = 'consent_validity' | 'refresh_token_lifetime' | 'refresh_idle' | 'connector_deadline' | 'no_refresh_token';

export interface RenewBy {
  readonly date: string;
  readonly cause: RenewCause;
  readonly why: Localized;
}

export interface ForecastInput {
  readonly connector: ConnectorDefinition;
  readonly consentGrantedAt: string | null;
  readonly consentExpiresAt: string | null;
  readonly accessExpiresAt: string | null;
  readonly refreshExpiresAt: string | null;
  readonly hasRefreshToken: boolean;
  /** When the refresh token was last used (idle expiry counts from here). */
  readonly lastRefreshAt: string | null;
  /** false when nothing refreshes it (paused): idle expiry then becomes a real deadline. */
  readonly keptAlive: boolean;
}

const DAY_MS = 86_400_000;

function plus(iso: string | null, ms: number): string | null {
  return iso === null ? null : new Date(Date.parse(iso) + ms).toISOString();
}

/** Consent validity from the moment of consent (SP-API: 365 days), for consent_expires_at. */
export function consentExpiry(connector: ConnectorDefinition, consentGrantedAt: string): string | null {
  const days = connector.consent.validityDays;
  return days === null ? null : plus(consentGrantedAt, days * DAY_MS);
}

/** A candidate whose explanation is only written when someone reads it. */
interface LazyRenewBy {
  readonly at: number;
  readonly cause: RenewCause;
  readonly why: () => Localized;
}

/** Every date by which the seller must renew, earliest first. */
function candidates(input: ForecastInput): LazyRenewBy[] {
  const { connector } = input;
  const out: LazyRenewBy[] = [];
  const add = (date: string | null, cause: RenewCause, why: () => Localized): void => {
    if (date === null) return;
    const at = Date.parse(date);
    if (!Number.isNaN(at)) out.push({ at, cause, why });
  };

  const consentEnd = input.consentExpiresAt ?? (input.consentGrantedAt === null ? null : consentExpiry(connector, input.consentGrantedAt));
  add(consentEnd, 'consent_validity', () => ({
    en: `${connector.name} consent is valid for ${connector.consent.validityDays ?? '?'} days from approval.`,
    es: `El consentimiento de ${connector.name} vale ${connector.consent.validityDays ?? '?'} días desde la aprobación.`,
  }));

  // A rotating refresh token is replaced, with a fresh lifetime, on every refresh the scheduler runs.
  const lifetimeCounts = input.hasRefreshToken && (connector.tokens.rotation !== 'rotating' || !input.keptAlive);
  if (lifetimeCounts) {
    const ttl = connector.tokens.refreshTtlSeconds;
    const fixedEnd = input.refreshExpiresAt ?? (ttl === null ? null : plus(input.consentGrantedAt, ttl * 1000));
    add(fixedEnd, 'refresh_token_lifetime', () => ({
      en: `${connector.name} renewal tokens stop working at a fixed date after approval.`,
      es: `Los tokens de renovación de ${connector.name} dejan de funcionar en una fecha fija tras la aprobación.`,
    }));
  }

  const idle = connector.tokens.refreshIdleTtlSeconds;
  if (input.hasRefreshToken && !input.keptAlive && idle !== null) {
    add(plus(input.lastRefreshAt ?? input.consentGrantedAt, idle * 1000), 'refresh_idle', () => ({
      en: `${connector.name} renewal tokens die when unused for ${Math.round(idle / 86_400)} days, and this connection is paused.`,
      es: `Los tokens de renovación de ${connector.name} caducan si no se usan durante ${Math.round(idle / 86_400)} días, y esta conexión está en pausa.`,
    }));
  }

  const deadline = connector.consent.deadline;
  if (deadline && deadline.appliesWhen === 'non_expiring_token' && input.accessExpiresAt === null) {
    add(deadline.date, 'connector_deadline', () => deadline.why);
  }

  if (!input.hasRefreshToken && input.accessExpiresAt !== null && connector.grant !== 'client_credentials') {
    add(input.accessExpiresAt, 'no_refresh_token', () => ({
      en: 'There is no renewal token: access ends when the current access token expires.',
      es: 'No hay token de renovación: el acceso termina cuando caduque el token de acceso actual.',
    }));
  }

  // Stable: equal dates keep the order above, as the ISO strings' sort did.
  return out.sort((a, b) => a.at - b.at);
}

const materialize = (c: LazyRenewBy): RenewBy => ({ date: new Date(c.at).toISOString(), cause: c.cause, why: c.why() });

/** Every date by which the seller must renew, earliest first. */
export function renewByCandidates(input: ForecastInput): RenewBy[] {
  return candidates(input).map(materialize);
}

/** The earliest renew-by date with its cause, or null when nothing forces a renewal. */
export function forecastRenewBy(input: ForecastInput): RenewBy | null {
  const first = candidates(input)[0];
  return first === undefined ? null : materialize(first);
}

/** Only the earliest renew-by date (forecastRenewBy's), without building its explanation: for grids of thousands. */
export function forecastRenewByDate(input: ForecastInput): string | null {
  const first = candidates(input)[0];
  return first === undefined ? null : new Date(first.at).toISOString();
}
