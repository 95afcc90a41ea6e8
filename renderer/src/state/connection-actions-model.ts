// What a person can do to one connection from its row (Reconnect, Pause/Resume, Revoke…) and the
// revoke flow as plain data: the impact preview first, an explicit confirmation, then the outcome
// at the marketplace. Pure transitions, tested without React.
import type {
  ApiError,
  ConnectionState,
  Lang,
  Reply,
  RevocationOutcome,
  RevocationPreviewDto,
  RevokeConnectionResult,
} from '../../../preload/contract';
import { assertNever } from './assert-never';

export type RowAction = 'reconnect' | 'pause' | 'resume' | 'revoke';

/** The row whose action is running (its buttons say so; the others wait). */
export interface RowBusy {
  readonly connectionId: string;
  readonly action: RowAction;
}

/** States where the seller's consent is missing or broken: Reconnect renews it. */
const RECONNECTABLE: ReadonlySet<ConnectionState> = new Set(['needs_consent', 'degraded', 'disconnected']);

/** The actions a row offers, in the order its buttons appear. A revoked connection can only be reconnected. */
export function rowActions(row: { readonly state: ConnectionState; readonly paused: boolean }): ReadonlyArray<RowAction> {
  const actions: RowAction[] = [];
  if (RECONNECTABLE.has(row.state)) actions.push('reconnect');
  if (row.state !== 'disconnected') actions.push(row.paused ? 'resume' : 'pause', 'revoke');
  return actions;
}

/** The connection a revoke flow is about, named as its row names it. */
export interface RevokeTarget {
  readonly connectionId: string;
  readonly tenantId: string;
  readonly marketplace: string;
  readonly account: string;
}

export type RevokeImpact = RevocationPreviewDto['impact'];

/**
 * loading → confirm → revoking → done; any step that fails shows why. Nothing is revoked before
 * the person confirms on the `confirm` step.
 */
export type RevokeFlow =
  | { readonly step: 'loading'; readonly target: RevokeTarget }
  | { readonly step: 'confirm'; readonly target: RevokeTarget; readonly impact: RevokeImpact }
  | { readonly step: 'revoking'; readonly target: RevokeTarget; readonly impact: RevokeImpact }
  | { readonly step: 'done'; readonly target: RevokeTarget; readonly outcome: RevocationOutcome }
  | { readonly step: 'failed'; readonly target: RevokeTarget; readonly error: ApiError };

/** Revoke… pressed: ask main for the preview (a flow already waiting on main is not replaced). */
export function revokeRequested(flow: RevokeFlow | null, target: RevokeTarget): RevokeFlow | null {
  if (flow !== null && (flow.step === 'loading' || flow.step === 'revoking')) return flow;
  return { step: 'loading', target };
}

/** The preview arrived (for the connection still shown): ask for confirmation, or say why not. */
export function revokePreviewed(flow: RevokeFlow | null, connectionId: string, reply: Reply<RevocationPreviewDto>): RevokeFlow | null {
  if (flow?.step !== 'loading' || flow.target.connectionId !== connectionId) return flow;
  return reply.ok ? { step: 'confirm', target: flow.target, impact: reply.value.impact } : { step: 'failed', target: flow.target, error: reply.error };
}

/** The person confirmed: only a shown preview can be confirmed. */
export function revokeConfirmed(flow: RevokeFlow | null): RevokeFlow | null {
  return flow?.step === 'confirm' ? { step: 'revoking', target: flow.target, impact: flow.impact } : flow;
}

export function revokeFinished(flow: RevokeFlow | null, connectionId: string, reply: Reply<RevokeConnectionResult>): RevokeFlow | null {
  if (flow?.step !== 'revoking' || flow.target.connectionId !== connectionId) return flow;
  return reply.ok ? { step: 'done', target: flow.target, outcome: reply.value.outcome } : { step: 'failed', target: flow.target, error: reply.error };
}

/** Cancel or Close; a revocation already sent to main is seen through to its outcome. */
export function revokeClosed(flow: RevokeFlow | null): RevokeFlow | null {
  return flow?.step === 'revoking' ? flow : null;
}

/** How a revocation ended, as an i18n key (`revoke.outcome.*`) with its values and the marketplace's own steps. */
export interface OutcomeView {
  readonly key: 'revoke.outcome.done' | 'revoke.outcome.unsupported' | 'revoke.outcome.pending' | 'revoke.outcome.shared';
  readonly count: number;
  /** Where the seller removes the app themselves (unsupported remote revocation), in the UI language. */
  readonly steps: string | null;
}

export function outcomeView(outcome: RevocationOutcome, lang: Lang): OutcomeView {
  switch (outcome.remote) {
    case 'done':
      return { key: 'revoke.outcome.done', count: 0, steps: null };
    case 'unsupported':
      return { key: 'revoke.outcome.unsupported', count: 0, steps: outcome.removeApp === null ? null : outcome.removeApp[lang] };
    case 'pending':
      return { key: 'revoke.outcome.pending', count: 0, steps: null };
    case 'shared':
      return { key: 'revoke.outcome.shared', count: outcome.sharedWith, steps: null };
    default:
      return assertNever(outcome);
  }
}
