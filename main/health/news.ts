// Health news: every state change the engine records, as events anyone in the main process can
// subscribe to (the desktop forwards them to its windows and notifications; the metrics count
// them). A recovery, a connection back to `active` from `degraded` or `needs_consent`, is news in
// its own right: people who were told it broke should be told it works again.
import type { Lang } from './reasons';
import type { StateChange } from './recorder';

export type HealthNews =
  /** Back to active from degraded or needs_consent; `change.from` says what it recovered from. */
  | { readonly kind: 'recovered'; readonly change: StateChange }
  | { readonly kind: 'changed'; readonly change: StateChange };

export type HealthNewsListener = (news: HealthNews) => void;

/** States whose end is worth announcing: they were problems someone may have been told about. */
const PROBLEM_STATES: ReadonlySet<string> = new Set(['degraded', 'needs_consent']);

export function isRecovery(change: Pick<StateChange, 'from' | 'to'>): boolean {
  return change.to.state === 'active' && PROBLEM_STATES.has(change.from.state);
}

function newsOf(change: StateChange): HealthNews {
  return isRecovery(change) ? { kind: 'recovered', change } : { kind: 'changed', change };
}

export class HealthNewsEmitter {
  readonly #listeners = new Set<HealthNewsListener>();

  /** Returns the unsubscribe function. */
  on(listener: HealthNewsListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(changes: ReadonlyArray<StateChange>): void {
    if (this.#listeners.size === 0) return;
    for (const change of changes) {
      const news = newsOf(change);
      for (const listener of [...this.#listeners]) {
        // A failing listener (a closed window) must neither stop the others nor the engine.
        try {
          listener(news);
        } catch {
          // ignored on purpose: news is best effort; health itself is in the vault
        }
      }
    }
  }
}

/** What a desktop notification says about a recovery, in the person's language. */
export function recoveredNotice(
  change: Pick<StateChange, 'account' | 'from'>,
  names: { readonly tenant: string; readonly connector: string },
  lang: Lang,
): { readonly title: string; readonly body: string } {
  const was = change.from.state === 'needs_consent' ? { en: 'needed reconnecting', es: 'necesitaba reconexión' } : { en: 'had a problem', es: 'tenía un problema' };
  return lang === 'es'
    ? { title: 'Conexión recuperada', body: `${names.tenant}: ${names.connector} (${change.account}) ${was.es} y vuelve a funcionar.` }
    : { title: 'Connection recovered', body: `${names.tenant}: ${names.connector} (${change.account}) ${was.en} and works again.` };
}
