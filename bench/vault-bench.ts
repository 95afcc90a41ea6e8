// Vault benchmarks, each a ratio against a floor measured in the same run (target ≤ 1.5×):
//  (a) decrypting 10,000 stored secrets through vault.open() vs bare AES-256-GCM over the same bytes;
//  (b) opening a vault of 10,000 connections and listing them vs a bare SQLite open + select.
// Standalone: `npx tsx bench/vault-bench.ts`; bench/run.ts calls runVaultBench().
import { createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { createVaultAsync, newId, nowIso, openVaultWithKeychain } from '../main/vault';
import type { SecretRef, Vault } from '../main/vault';
import { SecretAad } from '../main/vault/envelope';
import { FakeKeychain } from '../test/vault/fake-keychain';
import { formatResults, measureChunked, measurePairedAsync, overTarget, type BenchResult } from './lib/measure';

const SECRETS = 10_000;
const CONNECTIONS = 10_000;
const TENANTS = 100;
const TARGET = 1.5;
const REPETITIONS = 9;
const WARMUP = 2;
// (a) alternates the two sides every this many secrets within each repetition.
const DECRYPT_CHUNK = 500;
// (b) unlocks through the fake keychain slot (one AES-GCM decrypt), as the app does at start:
// scrypt (≈0.3 s at the default N=2^17) would swamp the listing. The passphrase slot every vault
// has is written with a low N only so that set-up is quick; the bench never unlocks with it.
const BENCH_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };
// Marketplace access/refresh tokens run to a few hundred characters (Amazon's are ~400).
const TOKEN_CHARS = 400;

interface StoredSecret {
  readonly sealed: Buffer;
  readonly ref: SecretRef;
}

function seedSecrets(vault: Vault): void {
  const now = nowIso();
  const grant = vault.db.prepare("INSERT INTO grants (id, connector_id, created_at, updated_at) VALUES (?, 'amazon_sp', ?, ?)");
  const credential = vault.db.prepare('INSERT INTO credentials (grant_id, access_token) VALUES (?, ?)');
  vault.transaction(() => {
    for (let i = 0; i < SECRETS; i += 1) {
      const id = newId('grt');
      grant.run(id, now, now);
      const token = randomBytes(TOKEN_CHARS).toString('base64url').slice(0, TOKEN_CHARS);
      credential.run(id, vault.seal(token, { table: 'credentials', rowId: id, column: 'access_token' }));
    }
  });
}

function seedConnections(vault: Vault): void {
  const now = nowIso();
  const tenant = vault.db.prepare('INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)');
  const connection = vault.db.prepare(
    `INSERT INTO connections (id, tenant_id, connector_id, account, region, state, settings, last_refresh_at, next_refresh_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'eu-west-1', 'active', '{"marketplaceIds":["A1PA6795UKMFR9"]}', ?, ?, ?, ?)`,
  );
  vault.transaction(() => {
    const tenants = Array.from({ length: TENANTS }, (_, i) => {
      const id = newId('ten');
      tenant.run(id, `Client ${i}`, now);
      return id;
    });
    for (let i = 0; i < CONNECTIONS; i += 1) {
      connection.run(newId('con'), tenants[i % TENANTS], i % 2 === 0 ? 'amazon_sp' : 'shopify', `account-${i}`, now, now, now, now);
    }
  });
}

/** The floor's key: unwrapped from the keychain slot the way the vault does, outside any timing. */
async function vaultKeyOf(vault: Vault, keychain: FakeKeychain): Promise<KeyObject> {
  const row = vault.db.prepare("SELECT wrapped_key FROM key_slots WHERE kind = 'keychain'").get() as { wrapped_key: Buffer };
  return createSecretKey((await keychain.decrypt(row.wrapped_key)).plain);
}

/**
 * (a) Both sides start from the same 10,000 blobs already read from SQLite, so the ratio is the
 * vault's own overhead: building the associated data from the SecretRef, checking the blob
 * format, and mapping failures to VaultError. The floor is what any AES-GCM decrypt of these
 * bytes must do: take nonce, ciphertext and tag out of the blob, then createDecipheriv +
 * setAuthTag + setAAD + update + final, with the associated data built beforehand, untimed.
 */
