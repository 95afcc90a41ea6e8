// Migration 1: what makes a file a vault — its identity and its key slots.
export const migration001 = {
  version: 1,
  name: 'vault-core',
  sql: `
    CREATE TABLE vault_meta (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    -- LUKS-style key slots: each wraps the same 256-bit vault key independently.
    CREATE TABLE key_slots (
      id          TEXT PRIMARY KEY,
      kind        TEXT NOT NULL CHECK (kind IN ('keychain', 'passphrase')),
      label       TEXT NOT NULL,
      wrapped_key BLOB NOT NULL,
      kdf         TEXT,            -- JSON scrypt parameters and salt (passphrase slots)
      backend     TEXT,            -- keychain backend at write time (keychain slots)
      created_at  TEXT NOT NULL
    ) STRICT;

    CREATE TABLE tenants (
      id         TEXT PRIMARY KEY,
      name       TEXT NOT NULL UNIQUE,
      created_at TEXT NOT NULL
    ) STRICT;
  `,
} as const;
