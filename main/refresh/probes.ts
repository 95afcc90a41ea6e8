// Health probes: one cheap API call through TokenClient.probe, no more often than the connector's
// probe interval per connection and within its rate limit across the app (a token bucket per
// connector, since marketplaces count probe calls per app). A skipped probe says why.
import type { ProbeResult } from '../oauth/token-types';
import type { ConnectionView } from '../repos/connections';
import { missingPermissionDetail, permissionStatus } from '../health/permissions';
import type { StateChange } from '../health/recorder';
import { TokenBucket } from './concurrency';
import type { EngineContext } from './context';
import { classifyFailure, EngineError } from './errors';
import type { RefreshEngine } from './refresh-engine';

export type ProbeSkip = 'no_probe' | 'paused' | 'not_connected' | 'interval' | 'rate_limited' | 'no_access_token';

export interface ProbeOutcome {
  readonly status: 'ok' | 'failed' | 'skipped';
  readonly skipped: ProbeSkip | null;
  /** Reason code of a failed probe. */
  readonly reason: string | null;
  readonly connection: ConnectionView;
}

export interface ProbeOptions {
  /** Ignore the per-connection interval (never the rate limit, which protects the whole app). */
  readonly force?: boolean;
  readonly actor?: string;
}

export class ProbeService {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly engine: RefreshEngine,
  ) {}

  async probeConnection(id: string, opts: ProbeOptions = {}): Promise<ProbeOutcome> {
    const { ctx } = this;
    const conn = this.engine.requireConnection(id);
    const connector = ctx.connector(conn.connectorId);
    const probe = connector?.probe ?? null;
    if (probe === null) return this.skip(id, 'no_probe');
    if (conn.pausedAt !== null) return this.skip(id, 'paused');
    if (conn.state === 'disconnected' || conn.state === 'needs_consent') return this.skip(id, 'not_connected');
    const now = ctx.clock();
    if (!opts.force && conn.lastProbeAt !== null && Date.parse(conn.lastProbeAt) + probe.intervalSeconds * 1000 > now) return this.skip(id, 'interval');
    if (!this.bucket(conn.connectorId, probe.ratePerSecond, probe.burst, now).tryTake(now)) return this.skip(id, 'rate_limited');

    const grantId = conn.grantId as string;
    const grant = ctx.grants.get(grantId);
    const resolved = grant ? ctx.resolve(conn, grant) : null;
    let accessToken: string | null = null;
    try {
      // Internal use, audited as the probe below rather than as a credential handout.
      if (grant && resolved?.ok) accessToken = await this.accessTokenFor(id, opts.actor ?? 'system');
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      // Already recorded as the connection's state (and audited): the probe failed for that reason.
      if (err.code === 'secret_tampered') return { status: 'failed', skipped: null, reason: 'secret_tampered', connection: this.view(id) };
    }
    if (!grant || !resolved?.ok || accessToken === null) {
      // Nothing to probe with now; the refresh side reports why. Try again an interval later.
      ctx.connections.setNextProbe(id, ctx.nowIso(now + probe.intervalSeconds * 1000), ctx.nowIso(now));
      return this.skip(id, 'no_access_token');
    }

    let result: ProbeResult;
    try {
      result = await ctx.tokenClient.probe(resolved.rc, accessToken);
    } catch (err) {
      const f = classifyFailure(err);
      result = { ok: false, status: null, failure: f.failure, reason: f.reason, scopes: null };
    }

    const done = ctx.clock();
    const at = ctx.nowIso(done);
    const changes = ctx.vault.transaction((): StateChange[] => {
      ctx.connections.recordProbe(id, at, ctx.nowIso(done + probe.intervalSeconds * 1000));
      const fresh = this.engine.requireConnection(id);
      let missing: string | null | undefined;
      if (result.scopes !== null) {
        ctx.grants.setScopesGranted(grantId, result.scopes, at);
        missing = missingPermissionDetail(permissionStatus(resolved.rc.connector, grant.scopesRequested, result.scopes));
      }
      if (result.ok) {
        const change = ctx.recorder.apply(fresh, { kind: 'probe_ok', missingPermission: missing }, at);
        return change ? [change] : [];
      }
      // The API refused the token (401): only a refresh can tell a stale token from a withdrawn
      // consent, so refresh right away and let that decide; meanwhile it reads api_unauthorized.
      const unauthorized = result.failure === 'consent_gone' || result.status === 401;
      const failure = unauthorized ? 'consent_gone' : (result.failure ?? 'unknown');
      // Not when consent went meanwhile (a refresh answered invalid_grant while this probe was out):
      // that refresh token is dead, and scheduling it would send it to the marketplace again.
      if (unauthorized && fresh.state !== 'needs_consent') ctx.connections.setNextRefresh(grantId, at, at);
      const detail = failure === 'missing_permission' ? (missing ?? result.reason) : null;
      const change = ctx.recorder.apply(fresh, { kind: 'probe_failed', failure, reason: result.reason ?? 'probe_failed', detail }, at);
      return change ? [change] : [];
    });
    ctx.notify(changes);
    const status = result.ok ? 'ok' : 'failed';
    ctx.audit({
      actor: opts.actor ?? 'system',
      tenantId: conn.tenantId,
      connectionId: id,
      action: 'connection.probe',
      outcome: result.ok ? 'ok' : 'failed',
      detail: { status: result.status, reason: result.reason },
    });
    return { status, skipped: null, reason: result.ok ? null : (result.reason ?? 'probe_failed'), connection: this.view(id) };
  }

  private async accessTokenFor(id: string, actor: string): Promise<string> {
    const { ctx } = this;
    const conn = this.engine.requireConnection(id);
    const creds = ctx.credentials.get(conn.grantId ?? '');
    const connector = ctx.connector(conn.connectorId);
    if (!creds || !connector) throw new EngineError('no_access_token', `Connection ${id} has no credentials.`);
    let current = creds;
    if (this.engine.dueForUse(creds, connector, ctx.clock())) {
      await this.engine.refreshConnection(id, { actor: 'system' });
      current = ctx.credentials.get(creds.grantId) ?? creds;
    }
    const token = this.engine.openOrRecord(() => ctx.credentials.openAccessToken(current), current.grantId, id, 'access_token', actor);
    if (token === null || (current.accessExpiresAt !== null && Date.parse(current.accessExpiresAt) <= ctx.clock())) {
      throw new EngineError('no_access_token', `Connection ${id} has no valid access token.`);
    }
    return token;
  }

  private bucket(connectorId: string, ratePerSecond: number, burst: number, now: number): TokenBucket {
    let b = this.buckets.get(connectorId);
    if (!b) {
      b = new TokenBucket(ratePerSecond, burst, now);
      this.buckets.set(connectorId, b);
    }
    return b;
  }

  private skip(id: string, why: ProbeSkip): ProbeOutcome {
    return { status: 'skipped', skipped: why, reason: null, connection: this.view(id) };
  }

  private view(id: string): ConnectionView {
    const v = this.ctx.connections.view(id);
    if (!v) throw new EngineError('not_found', `No connection ${id}; list them with connections.`);
    return v;
  }
}
