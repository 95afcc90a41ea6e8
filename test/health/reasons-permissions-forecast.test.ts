// Reason texts (English and Spanish, connector overrides), permission status per workflow, and
// the renew-by forecast with each of its causes.
import { describe, expect, it } from 'vitest';
import { explainReason, REASON_TEXTS } from '../../main/health/reasons';
import { missingPermissionDetail, permissionStatus } from '../../main/health/permissions';
import { consentExpiry, forecastRenewBy, renewByCandidates } from '../../main/health/forecast';
import type { ForecastInput } from '../../main/health/forecast';
import { testConnector } from '../oauth/token/fixtures';

describe('reason texts', () => {
  it('every reason has what it means and who can fix it, in English and Spanish', () => {
    for (const [code, text] of Object.entries(REASON_TEXTS)) {
      for (const lang of ['en', 'es'] as const) {
        expect(text.meaning[lang].length, `${code} ${lang}`).toBeGreaterThan(20);
        expect(text.whoCanFix[lang].length, `${code} ${lang}`).toBeGreaterThan(20);
      }
      expect(text.meaning.es).not.toBe(text.meaning.en);
    }
    // The codes the engine itself produces are all covered.
    for (const code of ['offline', 'rate_limited', 'invalid_grant', 'consent_expired', 'no_refresh_token', 'missing_permission', 'invalid_client', 'client_secret_expired', 'api_unauthorized', 'api_unavailable', 'revoked', 'paused', 'app_not_registered', 'config_error', 'refresh_failed', 'timeout', 'temporarily_unavailable', 'server_error', 'configuration', 'token_rejected', 'invalid_scope', 'unsupported_grant_type']) {
      expect(REASON_TEXTS[code], code).toBeDefined();
    }
  });

  it('fills the detail and prefers the connector text for its own quirks', () => {
    const plain = explainReason('missing_permission', { lang: 'es', detail: 'listings' });
    expect(plain.meaning).toContain('(listings)');
    expect(plain.text).toContain(plain.whoCanFix);
    const connector = testConnector({
      texts: { ...testConnector().texts, reasons: { invalid_grant: { en: 'Amazon: the seller must re-authorize in Seller Central.', es: 'Amazon: el vendedor debe reautorizar en Seller Central.' } } },
    });
    const over = explainReason('invalid_grant', { lang: 'es', connector });
    expect(over.text).toBe('Amazon: el vendedor debe reautorizar en Seller Central.');
  });

  it('an unknown code still reads as a sentence naming it', () => {
    const t = explainReason('MD9100', { lang: 'en' });
    expect(t.text).toMatch(/reported "MD9100".*retry/);
  });
});

describe('permission status', () => {
  const connector = testConnector({ scopes: { base: ['openid'], reporting: ['orders.read'], finance: ['finance.read'], listings: ['listings.write'] } });

  it('names each requested workflow whose scopes were not granted', () => {
    const s = permissionStatus(connector, ['orders.read', 'finance.read', 'listings.write'], ['orders.read']);
    expect(s.blocked.map((b) => b.purpose)).toEqual(['finance', 'listings']);
    expect(missingPermissionDetail(s)).toBe('finance (needs finance.read); listings (needs listings.write)');
  });

  it('ignores workflows that were not requested, and base scopes the marketplace does not echo', () => {
    const s = permissionStatus(connector, ['openid', 'orders.read'], ['orders.read']);
    expect(s.blocked).toEqual([]);
    expect(missingPermissionDetail(s)).toBeNull();
  });

  it('checks every workflow when nothing is known of what was asked (an import), none beyond what was asked otherwise', () => {
    expect(permissionStatus(connector, [], ['orders.read']).blocked.map((b) => b.purpose)).toEqual(['finance', 'listings']);
    expect(permissionStatus(connector, ['openid'], ['orders.read']).blocked).toEqual([]);
  });

  it('has no verdict when the marketplace does not say what it granted', () => {
    const s = permissionStatus(connector, ['orders.read'], null);
    expect(s.known).toBe(false);
    expect(missingPermissionDetail(s)).toBeUndefined();
  });
});

