// Pause / resume (tokens kept; pause stops refresh and probes) and deletion of revoked
// connections (soft delete: the row and its audit trail stay).
import type { ConnectionView } from '../repos/connections';
import type { HealthEvent } from '../health/state-machine';
import type { EngineContext } from './context';
import { EngineError } from './errors';
import type { RefreshEngine } from './refresh-engine';

export class ConnectionLifecycle {
  constructor(
    private readonly ctx: EngineContext,
    private readonly engine: RefreshEngine,
  ) {}

  pause(id: string, actor: string): ConnectionView {
    return this.setPaused(id, actor, true);
  }

  /** Due refreshes and probes resume on the scheduler's next tick. */
  resume(id: string, actor: string): ConnectionView {
    return this.setPaused(id, actor, false);
  }

  /** Only revoked connections can be deleted; the row stays (soft delete) for the audit trail. */
  deleteConnection(id: string, actor: string): void {
    const { ctx } = this;
    const conn = this.engine.requireConnection(id);
    if (conn.state !== 'disconnected' || conn.revokedAt === null) {
      throw new EngineError('not_revoked', `Connection ${id} is ${conn.state}; revoke it first (revoke ${id} --yes), then delete it.`);
    }
    ctx.connections.softDelete(id, ctx.nowIso());
    ctx.audit({ actor, tenantId: conn.tenantId, connectionId: id, action: 'connection.delete', outcome: 'ok', detail: { remoteRevocation: conn.remoteRevocation } });
  }

  private setPaused(id: string, actor: string, pause: boolean): ConnectionView {
    const { ctx } = this;
    const conn = this.engine.requireConnection(id);
    if (conn.state === 'disconnected') throw new EngineError('disconnected', `Connection ${id} was revoked; there is nothing to ${pause ? 'pause' : 'resume'}.`);
    const already = pause ? conn.pausedAt !== null : conn.pausedAt === null;
    if (!already) {
      const at = ctx.nowIso();
      const event: HealthEvent = { kind: pause ? 'paused' : 'resumed' };
      const change = ctx.vault.transaction(() => {
        ctx.connections.setPaused(id, pause ? at : null, at);
        return ctx.recorder.apply(conn, event, at);
      });
      if (change) ctx.notify([change]);
      ctx.audit({ actor, tenantId: conn.tenantId, connectionId: id, action: pause ? 'connection.pause' : 'connection.resume', outcome: 'ok', detail: {} });
    }
    const view = ctx.connections.view(id);
    if (!view) throw new EngineError('not_found', `No connection ${id}; list them with connections.`);
    return view;
  }
}
