// In-process concurrency primitives for the engine: single-flight per key (one promise shared by
// every caller that asks while it runs) and a counting semaphore per connector.

export class SingleFlight<T> {
  private readonly flights = new Map<string, Promise<T>>();

  /** Joins the flight for `key` if one is running, else starts `fn` as that flight. */
  run(key: string, fn: () => Promise<T>): Promise<T> {
    const running = this.flights.get(key);
    if (running) return running;
    const p = fn().finally(() => {
      if (this.flights.get(key) === p) this.flights.delete(key);
    });
    this.flights.set(key, p);
    return p;
  }

  /** The flight running for `key`, if any (revocation waits for it before shredding). */
  current(key: string): Promise<T> | undefined {
    return this.flights.get(key);
  }
}

export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`Semaphore limit must be a positive integer, got ${limit}`);
  }

  /** Waits for a slot; the returned function gives it back (once; later calls do nothing). */
  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      // Hand the slot straight to the next waiter, so `active` never dips and lets a newcomer jump the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/** One semaphore per key, created with the limit the key asks for on first use. */
export class KeyedSemaphores {
  private readonly byKey = new Map<string, Semaphore>();

  run<T>(key: string, limit: number, fn: () => Promise<T>): Promise<T> {
    return this.get(key, limit).run(fn);
  }

  acquire(key: string, limit: number): Promise<() => void> {
    return this.get(key, limit).acquire();
  }

  private get(key: string, limit: number): Semaphore {
    let s = this.byKey.get(key);
    if (!s) {
      s = new Semaphore(Math.max(1, Math.floor(limit)));
      this.byKey.set(key, s);
    }
    return s;
  }
}

/** Token bucket: `burst` calls at once, refilled at `ratePerSecond`. Time comes from the caller. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = Math.max(1, burst);
    this.last = now;
  }

  tryTake(now: number): boolean {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.tokens = Math.min(Math.max(1, this.burst), this.tokens + elapsed * this.ratePerSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
