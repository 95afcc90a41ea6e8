// Tenants: the agency's client accounts. Owns the tenants table's SQL, each statement prepared
// once per repository, and the per-tenant counts the desktop workspace's sidebar reads.
import { SqliteError, type Database, type Statement } from 'better-sqlite3';
import { DomainError } from '../errors';
import { newId, nowIso } from '../vault/ids';

export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface TenantSummary {
  readonly id: string;
  readonly name: string;
  readonly connections: number;
}

const HINT = 'try again with another name';

function nameError(message: string): DomainError {
  return new DomainError('invalid_name', message, { hint: HINT });
}

interface TenantRow {
  id: string;
  name: string;
  created_at: string;
}

const MAX_NAME = 200;

function validateTenantName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0) throw nameError('a tenant name cannot be empty');
  if (name.length > MAX_NAME) throw nameError(`a tenant name can have at most ${MAX_NAME} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw nameError('a tenant name cannot contain control characters');
  return name;
}

export interface TenantHealthCounts {
  readonly tenantId: string;
  readonly needsConsent: number;
  readonly degraded: number;
  readonly disconnected: number;
  readonly lastActivityAt: string | null;
}

export class TenantsRepo {
  readonly #insert: Statement<[string, string, string]>;
  readonly #find: Statement<[string, string], TenantRow>;
  readonly #list: Statement<[], TenantSummary>;
  readonly #healthCounts: Statement<[], TenantHealthCounts>;
  readonly #lastEngineRun: Statement<[], { at: string | null }>;

  constructor(db: Database) {
    this.#insert = db.prepare<[string, string, string]>('INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)');
    this.#find = db.prepare<[string, string], TenantRow>('SELECT id, name, created_at FROM tenants WHERE (id = ? OR name = ?) AND archived_at IS NULL');
    this.#list = db.prepare<[], TenantSummary>(
      `SELECT t.id, t.name,
              (SELECT COUNT(*) FROM connections c WHERE c.tenant_id = t.id AND c.deleted_at IS NULL) AS connections
         FROM tenants t WHERE t.archived_at IS NULL ORDER BY t.name COLLATE NOCASE`,
    );
    this.#healthCounts = db.prepare<[], TenantHealthCounts>(
      `SELECT tenant_id AS tenantId,
              SUM(state = 'needs_consent') AS needsConsent,
              SUM(state = 'degraded') AS degraded,
              SUM(state = 'disconnected') AS disconnected,
              MAX(updated_at) AS lastActivityAt
         FROM connections WHERE deleted_at IS NULL GROUP BY tenant_id`,
    );
    this.#lastEngineRun = db.prepare<[], { at: string | null }>(
      "SELECT MAX(MAX(COALESCE(last_refresh_at, '')), MAX(COALESCE(last_probe_at, ''))) AS at FROM connections",
    );
  }

  add(rawName: string): Tenant {
    const name = validateTenantName(rawName);
    const tenant: Tenant = { id: newId('ten'), name, createdAt: nowIso() };
    try {
      this.#insert.run(tenant.id, tenant.name, tenant.createdAt);
    } catch (err) {
      // Names are unique (the schema says so); no SQLite code reaches a person.
      if (err instanceof SqliteError && err.code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new DomainError('tenant_exists', `a tenant named "${name}" already exists`, { hint: 'use it, or choose another name' });
      }
      throw err;
    }
    return tenant;
  }

  /** A tenant by id, or by exact name. */
  find(idOrName: string): Tenant | undefined {
    const row = this.#find.get(idOrName, idOrName);
    return row ? { id: row.id, name: row.name, createdAt: row.created_at } : undefined;
  }

  /** Every tenant with its number of connections that are not deleted. */
  list(): TenantSummary[] {
    return this.#list.all();
  }

  /** Per tenant, its connections by trouble state, in one grouped scan (the sidebar's counts). */
  healthCounts(): TenantHealthCounts[] {
    return this.#healthCounts.all();
  }

  /** The latest refresh or probe any connection recorded: the scheduler's last work. */
  lastEngineRunAt(): string | null {
    const row = this.#lastEngineRun.get();
    return row?.at === undefined || row.at === null || row.at === '' ? null : row.at;
  }
}