describe('renew-by forecast', () => {
  const base = (over: Partial<ForecastInput> = {}): ForecastInput => ({
    connector: testConnector(),
    consentGrantedAt: '2026-01-10T00:00:00.000Z',
    consentExpiresAt: null,
    accessExpiresAt: '2026-06-01T01:00:00.000Z',
    refreshExpiresAt: null,
    hasRefreshToken: true,
    lastRefreshAt: '2026-06-01T00:00:00.000Z',
    keptAlive: true,
    ...over,
  });

  it('SP-API style: 365 days from consent', () => {
    const connector = testConnector({ consent: { validityDays: 365 }, tokens: { rotation: 'static' } });
    expect(consentExpiry(connector, '2026-01-10T00:00:00.000Z')).toBe('2027-01-10T00:00:00.000Z');
    const r = forecastRenewBy(base({ connector }));
    expect(r).toMatchObject({ date: '2027-01-10T00:00:00.000Z', cause: 'consent_validity' });
  });

  it('a fixed refresh-token lifetime counts for static tokens, not for rotating ones kept alive', () => {
    const ebay = testConnector({ tokens: { rotation: 'static', refreshTtlSeconds: 47_304_000 } });
    expect(forecastRenewBy(base({ connector: ebay }))).toMatchObject({ cause: 'refresh_token_lifetime', date: '2027-07-11T12:00:00.000Z' }); // 547.5 days
    const stated = forecastRenewBy(base({ connector: ebay, refreshExpiresAt: '2027-05-01T00:00:00.000Z' }));
    expect(stated).toMatchObject({ cause: 'refresh_token_lifetime', date: '2027-05-01T00:00:00.000Z' });
    const allegro = testConnector({ tokens: { rotation: 'rotating', refreshTtlSeconds: 7_776_000 } });
    expect(forecastRenewBy(base({ connector: allegro, refreshExpiresAt: '2026-08-30T00:00:00.000Z' }))).toBeNull();
  });

  it('idle expiry is a deadline only when nothing keeps the token alive (paused)', () => {
    const google = testConnector({ tokens: { rotation: 'static', refreshIdleTtlSeconds: 180 * 86_400 } });
    expect(forecastRenewBy(base({ connector: google }))).toBeNull();
    expect(forecastRenewBy(base({ connector: google, keptAlive: false }))).toMatchObject({ cause: 'refresh_idle', date: '2026-11-28T00:00:00.000Z' });
  });

  it("the connector's deadline applies to non-expiring tokens (Shopify legacy, 2027-01-01)", () => {
    const why = { en: 'Shopify rejects non-expiring tokens from 2027-01-01.', es: 'Shopify rechaza los tokens sin caducidad desde el 2027-01-01.' };
    const shopify = testConnector({ consent: { validityDays: null, deadline: { date: '2027-01-01', appliesWhen: 'non_expiring_token', why } } });
    expect(forecastRenewBy(base({ connector: shopify, accessExpiresAt: null, hasRefreshToken: false }))).toEqual({
      date: '2027-01-01T00:00:00.000Z',
      cause: 'connector_deadline',
      why,
    });
    expect(forecastRenewBy(base({ connector: shopify }))).toBeNull();
  });

  it('picks the earliest of several causes, and lists them all', () => {
    const connector = testConnector({ consent: { validityDays: 365 }, tokens: { rotation: 'static', refreshTtlSeconds: 200 * 86_400 } });
    const all = renewByCandidates(base({ connector }));
    expect(all.map((c) => c.cause)).toEqual(['refresh_token_lifetime', 'consent_validity']);
    expect(forecastRenewBy(base({ connector }))!.cause).toBe('refresh_token_lifetime');
  });

  it('no refresh token: renew by the access token expiry', () => {
    expect(forecastRenewBy(base({ hasRefreshToken: false }))).toMatchObject({ cause: 'no_refresh_token', date: '2026-06-01T01:00:00.000Z' });
  });
});
