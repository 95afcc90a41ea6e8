// The audit log's public shapes: what is appended, what is read back, what verify answers.
export interface AuditInput {
  readonly actor: string;
  readonly tenantId?: string | null;
  readonly connectionId?: string | null;
  readonly action: string;
  readonly outcome: string;
  /** Never a secret: codes, states and tokens do not belong here (token fingerprints do). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

export interface AuditEvent {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly tenant: string | null;
  readonly connection: string | null;
  readonly action: string;
  readonly outcome: string;
  readonly detail: Record<string, unknown>;
}

/** Every field optional and additive: an event matches when it matches all that are given. */
export interface AuditFilter {
  readonly tenantId?: string;
  readonly connectionId?: string;
  readonly actor?: string;
  readonly action?: string;
  readonly outcome?: string;
  /** ISO-8601, inclusive. */
  readonly since?: string;
  /** ISO-8601, exclusive. */
  readonly until?: string;
}

/** A page for screens: newest first, `beforeId` continues where the last page ended. */
export interface AuditPage {
  readonly limit: number;
  readonly beforeId?: number;
}

/**
 * Why a log fails verification. `chain_broken` comes with the first bad event (an edit, deletion,
 * insertion or reordering); the others are about the log as a whole.
 */
export type AuditFailureReason =
  | 'chain_broken' // an event was edited, deleted, inserted or moved: see firstBadEvent
  | 'truncated' // the end of the log was cut off (the database's own head names more events)
  | 'rolled_back' // the database is an older copy of itself (an anchor outside it is ahead or elsewhere)
  | 'wiped' // no events left, though a vault's first event is written when it is created
  | 'head_missing' // the head kept in the database was deleted while events remain
  | 'head_invalid' // the head kept in the database fails its MAC or disagrees with the chain
  | 'key_missing' // the chain's key was deleted from the database
  | 'anchor_missing' // an anchor this log was already anchored in is gone
  | 'anchor_invalid' // an anchor fails its MAC, or belongs to another vault
  | 'checkpoint_invalid'; // the retention checkpoint fails its MAC

export interface AuditAnchorCheck {
  readonly store: string;
  /**
   * current: vouches for the last event; lagging: for an earlier one (the anchor is written just
   * after each commit, so a crash in between leaves it behind by that transaction's events);
   * absent: not written there yet (or a machine-bound store on another machine); unavailable: the
   * store could not be read now (e.g. a locked keychain).
   */
  readonly status: 'current' | 'lagging' | 'absent' | 'unavailable';
  /** The last event id the anchor vouches for, when it was read. */
  readonly counter: number | null;
}

export type AuditVerification =
  | {
      readonly ok: true;
      readonly events: number;
      readonly head: string;
      /** The first event id the chain was verified from: 1, or the one after a retention checkpoint. */
      readonly from: number;
      readonly anchors: ReadonlyArray<AuditAnchorCheck>;
    }
  | {
      readonly ok: false;
      readonly reason: AuditFailureReason;
      readonly firstBadEvent: number | null;
      readonly events: number;
    };

/** What an export carries so a reader can tell later that the log went on, or was rewound. */
export interface AuditExportHead {
  readonly vault: string;
  readonly exportedAt: string;
  readonly events: number;
  /** Id and hash of the last event at export time (null hash for an empty export). */
  readonly lastId: number;
  readonly head: string | null;
  readonly from: number;
  readonly verified: boolean;
  readonly reason?: AuditFailureReason;
}

export interface AuditCheckpoint {
  /** Events up to and including this id were pruned; the chain continues from its hash. */
  readonly throughId: number;
  readonly hash: string;
  /** The `--before` time the prune was asked for. */
  readonly before: string;
  readonly at: string;
  /** How many events were pruned in all, over every prune. */
  readonly pruned: number;
}
