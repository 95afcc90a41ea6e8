// The one registry of consent attempts still waiting in this process: by session id (a pasted
// code names its attempt that way) and by the hash of their state (a delivered deep link names its
// attempt by the state it carries). An attempt leaves it the moment it ends.
import type { ConsentAttempt } from './consent-attempt';

export class AttemptRegistry {
  readonly #bySession = new Map<string, ConsentAttempt>();
  readonly #byState = new Map<string, ConsentAttempt>();

  add(attempt: ConsentAttempt): void {
    this.#bySession.set(attempt.sessionId, attempt);
    this.#byState.set(attempt.stateHash, attempt);
  }

  remove(attempt: ConsentAttempt): void {
    this.#bySession.delete(attempt.sessionId);
    this.#byState.delete(attempt.stateHash);
  }

  bySession(sessionId: string): ConsentAttempt | undefined {
    return this.#bySession.get(sessionId);
  }

  byStateHash(stateHash: string | null): ConsentAttempt | undefined {
    return stateHash === null ? undefined : this.#byState.get(stateHash);
  }

  all(): ConsentAttempt[] {
    return [...this.#bySession.values()];
  }
}
