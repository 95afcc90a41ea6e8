// What the credential engine announces while it works, on `engine.events` (an Emitter): health
// state changes (the same ones the webhook hears), each refresh's result, each connection created
// (a consent's outcome, an import), and each scheduler tick.
// The desktop turns these into the page's change stream; nothing here carries a secret.
import type { StateChange } from '../health/recorder';
import type { RunDueResult } from './scheduler';

export type EngineEvent =
  | { readonly kind: 'state'; readonly changes: ReadonlyArray<StateChange> }
  | { readonly kind: 'refreshed'; readonly connectionId: string; readonly outcome: string }
  | { readonly kind: 'created'; readonly connectionId: string }
  /** A connection a failed connect had just created was taken back (see ConnectionStore.discardUnproven). */
  | { readonly kind: 'discarded'; readonly connectionId: string }
  | { readonly kind: 'tick'; readonly at: string; readonly result: RunDueResult };
