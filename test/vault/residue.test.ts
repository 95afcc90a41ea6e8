// Residue (T28, T34): after writing, rotating and deleting sealed tokens, no plaintext — nor its
// base64, hex or UTF-16 — is anywhere in the database, its WAL or its shared-memory file.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createVault, createVaultAsync, newId, nowIso } from '../../main/vault';
import type { Vault } from '../../main/vault';
import { FakeKeychain } from './fake-keychain';
import { PASSPHRASE, TEST_SCRYPT, canary, dbFile, tempVaultDir } from './helpers';

/** Every way a token could sit in a file: raw, UTF-16, hex, and base64/base64url at each of the three alignments. */
function encodings(secret: string): Buffer[] {
  const raw = Buffer.from(secret, 'utf8');
  const forms = [raw, Buffer.from(secret, 'utf16le'), Buffer.from(raw.toString('hex')), Buffer.from(raw.toString('hex').toUpperCase())];
  for (let shift = 0; shift < 3; shift += 1) {
    const encoded = Buffer.concat([Buffer.alloc(shift), raw]).toString('base64');
    // Skip the first quantum when it mixes in the padding bytes, and the last partial one.
    const core = encoded.slice(shift === 0 ? 0 : 4, Math.floor((shift + raw.length) / 3) * 4);
    forms.push(Buffer.from(core), Buffer.from(core.replace(/\+/g, '-').replace(/\//g, '_')));
  }
  return forms;
}

function filesOf(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const path = dbFile(dir) + suffix;
    if (existsSync(path)) files.set(suffix || 'db', readFileSync(path));
  }
  return files;
}

/** Where each secret was found, as "secret-index@file"; empty when nothing leaked. */
function findLeaks(dir: string, secrets: ReadonlyArray<string>): string[] {
  const found: string[] = [];
  for (const [name, bytes] of filesOf(dir)) {
    secrets.forEach((secret, index) => {
      if (encodings(secret).some((needle) => bytes.includes(needle))) found.push(`${index}@${name}`);
    });
  }
  return found;
}

/** Writes the product's sealed columns the way the repos will: each bound to its own row. */
function writeSecrets(vault: Vault, connectorId: string, tokens: { access: string; refresh: string; clientSecret: string; revocation: string }): string {
  const grantId = newId('grt');
  const appId = newId('app');
  const revocationId = newId('rev');
  const now = nowIso();
  vault.transaction(() => {
    vault.db
      .prepare("INSERT INTO app_registrations (id, connector_id, client_id, client_secret, created_at, updated_at) VALUES (?, ?, 'amzn1.app', ?, ?, ?)")
      .run(appId, connectorId, vault.seal(tokens.clientSecret, { table: 'app_registrations', rowId: appId, column: 'client_secret' }), now, now);
    vault.db.prepare("INSERT INTO grants (id, connector_id, app_registration_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)").run(grantId, connectorId, appId, now, now);
    vault.db
      .prepare('INSERT INTO credentials (grant_id, access_token, refresh_token) VALUES (?, ?, ?)')
      .run(
        grantId,
        vault.seal(tokens.access, { table: 'credentials', rowId: grantId, column: 'access_token' }),
        vault.seal(tokens.refresh, { table: 'credentials', rowId: grantId, column: 'refresh_token' }),
      );
    vault.db
      .prepare("INSERT INTO pending_revocations (id, connection_id, connector_id, token, token_type_hint, next_attempt_at, created_at) VALUES (?, 'con_x', ?, ?, 'refresh_token', ?, ?)")
      .run(revocationId, connectorId, vault.seal(tokens.revocation, { table: 'pending_revocations', rowId: revocationId, column: 'token' }), now, now);
  });
  return grantId;
}

describe('no plaintext residue on disk', () => {
  it('the scanner finds a canary that is stored in plain text (control), in each encoding it checks', () => {
    const dir = tempVaultDir();
    const vault = createVault(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT });
    try {
      const plain = canary();
      const asBase64 = canary();
      const asHex = canary();
      const insert = vault.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
      insert.run('plain', `prefix:${plain}`);
      insert.run('b64', Buffer.from(`xy${asBase64}`).toString('base64'));
      insert.run('hex', Buffer.from(asHex).toString('hex'));
      expect(findLeaks(dir, [plain, asBase64, asHex, canary()]).map((hit) => hit.split('@')[0])).toEqual(['0', '1', '2']);
    } finally {
      vault.close();
    }
  });

  it('after writing, rotating and deleting tokens: not in the db, -wal or -shm, open or closed', async () => {
    const dir = tempVaultDir();
    const keychain = new FakeKeychain();
    const vault = await createVaultAsync(dir, { passphrase: PASSPHRASE, scrypt: TEST_SCRYPT, keychain });
    const first = { access: canary(), refresh: canary(), clientSecret: canary(), revocation: canary() };
    const grantId = writeSecrets(vault, 'amazon_sp', first);

    // A refresh rotates both tokens; then the connection is disconnected and its tokens shredded.
    const rotated = { access: canary(), refresh: canary() };
    vault.db
      .prepare('UPDATE credentials SET access_token = ?, refresh_token = ?, version = version + 1 WHERE grant_id = ?')
      .run(
        vault.seal(rotated.access, { table: 'credentials', rowId: grantId, column: 'access_token' }),
        vault.seal(rotated.refresh, { table: 'credentials', rowId: grantId, column: 'refresh_token' }),
        grantId,
      );
    const second = { access: canary(), refresh: canary(), clientSecret: canary(), revocation: canary() };
    const secondGrant = writeSecrets(vault, 'shopify', second);
    vault.db.prepare('DELETE FROM credentials WHERE grant_id = ?').run(secondGrant);

    const all = [...Object.values(first), ...Object.values(rotated), ...Object.values(second)];
    // The WAL holds the recent pages right now: this is the scan that matters.
    expect(statSync(`${dbFile(dir)}-wal`).size).toBeGreaterThan(0);
    expect(findLeaks(dir, all)).toEqual([]);

    // The vault still reads what it wrote, so the scan looked at real ciphertext.
    const row = vault.db.prepare('SELECT refresh_token FROM credentials WHERE grant_id = ?').get(grantId) as { refresh_token: Buffer };
    expect(vault.openString(row.refresh_token, { table: 'credentials', rowId: grantId, column: 'refresh_token' })).toBe(rotated.refresh);

    vault.scrub();
    expect(statSync(`${dbFile(dir)}-wal`).size).toBe(0);
    expect(findLeaks(dir, all)).toEqual([]);
    vault.close();
    expect(findLeaks(dir, all)).toEqual([]);
  });

  it('the passphrase and the vault key never reach the file', () => {
    const dir = tempVaultDir();
    const passphrase = `${canary()}-passphrase`;
    const vault = createVault(dir, { passphrase, scrypt: TEST_SCRYPT });
    vault.close();
    expect(findLeaks(dir, [passphrase])).toEqual([]);
  });
});
