// Group commit for refresh results. Every refreshed token pair must be durable (synchronous=FULL,
// one fsync) before anyone uses it; with many refreshes in flight, an fsync per refresh — run
// synchronously on the event loop, stalling every answer that arrives meanwhile — would cost more
// than the HTTP calls themselves. So results are written in one transaction per group (one
// fsync), each in its own savepoint so one failing write does not undo the others, and every
// caller is resolved only after that commit: write-then-use holds for each token.
//
// When to commit: a refresh announces itself (begin()) once it holds its lease, before its token
// call. A group is committed as soon as nobody announced is still out (so a lone refresh, or the
// last ones of a tick, never wait), and otherwise at most maxDelayMs after its first result, so
// under load a group collects many results per fsync instead of one.
import type { EngineVault } from './context';

interface Pending {
  readonly fn: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/** One announced writer: runs its write in a group commit, or says it will not write. */
export interface CommitSlot {
  run<T>(fn: () => T): Promise<T>;
  /** Nothing to write after all (or it was written another way); idempotent. */
  cancel(): void;
}

export class CommitQueue {
  private pending: Pending[] = [];
  /** Writers announced and neither queued nor cancelled yet. */
  private outstanding = 0;
  private immediate: NodeJS.Immediate | null = null;
  private timer: NodeJS.Timeout | null = null;

  /** Runs one item in a savepoint of the group transaction; built once, not per item. */
  private readonly inSavepoint: (fn: () => unknown) => unknown;

  constructor(
    private readonly vault: EngineVault,
    private readonly maxDelayMs = 0,
  ) {
    this.inSavepoint = vault.db.transaction((fn: () => unknown) => fn());
  }

  /** Announces a writer whose result is on its way; the queue waits for it only up to maxDelayMs. */
  begin(): CommitSlot {
    this.outstanding += 1;
    let open = true;
    const close = (): boolean => {
      if (!open) return false;
      open = false;
      this.outstanding -= 1;
      return true;
    };
    return {
      run: <T>(fn: () => T): Promise<T> => {
        if (!close()) return Promise.reject(new Error('This commit slot was already used or cancelled'));
        return this.enqueue(fn);
      },
      cancel: () => {
        if (close()) this.schedule();
      },
    };
  }

  /** Runs fn inside the next group transaction; resolves with its result once that is committed. */
  run<T>(fn: () => T): Promise<T> {
    return this.enqueue(fn);
  }

  private enqueue<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.pending.length === 0) return;
    if (this.outstanding === 0 || this.maxDelayMs <= 0) {
      // After the poll phase: every response that arrived this turn joins the same commit.
      this.immediate ??= setImmediate(() => this.flush());
    } else {
      this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
    }
  }

  private flush(): void {
    if (this.immediate) clearImmediate(this.immediate);
    if (this.timer) clearTimeout(this.timer);
    this.immediate = null;
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const outcomes: Outcome[] = [];
    try {
      this.vault.transaction(() => {
        for (const item of batch) {
          try {
            // Nested better-sqlite3 transactions are savepoints: a throw undoes only this item.
            outcomes.push({ ok: true, value: this.inSavepoint(item.fn) });
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
