// Where deep links wait until the app can act on them. macOS fires open-url before `ready`, and
// Electron does not queue for late listeners (R19), so links are held here until the router is
// attached; the same link delivered twice in a short window (second-instance and open-url for one
// click, T4) is handed on once. Pure: the Electron wiring lives in main/app/deep-links.ts.

export interface DeepLinkInboxOptions {
  /** How long an identical link counts as the same delivery. */
  readonly dedupeMs?: number;
  /** At most this many links wait before ready; more are dropped (a flood is not a sign-in). */
  readonly maxQueued?: number;
  readonly now?: () => number;
}

export class DeepLinkInbox {
  readonly #queue: string[] = [];
  readonly #recent = new Map<string, number>();
  #route: ((url: string) => void) | null = null;
  readonly #dedupeMs: number;
  readonly #maxQueued: number;
  readonly #now: () => number;

  constructor(opts: DeepLinkInboxOptions = {}) {
    this.#dedupeMs = opts.dedupeMs ?? 10_000;
    this.#maxQueued = opts.maxQueued ?? 8;
    this.#now = opts.now ?? Date.now;
  }

  /** Returns true when the link was accepted for routing (now or once ready). */
  deliver(url: string): boolean {
    const now = this.#now();
    for (const [seen, at] of this.#recent) if (now - at > this.#dedupeMs) this.#recent.delete(seen);
    if (this.#recent.has(url)) return false;
    this.#recent.set(url, now);
    if (this.#route !== null) {
      this.#route(url);
      return true;
    }
    if (this.#queue.length >= this.#maxQueued) return false;
    this.#queue.push(url);
    return true;
  }

  /** Attaches the router and hands it everything that arrived before. */
  ready(route: (url: string) => void): void {
    this.#route = route;
    for (const url of this.#queue.splice(0)) route(url);
  }
}
