// Revocation: the plain-words preview, remote revocation (refresh token first) with a pending
// queue that keeps the sealed token until the marketplace confirms, and local crypto-shredding.
//
// Shared grants: the tokens belong to the grant, not to one connection. Revoking a connection
// while other live connections use the same grant only disconnects that one (remote_revocation
// 'pending': the marketplace authorization still stands, for the others). Revoking the last live
// connection on a grant revokes remotely, shreds the grant's tokens, and marks every revoked
// connection on it with the remote outcome.
import { newId } from '../vault/ids';
import type { Lang } from '../health/reasons';
import type { RevocationImpact } from '../../preload/dto';
import type { ConnectionRow, ConnectionView, RemoteRevocation } from '../repos/connections';
import type { TokenTypeHint } from '../repos/pending-revocations';
import type { StateChange } from '../health/recorder';
import type { EngineContext } from './context';
import { classifyFailure, EngineError } from './errors';
import type { RefreshEngine } from './refresh-engine';
import { backoffMs } from './schedule';
import { isTamperedSecret } from './tampered';

/** The plain-words preview: one shape, defined with the IPC contract the app shows it through. */
export type RevocationPreview = RevocationImpact;

export interface RevocationResult {
  readonly id: string;
  readonly state: 'disconnected';
  readonly remoteRevocation: RemoteRevocation;
  /** When remote revocation is unsupported: where the seller removes the app themselves. */
  readonly removeApp: string | null;
  /** Other live connections still using the grant (remote revocation waits for them). */
  readonly sharedWith: number;
  readonly connection: ConnectionView;
}

export interface RetryResult {
  readonly attempted: number;
  readonly done: number;
  readonly stillPending: number;
}

export class RevocationService {
  constructor(
    private readonly ctx: EngineContext,
    private readonly engine: RefreshEngine,
  ) {}

  previewRevocation(id: string, lang: Lang = 'en'): RevocationPreview {
    const { ctx } = this;
    const conn = this.engine.requireConnection(id);
    const view = ctx.connections.view(id);
    const connector = ctx.connector(conn.connectorId);
    const name = connector?.name ?? conn.connectorId;
    const tenant = view?.tenant ?? conn.tenantId;
    const others = conn.grantId === null ? [] : ctx.connections.liveOnGrant(conn.grantId).filter((c) => c.id !== id);
    const method = connector?.revocation.method ?? 'none';
    const es = lang === 'es';
    const what = conn.account === name ? name : `${conn.account} (${name})`;
    const stops: string[] = [
      es
        ? `FiveX Connect deja de renovar y comprobar ${what} de ${tenant}; los scripts y flujos que la usan dejan de recibir tokens.`
        : `FiveX Connect stops renewing and checking ${what} for ${tenant}; scripts and workflows that use it stop getting tokens.`,
    ];
    if (connector) stops.push(connector.texts.revokeStops[lang]);
    const remains: string[] = [];
    if (connector) remains.push(connector.texts.dataRemains[lang]);
    remains.push(
      es
        ? 'El historial de la conexión y su registro de auditoría quedan en FiveX Connect hasta que borre la conexión.'
        : "The connection's history and audit trail stay in FiveX Connect until you delete the connection.",
    );
    if (others.length > 0) {
      const list = others.map((c) => c.account).join(', ');
      remains.push(
        es
          ? `La misma autorización del marketplace sirve a ${others.length} conexión(es) más (${list}); siguen funcionando, y la autorización se revoca en el marketplace solo al revocar la última.`
          : `The same marketplace authorization also serves ${others.length} other connection(s) (${list}); they keep working, and the authorization is revoked at the marketplace only when the last of them is revoked.`,
      );
    } else if (method === 'none') {
      remains.push(
        es
          ? `FiveX Connect no puede revocar el acceso de la aplicación en ${name}: la aplicación sigue autorizada hasta que el vendedor la quite allí. Pasos para el vendedor: ${connector?.texts.removeApp.es ?? ''}`.trim()
          : `FiveX Connect cannot revoke the app's access at ${name}: the app stays authorized until the seller removes it there. Steps for the seller: ${connector?.texts.removeApp.en ?? ''}`.trim(),
      );
      stops.push(es ? 'Los tokens guardados se borran de este equipo.' : 'The stored tokens are erased from this computer.');
    } else if (!connector) {
      stops.push(
        es
          ? `FiveX Connect pide a ${name} que revoque la autorización (si no responde, lo reintenta hasta lograrlo) y borra los tokens de este equipo.`
          : `FiveX Connect asks ${name} to revoke the authorization (retrying until it answers) and erases the tokens from this computer.`,
      );
    }
    return { stops, remains, canReconnect: this.whoCanReconnect(conn, tenant, lang) };
  }

