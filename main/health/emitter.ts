// A small typed event emitter (VS Code's Emitter<T> in spirit): `on` returns the function that
// removes exactly that listener, and one failing listener does not keep the others from hearing.
export type Listener<T> = (value: T) => void;

export class Emitter<T> {
  readonly #listeners = new Set<Listener<T>>();

  on(listener: Listener<T>): () => void {
    // A wrapper per subscription, so the same function subscribed twice is removed once each time.
    const entry: Listener<T> = (value) => listener(value);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  emit(value: T): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(value);
      } catch {
        // Delivery is best effort: a listener's failure is its own (a closed window, say).
      }
    }
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
