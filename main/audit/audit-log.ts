// The tamper-evident access audit log: every event's HMAC covers the previous event's hash, its
// own id and its content; the head (count + last hash) is anchored under the same key, so an edit,
// deletion, insertion or cut-off end is found by verify(). The HMAC key is random and sealed by
// the vault, so whoever copies the .db without the vault key cannot recompute the chain.
import { createHmac, randomBytes } from 'node:crypto';
import type { Vault } from '../vault/types';

export interface AuditInput {
  readonly actor: string;
  readonly tenantId?: string | null;
  readonly connectionId?: string | null;
  readonly action: string;
  readonly outcome: string;
  /** Never a secret: codes, states and tokens do not belong here. */
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

export type AuditVerification =
  | { readonly ok: true; readonly events: number; readonly head: string }
  | { readonly ok: false; readonly firstBadEvent: number | null; readonly events: number };

interface EventRow {
  id: number;
  at: string;
  actor: string;
  tenant_id: string | null;
  connection_id: string | null;
  action: string;
  outcome: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);
const KEY_SETTING = 'audit_hmac_key';
const HEAD_SETTING = 'audit_head';

export class AuditLog {
  private key: Buffer | null = null;

  constructor(
    private readonly vault: Vault,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  append(input: AuditInput): AuditEvent {
    return this.vault.transaction(() => {
      const db = this.vault.db;
      const last = db.prepare<[], { id: number; hash: string }>('SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1').get();
      const prev = last?.hash ?? GENESIS;
      const at = this.clock().toISOString();
      const detail = JSON.stringify(input.detail ?? {});
      const inserted = db
        .prepare(
          `INSERT INTO audit_events (at, actor, tenant_id, connection_id, action, outcome, detail, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, '')`,
        )
        .run(at, input.actor, input.tenantId ?? null, input.connectionId ?? null, input.action, input.outcome, detail, prev);
      const id = Number(inserted.lastInsertRowid);
      const row: EventRow = {
        id, at, actor: input.actor, tenant_id: input.tenantId ?? null, connection_id: input.connectionId ?? null,
        action: input.action, outcome: input.outcome, detail, prev_hash: prev, hash: '',
      };
      const hash = this.hashOf(row);
      db.prepare('UPDATE audit_events SET hash = ? WHERE id = ?').run(hash, id);
      // Ids run 1..n without gaps in an intact log, so the new id is the event count: no scan.
      this.writeHead(id, hash);
      return toEvent({ ...row, hash });
    });
  }

  list(filter: { tenantId?: string; since?: string; action?: string } = {}): AuditEvent[] {
    const rows = this.vault.db
      .prepare<{ tenant: string | null; since: string | null; action: string | null }, EventRow>(
        `SELECT * FROM audit_events
          WHERE (@tenant IS NULL OR tenant_id = @tenant) AND (@since IS NULL OR at >= @since) AND (@action IS NULL OR action = @action)
          ORDER BY id`,
      )
      .all({ tenant: filter.tenantId ?? null, since: filter.since ?? null, action: filter.action ?? null });
    return rows.map(toEvent);
  }

  verify(): AuditVerification {
    const rows = this.vault.db.prepare<[], EventRow>('SELECT * FROM audit_events ORDER BY id').all();
    let prev = GENESIS;
    let expectedId: number | null = null;
    for (const row of rows) {
      const gap = expectedId !== null && row.id !== expectedId;
      if (gap || row.prev_hash !== prev || row.hash !== this.hashOf(row)) {
        return { ok: false, firstBadEvent: row.id, events: rows.length };
      }
      prev = row.hash;
      expectedId = row.id + 1;
    }
    const head = this.vault.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(HEAD_SETTING);
    const expectedHead = rows.length === 0 ? null : this.headValue(rows.length, prev);
    if ((head?.value ?? null) !== expectedHead) {
      // The chain is intact but does not end where the anchor says: the end was cut off.
      return { ok: false, firstBadEvent: null, events: rows.length };
    }
    return { ok: true, events: rows.length, head: prev };
  }

  private hashOf(row: EventRow): string {
    const canonical = JSON.stringify([row.id, row.at, row.actor, row.tenant_id, row.connection_id, row.action, row.outcome, row.detail]);
    return createHmac('sha256', this.hmacKey()).update(row.prev_hash).update('\n').update(canonical).digest('hex');
  }

  private headValue(count: number, hash: string): string {
    return `${count}:${hash}:${createHmac('sha256', this.hmacKey()).update(`head|${count}|${hash}`).digest('hex')}`;
  }

  private writeHead(count: number, hash: string): void {
    this.vault.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(HEAD_SETTING, this.headValue(count, hash));
  }

  private hmacKey(): Buffer {
    if (this.key) return this.key;
    const ref = { table: 'settings', rowId: KEY_SETTING, column: 'value' };
    const db = this.vault.db;
    const stored = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(KEY_SETTING);
    if (stored) {
      this.key = this.vault.open(Buffer.from(stored.value, 'base64'), ref);
    } else {
      const key = randomBytes(32);
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(KEY_SETTING, this.vault.seal(key, ref).toString('base64'));
      this.key = key;
    }
    return this.key;
  }
}

function toEvent(row: EventRow): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    tenant: row.tenant_id,
    connection: row.connection_id,
    action: row.action,
    outcome: row.outcome,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