  async revokeConnection(id: string, opts: { readonly actor?: string } = {}): Promise<RevocationResult> {
    const { ctx } = this;
    const actor = opts.actor ?? 'system';
    const conn = this.engine.requireConnection(id);
    const connector = ctx.connector(conn.connectorId);
    const removeApp = connector?.revocation.method === 'none' ? connector.texts.removeApp.en : null;
    if (conn.state === 'disconnected') return this.result(id, conn.remoteRevocation ?? 'done', removeApp, 0);
    if (conn.grantId === null) return this.markOnly(conn, 'done', actor, 0, removeApp);
    const grantId = conn.grantId;
    const others = ctx.connections.liveOnGrant(grantId).filter((c) => c.id !== id);
    if (others.length > 0) return this.markOnly(conn, 'pending', actor, others.length, removeApp);

    // Revoke the newest refresh token: let a running refresh finish, here and in other processes.
    await this.engine.settle(grantId);
    const got = await ctx.leases.acquire(grantId, () => false);
    try {
      const creds = ctx.credentials.get(grantId);
      // A tampered token cannot be sent to be revoked; the other one still can. Revoking is how a
      // person clears a tampered connection, so it must not fail on one.
      let tampered = false;
      const openUnlessTampered = (open: () => string | null): string | null => {
        try {
          return open();
        } catch (err) {
          if (!isTamperedSecret(err)) throw err;
          tampered = true;
          return null;
        }
      };
      const refreshToken = creds ? openUnlessTampered(() => ctx.credentials.openRefreshToken(creds)) : null;
      const accessToken = creds ? openUnlessTampered(() => ctx.credentials.openAccessToken(creds)) : null;
      const token = refreshToken ?? accessToken;
      const hint: TokenTypeHint = refreshToken !== null ? 'refresh_token' : 'access_token';
      let remote: RemoteRevocation;
      let lastError: string | null = null;
      if (connector?.revocation.method === 'none') remote = 'unsupported';
      // Unreadable, so not revocable from here: the marketplace may still honour the original.
      else if (token === null && tampered) remote = 'unsupported';
      else if (token === null) remote = 'done'; // nothing left that could be used
      else {
        // A missing connector or registration fails here too, and stays pending until it is back.
        const outcome = await this.revokeRemotely(conn, token, hint);
        remote = outcome.done ? 'done' : 'pending';
        lastError = outcome.error;
      }
      const now = ctx.clock();
      const at = ctx.nowIso(now);
      const changes = ctx.vault.transaction((): StateChange[] => {
        if (remote === 'pending' && token !== null) {
          ctx.pendingRevocations.insert({
            id: newId('rvk'),
            connectionId: id,
            connectorId: conn.connectorId,
            token,
            tokenTypeHint: hint,
            attempts: 1,
            nextAttemptAt: ctx.nowIso(now + backoffMs(1, ctx.backoff, ctx.random)),
            lastError,
            at,
          });
        }
        ctx.credentials.shred(grantId, at);
        const change = ctx.recorder.apply(conn, { kind: 'revoked' }, at);
        ctx.connections.markRevoked(id, remote, at);
        // Connections revoked earlier while this one still used the grant learn the outcome too.
        ctx.connections.setRemoteRevocationForGrant(grantId, remote, at);
        return change ? [change] : [];
      });
      ctx.vault.scrub();
      ctx.notify(changes);
      ctx.audit({
        actor,
        tenantId: conn.tenantId,
        connectionId: id,
        action: 'connection.revoke',
        outcome: remote === 'pending' ? 'pending' : 'ok',
        detail: { grantId, remoteRevocation: remote, error: tampered ? 'secret_tampered' : lastError },
      });
      // Where the seller removes the app, whenever it could not be revoked from here.
      return this.result(id, remote, remote === 'unsupported' ? (connector?.texts.removeApp.en ?? null) : removeApp, 0);
    } finally {
      if (got.kind === 'held') got.lease.release();
    }
  }

