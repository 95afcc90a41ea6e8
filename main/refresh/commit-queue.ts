// Group commit for refresh results. Every refreshed token pair must be durable (synchronous=FULL,
// one fsync) before anyone uses it; with many refreshes in flight, the fsync per refresh — run
// synchronously on the event loop — would cost more than the HTTP calls themselves. Results that
// arrive in the same event-loop turn are written in one transaction (one fsync), each in its own
// savepoint so one failing write does not undo the others, and every caller is resolved only
// after that commit: write-then-use holds for each token.
import type { EngineVault } from './context';

interface Pending {
  readonly fn: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

export class CommitQueue {
  private pending: Pending[] = [];
  private scheduled = false;
  private lastFlush = -Infinity;

  /**
   * minIntervalMs: under load, commits come at most this often, so batches grow instead of
   * fsyncs; a lone refresh (nothing committed lately) is committed in the next turn.
   */
  constructor(
    private readonly vault: EngineVault,
    private readonly minIntervalMs = 0,
  ) {}

  /** Runs fn inside the next group transaction; resolves with its result once that is committed. */
  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        const wait = this.lastFlush + this.minIntervalMs - performance.now();
        // After the poll phase: every response that arrived this turn joins the same commit.
        if (wait <= 0) setImmediate(() => this.flush());
        else setTimeout(() => this.flush(), wait);
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    this.lastFlush = performance.now();
    const batch = this.pending;
    this.pending = [];
    const outcomes: Outcome[] = [];
    try {
      this.vault.transaction(() => {
        for (const item of batch) {
          try {
            // Nested better-sqlite3 transactions are savepoints: a throw undoes only this item.
            outcomes.push({ ok: true, value: this.vault.db.transaction(item.fn)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed: nothing in the batch is durable, so nobody gets a result.
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const o = outcomes[i] as Outcome;
      if (o.ok) item.resolve(o.value);
      else item.reject(o.error);
    });
  }
}
