// Migration 6: operators and their access grants (docs/cli-contract.md, "Operators, roles and
// grants"). The operators table is rebuilt with the contract's roles, keeping every id: owner →
// admin, manager → account_manager (the old schema had no auditor). The PIN is a scrypt hash with
// its own salt and cost parameters (so a later cost change still verifies old PINs); the failure
// counter and the time of the last failure slow down guessing across processes.
// tenant_access is dropped: nothing ever wrote it, its roles were per tenant (the contract's role
// is per operator), and it could not say "one connector" or "until". access_grants replaces it;
// any rows it held become unnarrowed grants, so nothing a vault recorded is lost.
export const migration006 = {
  version: 6,
  name: 'operators-and-access-grants',
  sql: `
    CREATE TABLE operators_v6 (
      id             TEXT PRIMARY KEY,
      name           TEXT NOT NULL UNIQUE,
      role           TEXT NOT NULL CHECK (role IN ('admin', 'account_manager', 'support', 'finance', 'partner', 'auditor')),
      organization   TEXT,
      pin_hash       BLOB,                    -- scrypt(PIN, salt), never the PIN
      pin_salt       BLOB,
      pin_kdf        TEXT,                    -- JSON {"N","r","p","keylen"}
      failed_attempts INTEGER NOT NULL DEFAULT 0,
      last_failed_at TEXT,
      created_at     TEXT NOT NULL,
      disabled_at    TEXT
    ) STRICT;
    INSERT INTO operators_v6 (id, name, role, organization, pin_hash, pin_kdf, created_at, disabled_at)
      SELECT id, name,
             CASE role WHEN 'owner' THEN 'admin' WHEN 'manager' THEN 'account_manager' ELSE role END,
             organization, NULL, NULL, created_at, disabled_at
        FROM operators;

    CREATE TABLE access_grants (
      id          INTEGER PRIMARY KEY,
      operator_id TEXT NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
      tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      connector_id TEXT,                      -- NULL: every connector of the tenant
      until       TEXT,                       -- ISO-8601; NULL: no end
      granted_by  TEXT NOT NULL,              -- the actor, as in the audit log
      granted_at  TEXT NOT NULL
    ) STRICT;
    -- One grant per operator, tenant and connector (NULL counts as "every connector").
    CREATE UNIQUE INDEX access_grants_unique ON access_grants(operator_id, tenant_id, COALESCE(connector_id, ''));
    CREATE INDEX access_grants_tenant ON access_grants(tenant_id);
    INSERT INTO access_grants (operator_id, tenant_id, connector_id, until, granted_by, granted_at)
      SELECT operator_id, tenant_id, NULL, NULL, COALESCE(granted_by, 'migration'), granted_at FROM tenant_access;

    DROP TABLE tenant_access;
    DROP TABLE operators;
    ALTER TABLE operators_v6 RENAME TO operators;
  `,
} as const;
