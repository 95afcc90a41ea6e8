// The health state machine as a table: (state, reason) × event → (state, reason).
import { describe, expect, it } from 'vitest';
import { ACTIVE, transition } from '../../main/health/state-machine';
import type { Health, HealthEvent } from '../../main/health/state-machine';

const h = (state: Health['state'], reason: string | null = null, detail: string | null = null): Health => ({ state, reason, detail });
const DEGRADED_OFFLINE = h('degraded', 'offline');
const NEEDS_CONSENT = h('needs_consent', 'invalid_grant');
const DISCONNECTED = h('disconnected', 'revoked');
const MISSING = h('degraded', 'missing_permission', 'listings (needs listings.write)');

const cases: Array<[string, Health, HealthEvent, Health]> = [
  ['refresh ok from active', ACTIVE, { kind: 'refreshed' }, ACTIVE],
  ['a tampered secret → needs_consent, from anywhere but disconnected', DEGRADED_OFFLINE, { kind: 'secret_tampered' }, h('needs_consent', 'secret_tampered')],
  ['a tampered secret overrides an earlier consent reason', NEEDS_CONSENT, { kind: 'secret_tampered' }, h('needs_consent', 'secret_tampered')],
  ['a tampered secret on a revoked connection changes nothing', h('disconnected', 'revoked'), { kind: 'secret_tampered' }, h('disconnected', 'revoked')],
  ['a new consent heals a tampered secret', h('needs_consent', 'secret_tampered'), { kind: 'consent_renewed' }, ACTIVE],
  ['a later automatic probe does not hide it', h('needs_consent', 'secret_tampered'), { kind: 'probe_ok' }, h('needs_consent', 'secret_tampered')],
  ['refresh ok heals a transient failure', DEGRADED_OFFLINE, { kind: 'refreshed' }, ACTIVE],
  ['refresh ok heals needs_consent (the consent proved to work)', NEEDS_CONSENT, { kind: 'refreshed' }, ACTIVE],
  ['refresh ok without a scope list keeps a known missing permission', MISSING, { kind: 'refreshed' }, MISSING],
  ['refresh ok listing all scopes clears missing permission', MISSING, { kind: 'refreshed', missingPermission: null }, ACTIVE],
  ['refresh ok naming a missing scope', ACTIVE, { kind: 'refreshed', missingPermission: 'finance' }, h('degraded', 'missing_permission', 'finance')],
  ['refresh ok keeps the paused mark', h('active', 'paused'), { kind: 'refreshed' }, h('active', 'paused')],
  ['invalid_grant → needs_consent at once', ACTIVE, { kind: 'refresh_failed', failure: 'consent_gone', reason: 'invalid_grant' }, NEEDS_CONSENT],
  ['invalid_grant from degraded', DEGRADED_OFFLINE, { kind: 'refresh_failed', failure: 'consent_gone', reason: 'invalid_grant' }, NEEDS_CONSENT],
  ['offline → degraded', ACTIVE, { kind: 'refresh_failed', failure: 'transient', reason: 'offline' }, DEGRADED_OFFLINE],
  ['offline never turns needs_consent into anything else', NEEDS_CONSENT, { kind: 'refresh_failed', failure: 'transient', reason: 'offline' }, NEEDS_CONSENT],
  ['rate limited → degraded', ACTIVE, { kind: 'refresh_failed', failure: 'rate_limited', reason: 'rate_limited' }, h('degraded', 'rate_limited')],
  ['unknown failure → degraded', ACTIVE, { kind: 'refresh_failed', failure: 'unknown', reason: 'refresh_failed' }, h('degraded', 'refresh_failed')],
  ['client broken → degraded with its reason', ACTIVE, { kind: 'client_broken', reason: 'client_secret_expired' }, h('degraded', 'client_secret_expired')],
  ['client broken leaves needs_consent', NEEDS_CONSENT, { kind: 'client_broken', reason: 'invalid_client' }, NEEDS_CONSENT],
  ['no refresh token in a rotating answer', ACTIVE, { kind: 'refresh_token_missing' }, h('degraded', 'no_refresh_token')],
  ['access expired without refresh token', h('degraded', 'no_refresh_token'), { kind: 'access_expired_without_refresh' }, h('needs_consent', 'no_refresh_token')],
  ['probe ok on active', ACTIVE, { kind: 'probe_ok' }, ACTIVE],
  ['probe ok clears a probe failure', h('degraded', 'api_unavailable', 'server_error'), { kind: 'probe_ok' }, ACTIVE],
  ['probe ok does not clear a refresh failure', DEGRADED_OFFLINE, { kind: 'probe_ok' }, DEGRADED_OFFLINE],
  ['probe ok does not clear needs_consent', NEEDS_CONSENT, { kind: 'probe_ok' }, NEEDS_CONSENT],
  ['probe sees missing scopes', ACTIVE, { kind: 'probe_ok', missingPermission: 'advertising' }, h('degraded', 'missing_permission', 'advertising')],
  ['probe 401 → api_unauthorized', ACTIVE, { kind: 'probe_failed', failure: 'consent_gone', reason: 'token_rejected' }, h('degraded', 'api_unauthorized', 'token_rejected')],
  ['probe 5xx → api_unavailable', ACTIVE, { kind: 'probe_failed', failure: 'transient', reason: 'server_error' }, h('degraded', 'api_unavailable', 'server_error')],
  ['probe failure does not overwrite a refresh failure', DEGRADED_OFFLINE, { kind: 'probe_failed', failure: 'transient', reason: 'server_error' }, DEGRADED_OFFLINE],
  ['pause marks an active connection', ACTIVE, { kind: 'paused' }, h('active', 'paused')],
  ['pause keeps a degraded reason', DEGRADED_OFFLINE, { kind: 'paused' }, DEGRADED_OFFLINE],
  ['resume clears the mark', h('active', 'paused'), { kind: 'resumed' }, ACTIVE],
  ['revoked from anything', NEEDS_CONSENT, { kind: 'revoked' }, DISCONNECTED],
  ['disconnected ignores refreshes', DISCONNECTED, { kind: 'refreshed' }, DISCONNECTED],
  ['disconnected ignores failures', DISCONNECTED, { kind: 'refresh_failed', failure: 'consent_gone', reason: 'invalid_grant' }, DISCONNECTED],
  ['a new consent brings a revoked connection back', DISCONNECTED, { kind: 'consent_renewed' }, ACTIVE],
  ['a new consent heals needs_consent', NEEDS_CONSENT, { kind: 'consent_renewed', missingPermission: null }, ACTIVE],
  ['a new consent that still lacks a scope', NEEDS_CONSENT, { kind: 'consent_renewed', missingPermission: 'finance' }, h('degraded', 'missing_permission', 'finance')],
];

describe('health transitions', () => {
  it.each(cases)('%s', (_name, from, event, to) => {
    expect(transition(from, event)).toEqual(to);
  });

  it('never produces needs_consent from a transient or rate-limit failure, from any state', () => {
    for (const from of [ACTIVE, DEGRADED_OFFLINE, MISSING, h('active', 'paused')]) {
      for (const failure of ['transient', 'rate_limited', 'unknown', 'client_broken'] as const) {
        expect(transition(from, { kind: 'refresh_failed', failure, reason: 'x' }).state).not.toBe('needs_consent');
      }
    }
  });
});
