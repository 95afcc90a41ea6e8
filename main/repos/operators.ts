// Repository of operators (agency staff with a role and a PIN) and of who owns what (tenants' and
// connections' owner_operator_id). Statements prepared once per instance.
import type { Database, Statement } from 'better-sqlite3';
import type { Role } from '../access/matrix';

export interface OperatorRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly pinHash: Buffer | null;
  readonly pinSalt: Buffer | null;
  readonly pinKdf: string | null;
  readonly failedAttempts: number;
  readonly lastFailedAt: string | null;
  readonly createdAt: string;
}

interface Raw {
  id: string;
  name: string;
  role: Role;
  pin_hash: Buffer | null;
  pin_salt: Buffer | null;
  pin_kdf: string | null;
  failed_attempts: number;
  last_failed_at: string | null;
  created_at: string;
}

export interface NewOperator {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly pinHash: Buffer;
  readonly pinSalt: Buffer;
  readonly pinKdf: string;
  readonly createdAt: string;
}

export interface OwnedConnection {
  readonly id: string;
  readonly tenantId: string;
  readonly connectorId: string;
}

const UNKNOWN_KEY = 'sign_in_unknown_failures';

const COLUMNS = 'id, name, role, pin_hash, pin_salt, pin_kdf, failed_attempts, last_failed_at, created_at';

const toRecord = (r: Raw): OperatorRecord => ({
  id: r.id,
  name: r.name,
  role: r.role,
  pinHash: r.pin_hash,
  pinSalt: r.pin_salt,
  pinKdf: r.pin_kdf,
  failedAttempts: r.failed_attempts,
  lastFailedAt: r.last_failed_at,
  createdAt: r.created_at,
});

export class OperatorsRepo {
  private readonly s: {
    count: Statement<[], { n: number }>;
    byName: Statement<[string], Raw>;
    byId: Statement<[string], Raw>;
    list: Statement<[], Raw>;
    insert: Statement<NewOperator>;
    remove: Statement<[string]>;
    setRole: Statement<{ id: string; role: Role }>;
    failed: Statement<{ id: string; at: string }>;
    reset: Statement<[string]>;
    ownedConnections: Statement<[string], OwnedConnection>;
    ownedTenants: Statement<[string], { id: string }>;
    setConnectionOwner: Statement<{ id: string; owner: string; at: string }>;
    setTenantOwner: Statement<{ id: string; owner: string }>;
    unknownFailures: Statement<[], { value: string }>;
    unknownFailed: Statement;
    unknownReset: Statement;
  };

  constructor(db: Database) {
    this.s = {
      count: db.prepare('SELECT COUNT(*) AS n FROM operators WHERE disabled_at IS NULL'),
      byName: db.prepare(`SELECT ${COLUMNS} FROM operators WHERE name = ? AND disabled_at IS NULL`),
      byId: db.prepare(`SELECT ${COLUMNS} FROM operators WHERE id = ? AND disabled_at IS NULL`),
      list: db.prepare(`SELECT ${COLUMNS} FROM operators WHERE disabled_at IS NULL ORDER BY name COLLATE NOCASE`),
      insert: db.prepare(`INSERT INTO operators (id, name, role, pin_hash, pin_salt, pin_kdf, created_at)
        VALUES (@id, @name, @role, @pinHash, @pinSalt, @pinKdf, @createdAt)`),
      remove: db.prepare('DELETE FROM operators WHERE id = ?'),
      setRole: db.prepare('UPDATE operators SET role = @role WHERE id = @id'),
      failed: db.prepare('UPDATE operators SET failed_attempts = failed_attempts + 1, last_failed_at = @at WHERE id = @id'),
      reset: db.prepare('UPDATE operators SET failed_attempts = 0, last_failed_at = NULL WHERE id = ?'),
      ownedConnections: db.prepare(`SELECT id, tenant_id AS tenantId, connector_id AS connectorId FROM connections
        WHERE owner_operator_id = ? AND deleted_at IS NULL ORDER BY id`),
      ownedTenants: db.prepare('SELECT id FROM tenants WHERE owner_operator_id = ? AND archived_at IS NULL ORDER BY id'),
      setConnectionOwner: db.prepare('UPDATE connections SET owner_operator_id = @owner, updated_at = @at WHERE id = @id'),
      setTenantOwner: db.prepare('UPDATE tenants SET owner_operator_id = @owner WHERE id = @id'),
      // Names that are no operator share one counter, so guessing names is slowed down too.
      unknownFailures: db.prepare(`SELECT value FROM settings WHERE key = '${UNKNOWN_KEY}'`),
      unknownFailed: db.prepare(`INSERT INTO settings (key, value) VALUES ('${UNKNOWN_KEY}', '1')
        ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`),
      unknownReset: db.prepare(`DELETE FROM settings WHERE key = '${UNKNOWN_KEY}'`),
    };
  }

  count(): number {
    return this.s.count.get()?.n ?? 0;
  }

  byName(name: string): OperatorRecord | undefined {
    const r = this.s.byName.get(name);
    return r ? toRecord(r) : undefined;
  }

  byId(id: string): OperatorRecord | undefined {
    const r = this.s.byId.get(id);
    return r ? toRecord(r) : undefined;
  }

  list(): OperatorRecord[] {
    return this.s.list.all().map(toRecord);
  }

  insert(op: NewOperator): void {
    this.s.insert.run(op);
  }

  setRole(id: string, role: Role): void {
    this.s.setRole.run({ id, role });
  }

  /** Deletes the operator; its access grants go with it (ON DELETE CASCADE). */
  remove(id: string): void {
    this.s.remove.run(id);
  }

  recordFailure(id: string, at: string): void {
    this.s.failed.run({ id, at });
  }

  resetFailures(id: string): void {
    this.s.reset.run(id);
  }

  /** Failed sign-ins in a row under names that are no operator. */
  unknownNameFailures(): number {
    const n = Number(this.s.unknownFailures.get()?.value ?? 0);
    return Number.isFinite(n) ? n : 0;
  }

  recordUnknownNameFailure(): void {
    this.s.unknownFailed.run();
  }

  resetUnknownNameFailures(): void {
    this.s.unknownReset.run();
  }

  ownedConnections(id: string): OwnedConnection[] {
    return this.s.ownedConnections.all(id);
  }

  ownedTenants(id: string): string[] {
    return this.s.ownedTenants.all(id).map((r) => r.id);
  }

  setConnectionOwner(connectionId: string, ownerId: string, at: string): void {
    this.s.setConnectionOwner.run({ id: connectionId, owner: ownerId, at });
  }

  setTenantOwner(tenantId: string, ownerId: string): void {
    this.s.setTenantOwner.run({ id: tenantId, owner: ownerId });
  }
}
