// One audit anchor store's writes, off the calling thread and one at a time: the audit log asks
// after every commit, and never waits. A request while a write is in flight only marks that
// another is needed; when the write ends, one more write takes the newest committed head. So a
// burst of appends costs a couple of file writes, and the anchor ends level with the log.
export class AnchorWriter {
  #running: Promise<void> | null = null;
  #again = false;
  #writes = 0;

  /** `writeLatest` anchors the newest committed head; it handles its own failures (never rejects). */
  constructor(private readonly writeLatest: () => Promise<void>) {}

  /** How many writes were started (tests show the coalescing with it). */
  get writes(): number {
    return this.#writes;
  }

  /** A write is in flight or owed. */
  get busy(): boolean {
    return this.#running !== null;
  }

  request(): void {
    if (this.#running !== null) {
      this.#again = true;
      return;
    }
    this.#running = this.#run();
  }

  /** Settles once no write is in flight or owed: the anchor is as level as it will get. */
  async flush(): Promise<void> {
    while (this.#running !== null) await this.#running;
  }

  async #run(): Promise<void> {
    try {
      do {
        this.#again = false;
        this.#writes += 1;
        // writeLatest reports its own failures; a slip must not leave the queue stuck.
        await this.writeLatest().catch(() => undefined);
      } while (this.#again);
    } finally {
      this.#running = null;
    }
  }
}
