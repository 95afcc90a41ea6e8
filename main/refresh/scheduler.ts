// The scheduler: one tick refreshes every grant that is due (indexed on next_refresh_at; paused,
// revoked and backing-off connections are skipped by the query), runs the probes that are due,
// and retries pending remote revocations. `monitor` runs ticks in a loop until stopped.
import type { EngineContext } from './context';
import type { ProbeService } from './probes';
import type { RefreshEngine } from './refresh-engine';
import type { RevocationService } from './revocation';

export interface RunDueResult {
  /** Connections due for refresh this tick. */
  readonly due: number;
  /** Of those, connections whose grant now has fresh tokens (here or by another process). */
  readonly refreshed: number;
  readonly failed: number;
  readonly probed: number;
  /** Due connections left alone: backing off, lease busy elsewhere, or no longer due. */
  readonly skipped: number;
  readonly revocations: { readonly attempted: number; readonly done: number };
}

export interface MonitorOptions {
  readonly tickMs: number;
  readonly onTick?: (result: RunDueResult) => void;
  readonly onError?: (err: unknown) => void;
}

export interface Monitor {
  /** Stops after the tick in progress; resolves when the loop has ended. */
  stop(): Promise<void>;
}

export class RefreshScheduler {
  constructor(
    private readonly ctx: EngineContext,
    private readonly engine: RefreshEngine,
    private readonly probes: ProbeService,
    private readonly revocations: RevocationService,
  ) {}

  async runDue(opts: { readonly now?: number } = {}): Promise<RunDueResult> {
    const { ctx } = this;
    const now = opts.now ?? ctx.clock();
    const nowIso = ctx.nowIso(now);
    const due = ctx.connections.dueForRefresh(nowIso, ctx.schedulerBatch);
    // One refresh per grant; every due connection on it shares the outcome.
    const byGrant = new Map<string, string[]>();
    for (const c of due) {
      const ids = byGrant.get(c.grantId);
      if (ids) ids.push(c.id);
      else byGrant.set(c.grantId, [c.id]);
    }
    let refreshed = 0;
    let failed = 0;
    let skipped = 0;
    // Per-connector limits live in the engine's semaphores; starting them all at once is cheap.
    await Promise.all(
      [...byGrant.values()].map(async (ids) => {
        const trigger = ids[0] as string;
        try {
          const r = await this.engine.refreshOutcome(trigger, { actor: 'scheduler', dueAsOf: now });
          if (r.outcome === 'refreshed' || r.outcome === 'refreshed_elsewhere') refreshed += ids.length;
          else if (r.outcome === 'failed') failed += ids.length;
          else skipped += ids.length;
        } catch (err) {
          // Revoked or paused between the query and now: nothing to do for it.
          ctx.log(`scheduler: refresh of ${trigger} not run (${err instanceof Error ? err.name : 'error'})`);
          skipped += ids.length;
        }
      }),
    );

    let probed = 0;
    const probesDue = ctx.connections.dueForProbe(ctx.nowIso(Math.max(now, ctx.clock())), ctx.schedulerBatch);
    await Promise.all(
      probesDue.map(async (c) => {
        try {
          const r = await this.probes.probeConnection(c.id, { actor: 'scheduler' });
          if (r.status !== 'skipped') probed++;
        } catch (err) {
          ctx.log(`scheduler: probe of ${c.id} not run (${err instanceof Error ? err.name : 'error'})`);
        }
      }),
    );

    const rv = await this.revocations.retryPendingRevocations(now);
    const result: RunDueResult = { due: due.length, refreshed, failed, probed, skipped, revocations: { attempted: rv.attempted, done: rv.done } };
    ctx.events.emit({ kind: 'tick', at: ctx.nowIso(), result });
    return result;
  }

  /** Ticks every tickMs (never overlapping) until stop(). */
  monitor(opts: MonitorOptions): Monitor {
    let stopped = false;
    const sleeper: { wake: (() => void) | null } = { wake: null };
    const loop = (async () => {
      while (!stopped) {
        try {
          const result = await this.runDue();
          opts.onTick?.(result);
        } catch (err) {
          if (opts.onError) opts.onError(err);
          else this.ctx.log(`monitor: tick failed (${err instanceof Error ? err.name : 'error'})`);
        }
        if (stopped) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, opts.tickMs);
          sleeper.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        sleeper.wake = null;
      }
    })();
    return {
      async stop() {
        stopped = true;
        sleeper.wake?.();
        await loop;
      },
    };
  }
}
