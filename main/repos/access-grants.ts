// Repository of access grants (access_grants): which operator may act within which tenant,
// optionally for one connector only, optionally until a time. Not marketplace grants (that is
// repos/grants.ts). Statements prepared once per instance.
import type { Database, Statement } from 'better-sqlite3';

export interface AccessGrant {
  readonly operatorId: string;
  readonly operator: string;
  readonly tenantId: string;
  readonly tenant: string;
  readonly connector: string | null;
  readonly until: string | null;
  readonly grantedBy: string;
  readonly grantedAt: string;
}

export interface NewAccessGrant {
  readonly operatorId: string;
  readonly tenantId: string;
  readonly connector: string | null;
  readonly until: string | null;
  readonly grantedBy: string;
  readonly grantedAt: string;
}

const SELECT = `SELECT g.operator_id AS operatorId, o.name AS operator, g.tenant_id AS tenantId, t.name AS tenant,
    g.connector_id AS connector, g.until, g.granted_by AS grantedBy, g.granted_at AS grantedAt
  FROM access_grants g JOIN operators o ON o.id = g.operator_id JOIN tenants t ON t.id = g.tenant_id`;

export class AccessGrantsRepo {
  private readonly s: {
    upsert: Statement<NewAccessGrant>;
    remove: Statement<{ operatorId: string; tenantId: string; connector: string }>;
    all: Statement<[], AccessGrant>;
    live: Statement<{ operatorId: string; now: string }, AccessGrant>;
    operatorCount: Statement<[], { n: number }>;
    reconnectors: Statement<{ tenant: string; connector: string; now: string }, { name: string; role: string }>;
  };

  constructor(db: Database) {
    this.s = {
      upsert: db.prepare(`INSERT INTO access_grants (operator_id, tenant_id, connector_id, until, granted_by, granted_at)
        VALUES (@operatorId, @tenantId, @connector, @until, @grantedBy, @grantedAt)
        ON CONFLICT (operator_id, tenant_id, COALESCE(connector_id, '')) DO UPDATE SET
          until = excluded.until, granted_by = excluded.granted_by, granted_at = excluded.granted_at`),
      remove: db.prepare(`DELETE FROM access_grants WHERE operator_id = @operatorId AND tenant_id = @tenantId
        AND COALESCE(connector_id, '') = @connector`),
      all: db.prepare(`${SELECT} ORDER BY o.name COLLATE NOCASE, t.name COLLATE NOCASE, g.connector_id`),
      live: db.prepare(`${SELECT} WHERE g.operator_id = @operatorId AND (g.until IS NULL OR g.until > @now)`),
      operatorCount: db.prepare('SELECT COUNT(*) AS n FROM operators WHERE disabled_at IS NULL'),
      // Who may run a consent for a connection (docs/cli-contract.md's matrix: connect and
      // reconnect are admin, account_manager and partner): admins need no grant, the others an
      // unexpired grant on the tenant, for every connector or for this one.
      reconnectors: db.prepare(`
        SELECT name, role FROM operators WHERE disabled_at IS NULL AND role = 'admin'
        UNION
        SELECT o.name, o.role FROM access_grants g JOIN operators o ON o.id = g.operator_id
        WHERE g.tenant_id = @tenant AND (g.connector_id IS NULL OR g.connector_id = @connector)
          AND (g.until IS NULL OR g.until > @now) AND o.disabled_at IS NULL AND o.role IN ('account_manager', 'partner')
        ORDER BY name`),
    };
  }

  /** Adds the grant, or renews its end when the operator already holds it. */
  put(grant: NewAccessGrant): void {
    this.s.upsert.run(grant);
  }

  /** True when there was such a grant. */
  remove(operatorId: string, tenantId: string, connector: string | null): boolean {
    return this.s.remove.run({ operatorId, tenantId, connector: connector ?? '' }).changes > 0;
  }

  list(): AccessGrant[] {
    return this.s.all.all();
  }

  /** The operator's grants that have not ended at `now` (ISO-8601). */
  liveFor(operatorId: string, now: string): AccessGrant[] {
    return this.s.live.all({ operatorId, now });
  }

  /** Operators (name, role) who may reconnect a connection; empty when the vault has no operators. */
  reconnectCandidates(
    tenantId: string,
    connectorId: string,
    now: string,
  ): { readonly operators: ReadonlyArray<{ readonly name: string; readonly role: string }>; readonly vaultHasOperators: boolean } {
    const vaultHasOperators = (this.s.operatorCount.get()?.n ?? 0) > 0;
    return { operators: vaultHasOperators ? this.s.reconnectors.all({ tenant: tenantId, connector: connectorId, now }) : [], vaultHasOperators };
  }
}