function benchDecrypt(vault: Vault, key: KeyObject): BenchResult {
  const secrets: StoredSecret[] = (vault.db.prepare('SELECT grant_id, access_token FROM credentials').all() as { grant_id: string; access_token: Buffer }[]).map(
    (row) => ({ sealed: row.access_token, ref: { table: 'credentials', rowId: row.grant_id, column: 'access_token' } }),
  );
  const aadOf = new SecretAad(vault.id);
  const aads = secrets.map(({ ref }) => aadOf.for(ref.table, ref.rowId, ref.column));
  let sink = 0;
  const measured = measureChunked(
    (from, to) => {
      for (let i = from; i < to; i += 1) {
        const { sealed, ref } = secrets[i]!;
        sink += vault.open(sealed, ref).length;
      }
    },
    (from, to) => {
      for (let i = from; i < to; i += 1) {
        const { sealed } = secrets[i]!;
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13), { authTagLength: 16 });
        decipher.setAuthTag(sealed.subarray(sealed.length - 16));
        decipher.setAAD(aads[i]!);
        const plain = decipher.update(sealed.subarray(13, sealed.length - 16));
        decipher.final(); // GCM yields no bytes here; it verifies the tag
        sink += plain.length;
      }
    },
    { items: secrets.length, chunk: DECRYPT_CHUNK, repetitions: REPETITIONS, warmup: WARMUP },
  );
  if (sink !== secrets.length * TOKEN_CHARS * (REPETITIONS + WARMUP) * 2) throw new Error('decrypt bench: a side skipped work');
  return result(`decrypt ${SECRETS} secrets (vault.open vs bare AES-GCM)`, measured.value, measured.floor);
}

const LIST_SQL = 'SELECT * FROM connections WHERE deleted_at IS NULL';

/**
 * (b) The vault side is what the app does at start: openVault through the (fake) keychain slot —
 * header and identity checks, pragmas, key unwrap and key-check, WAL, migration check — then the
 * listing, then close. The floor opens the same file with bare better-sqlite3, runs the same
 * select, and closes.
 */
async function benchOpenAndList(dir: string, file: string, keychain: FakeKeychain): Promise<BenchResult> {
  let rows = 0;
  const measured = await measurePairedAsync(
    async () => {
      const vault = await openVaultWithKeychain(dir, keychain);
      rows += vault.db.prepare(LIST_SQL).all().length;
      vault.close();
    },
    () => {
      const db = new Database(file, { fileMustExist: true });
      rows += db.prepare(LIST_SQL).all().length;
      db.close();
    },
    { repetitions: REPETITIONS, warmup: WARMUP },
  );
  if (rows !== CONNECTIONS * (REPETITIONS + WARMUP) * 2) throw new Error('open bench: a side listed the wrong number of rows');
  return result(`open vault + list ${CONNECTIONS} connections vs bare SQLite select`, measured.value, measured.floor);
}

function result(name: string, value: number, floor: number): BenchResult {
  return { name, value, floor, ratio: value / floor, target: TARGET, unit: 'ms' };
}

export async function runVaultBench(): Promise<BenchResult[]> {
  const root = mkdtempSync(join(tmpdir(), 'fivex-vault-bench-'));
  try {
    const keychain = new FakeKeychain('gnome_libsecret');
    const secretsDir = join(root, 'secrets');
    const vault = await createVaultAsync(secretsDir, { passphrase: 'bench passphrase', scrypt: BENCH_SCRYPT, keychain });
    let decrypt: BenchResult;
    try {
      seedSecrets(vault);
      decrypt = benchDecrypt(vault, await vaultKeyOf(vault, keychain));
    } finally {
      vault.close();
    }

    const listDir = join(root, 'connections');
    const listed = await createVaultAsync(listDir, { passphrase: 'bench passphrase', scrypt: BENCH_SCRYPT, keychain });
    const file = listed.file;
    seedConnections(listed);
    listed.close();
    return [decrypt, await benchOpenAndList(listDir, file, keychain)];
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await runVaultBench();
  console.log(`median of ${REPETITIONS} runs after ${WARMUP} warm-up, node ${process.version}`);
  console.log(formatResults(results));
  if (overTarget(results)) process.exitCode = 1;
}