  /** Retries remote revocations that are due; the scheduler calls this every tick. */
  async retryPendingRevocations(now: number = this.ctx.clock()): Promise<RetryResult> {
    const { ctx } = this;
    const due = ctx.pendingRevocations.due(ctx.nowIso(now), ctx.schedulerBatch);
    let done = 0;
    for (const row of due) {
      const conn = ctx.connections.get(row.connectionId);
      const token = ctx.pendingRevocations.openToken(row);
      const outcome = conn ? await this.revokeRemotely(conn, token, row.tokenTypeHint) : { done: false, error: 'connection_missing' };
      const at = ctx.nowIso();
      if (outcome.done) {
        done++;
        ctx.vault.transaction(() => {
          ctx.pendingRevocations.remove(row.id);
          if (conn?.grantId) ctx.connections.setRemoteRevocationForGrant(conn.grantId, 'done', at);
          else ctx.connections.setRemoteRevocation(row.connectionId, 'done', at);
        });
        ctx.vault.scrub();
      } else {
        const wait = backoffMs(row.attempts + 1, { baseMs: ctx.backoff.baseMs, maxMs: ctx.revocationMaxBackoffMs }, ctx.random);
        ctx.pendingRevocations.recordFailure(row.id, ctx.nowIso(ctx.clock() + wait), outcome.error ?? 'revocation_failed');
      }
      ctx.audit({
        actor: 'scheduler',
        tenantId: conn?.tenantId ?? null,
        connectionId: row.connectionId,
        action: 'connection.revoke_remote',
        outcome: outcome.done ? 'ok' : 'pending',
        detail: { attempt: row.attempts + 1, error: outcome.error },
      });
    }
    return { attempted: due.length, done, stillPending: due.length - done };
  }

  /** true when the marketplace no longer honours the token. An already-dead token counts (RFC 7009 §2.2). */
  private async revokeRemotely(conn: ConnectionRow, token: string, hint: TokenTypeHint): Promise<{ readonly done: boolean; readonly error: string | null }> {
    const { ctx } = this;
    const grant = conn.grantId === null ? undefined : ctx.grants.get(conn.grantId);
    if (!grant) return { done: false, error: 'grant_missing' };
    const resolved = ctx.resolve(conn, grant);
    if (!resolved.ok) return { done: false, error: resolved.failure.reason };
    try {
      await ctx.tokenClient.revoke(resolved.rc, token, hint);
      return { done: true, error: null };
    } catch (err) {
      const f = classifyFailure(err);
      if (f.failure === 'consent_gone') return { done: true, error: null };
      return { done: false, error: f.reason };
    }
  }

  /** Disconnects one connection without touching the grant's tokens (others still use them). */
  private markOnly(conn: ConnectionRow, remote: RemoteRevocation, actor: string, sharedWith: number, removeApp: string | null): RevocationResult {
    const { ctx } = this;
    const at = ctx.nowIso();
    const changes = ctx.vault.transaction((): StateChange[] => {
      const change = ctx.recorder.apply(conn, { kind: 'revoked' }, at);
      ctx.connections.markRevoked(conn.id, remote, at);
      return change ? [change] : [];
    });
    ctx.notify(changes);
    ctx.audit({ actor, tenantId: conn.tenantId, connectionId: conn.id, action: 'connection.revoke', outcome: 'ok', detail: { grantId: conn.grantId, remoteRevocation: remote, sharedWith } });
    return this.result(conn.id, remote, removeApp, sharedWith);
  }

  private whoCanReconnect(conn: ConnectionRow, tenant: string, lang: Lang): string[] {
    const es = lang === 'es';
    const { operators, vaultHasOperators } = this.ctx.accessGrants.reconnectCandidates(conn.tenantId, conn.connectorId, this.ctx.nowIso());
    const out = operators.map(({ name, role }) => (es ? `${name} (${role}, con acceso a ${tenant})` : `${name} (${role}, with access to ${tenant})`));
    if (!vaultHasOperators) out.push(es ? 'El usuario del sistema de este equipo (este almacén no tiene operadores)' : 'The OS user of this computer (this vault has no operators)');
    const reauthorize = this.ctx.connector(conn.connectorId)?.texts.reauthorize[lang];
    out.push(es ? `El vendedor tiene que aprobar de nuevo. ${reauthorize ?? ''}`.trim() : `The seller has to approve again. ${reauthorize ?? ''}`.trim());
    return out;
  }

  private result(id: string, remote: RemoteRevocation, removeApp: string | null, sharedWith: number): RevocationResult {
    const connection = this.ctx.connections.view(id);
    if (!connection) throw new EngineError('not_found', `No connection ${id}; list them with connections.`);
    return { id, state: 'disconnected', remoteRevocation: remote, removeApp, sharedWith, connection };
  }
}
