// Migration 2: the data model of the whole product. Later features fill these tables in; every
// secret column is a BLOB sealed by the vault (AES-256-GCM, bound to table/row/column).
export const migration002 = {
  version: 2,
  name: 'product-model',
  sql: `
    ALTER TABLE tenants ADD COLUMN archived_at TEXT;
    ALTER TABLE tenants ADD COLUMN owner_operator_id TEXT;

    -- Agency staff. A vault with no operators acts as the OS user.
    CREATE TABLE operators (
      id           TEXT PRIMARY KEY,
      name         TEXT NOT NULL UNIQUE,
      role         TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'manager', 'support', 'finance', 'partner')),
      organization TEXT,                     -- partner agencies
      pin_hash     BLOB,                     -- scrypt hash, never the PIN
      pin_kdf      TEXT,
      created_at   TEXT NOT NULL,
      disabled_at  TEXT
    ) STRICT;

    -- Per-tenant grants of access for operators (access boundaries).
    CREATE TABLE tenant_access (
      tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      operator_id TEXT NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
      role        TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'support', 'finance', 'partner')),
      granted_at  TEXT NOT NULL,
      granted_by  TEXT,
      PRIMARY KEY (tenant_id, operator_id)
    ) STRICT;

    -- Custom connectors (generic OAuth 2.0 files); built-in ones live in code.
    CREATE TABLE custom_connectors (
      id          TEXT PRIMARY KEY,
      name        TEXT NOT NULL,
      definition  TEXT NOT NULL,             -- the validated JSON file
      source_file TEXT,
      created_at  TEXT NOT NULL,
      updated_at  TEXT NOT NULL
    ) STRICT;

    -- The agency's own registration of an app with a marketplace.
    CREATE TABLE app_registrations (
      id                 TEXT PRIMARY KEY,
      connector_id       TEXT NOT NULL UNIQUE,
      client_id          TEXT NOT NULL,
      client_secret      BLOB,               -- sealed
      client_secret_set_at TEXT,
      redirect_strategy  TEXT CHECK (redirect_strategy IN ('loopback', 'deeplink', 'relay', 'manual')),
      redirect_uri       TEXT,
      endpoint_overrides TEXT NOT NULL DEFAULT '{}',  -- JSON {name: url}
      params             TEXT NOT NULL DEFAULT '{}',  -- JSON {name: value}
      broken_reason      TEXT,               -- e.g. invalid_client: every connection of it is affected
      broken_at          TEXT,
      created_at         TEXT NOT NULL,
      updated_at         TEXT NOT NULL
    ) STRICT;

    -- One marketplace authorization. Several connections may share it (an SP-API consent covers a
    -- region; one Amazon Ads login reaches many advertisers): one renewal heals them all.
    CREATE TABLE grants (
      id                 TEXT PRIMARY KEY,
      connector_id       TEXT NOT NULL,
      app_registration_id TEXT REFERENCES app_registrations(id),
      external_account   TEXT,               -- e.g. selling_partner_id, shop domain, user id
      region             TEXT,
      environment        TEXT NOT NULL DEFAULT 'production',
      callback_metadata  TEXT NOT NULL DEFAULT '{}', -- JSON: values a connector keeps from the callback
      scopes_requested   TEXT NOT NULL DEFAULT '[]',
      scopes_granted     TEXT,               -- JSON array, null when the marketplace does not say
      consent_granted_at TEXT,
      consent_expires_at TEXT,               -- e.g. SP-API 365 days
      created_at         TEXT NOT NULL,
      updated_at         TEXT NOT NULL
    ) STRICT;

    -- The tokens of a grant. version increases on every refresh so a process that waited on a
    -- lease can tell that someone else refreshed.
    CREATE TABLE credentials (
      grant_id           TEXT PRIMARY KEY REFERENCES grants(id) ON DELETE CASCADE,
      access_token       BLOB,               -- sealed
      access_expires_at  TEXT,
      refresh_token      BLOB,               -- sealed
      refresh_expires_at TEXT,
      token_type         TEXT,
      version            INTEGER NOT NULL DEFAULT 0,
      issued_at          TEXT,
      last_used_at       TEXT,
      shredded_at        TEXT
    ) STRICT;

    -- Cross-process single-flight: a lease per grant, released only by its owner.
    CREATE TABLE refresh_leases (
      grant_id   TEXT PRIMARY KEY,
      owner      TEXT NOT NULL,
      pid        INTEGER,
      expires_at INTEGER NOT NULL            -- epoch ms
    ) STRICT;

    -- tenant x connector x account x region.
    CREATE TABLE connections (
      id               TEXT PRIMARY KEY,
      tenant_id        TEXT NOT NULL REFERENCES tenants(id),
      connector_id     TEXT NOT NULL,
      grant_id         TEXT REFERENCES grants(id),
      account          TEXT NOT NULL,
      region           TEXT,
      state            TEXT NOT NULL CHECK (state IN ('active', 'degraded', 'needs_consent', 'disconnected')),
      reason           TEXT,
      reason_detail    TEXT,
      paused_at        TEXT,
      owner_operator_id TEXT,
      settings         TEXT NOT NULL DEFAULT '{}', -- JSON: per-connection hosts, profile ids, ...
      last_refresh_at  TEXT,
      last_probe_at    TEXT,
      next_refresh_at  TEXT,
      next_probe_at    TEXT,
      failure_count    INTEGER NOT NULL DEFAULT 0,
      retry_after      TEXT,
      revoked_at       TEXT,
      remote_revocation TEXT CHECK (remote_revocation IN ('done', 'unsupported', 'pending')),
      deleted_at       TEXT,
      created_at       TEXT NOT NULL,
      updated_at       TEXT NOT NULL
    ) STRICT;
    CREATE INDEX connections_tenant ON connections(tenant_id);
    CREATE INDEX connections_grant ON connections(grant_id);
    CREATE INDEX connections_due ON connections(next_refresh_at) WHERE deleted_at IS NULL;

    -- One consent attempt. The state itself is never stored: only its SHA-256. The PKCE verifier
    -- stays in the memory of the process that started the consent.
    CREATE TABLE consent_sessions (
      id                TEXT PRIMARY KEY,
      state_hash        TEXT NOT NULL UNIQUE,
      tenant_id         TEXT NOT NULL REFERENCES tenants(id),
      connector_id      TEXT NOT NULL,
      connection_id     TEXT,                -- set for a reconnect
      operator          TEXT NOT NULL,
      redirect_strategy TEXT NOT NULL,
      redirect_uri      TEXT NOT NULL,
      region            TEXT,
      account           TEXT,
      pkce              TEXT NOT NULL CHECK (pkce IN ('S256', 'none')),
      created_at        TEXT NOT NULL,
      expires_at        TEXT NOT NULL,
      consumed_at       TEXT,
      outcome           TEXT                 -- connected, declined, expired, failed
    ) STRICT;

    CREATE TABLE health_events (
      id            INTEGER PRIMARY KEY AUTOINCREMENT,
      connection_id TEXT NOT NULL,
      at            TEXT NOT NULL,
      state         TEXT NOT NULL,
      reason        TEXT,
      detail        TEXT
    ) STRICT;
    CREATE INDEX health_events_connection ON health_events(connection_id, at);

    -- Remote revocations that did not go through yet; the token stays sealed until done.
    CREATE TABLE pending_revocations (
      id              TEXT PRIMARY KEY,
      connection_id   TEXT NOT NULL,
      connector_id    TEXT NOT NULL,
      token           BLOB NOT NULL,         -- sealed
      token_type_hint TEXT NOT NULL,
      attempts        INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT NOT NULL,
      last_error      TEXT,
      created_at      TEXT NOT NULL
    ) STRICT;

    -- Tamper-evident: each event's hash covers the previous hash and the event.
    CREATE TABLE audit_events (
      id            INTEGER PRIMARY KEY AUTOINCREMENT,
      at            TEXT NOT NULL,
      actor         TEXT NOT NULL,
      tenant_id     TEXT,
      connection_id TEXT,
      action        TEXT NOT NULL,
      outcome       TEXT NOT NULL,
      detail        TEXT NOT NULL DEFAULT '{}',
      prev_hash     TEXT NOT NULL,
      hash          TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_events_tenant ON audit_events(tenant_id, at);

    CREATE TABLE settings (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
  `,
} as const;
