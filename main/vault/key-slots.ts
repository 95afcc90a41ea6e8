// LUKS-style key slots: each wraps the same 256-bit vault key on its own, under a passphrase
// (scrypt KEK + AES-256-GCM, here) or the OS keychain (keychain-slots.ts). Slots never touch
// secrets, so adding, removing or changing one re-encrypts nothing.
import { randomBytes, scrypt, scryptSync } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { KEY_BYTES, gcmOpen, gcmSeal, keyCheckMatches, slotAad } from './envelope';
import { newId, nowIso } from './ids';
import { VaultError } from './types';
import type { KeySlotInfo, KeySlotKind, ScryptParams } from './types';

/** NIST SP 800-63B's floor for user-chosen secrets; the CLI and the app show it to the user. */
export const MIN_PASSPHRASE_LENGTH = 8;
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };
// Bounds for parameters read back from a file: a doctored kdf column must not make unlock
// allocate gigabytes or spin for minutes. Each alone is not enough (N=2^20 with r=32 is 4 GiB),
// so memory (scrypt's V array, 128·r·N bytes) and work (N·r·p) are capped too: 256 MiB and 16×
// the default's work.
const MAX_SCRYPT_N = 2 ** 20;
const MAX_SCRYPT_R = 32;
const MAX_SCRYPT_P = 16;
export const MAX_SCRYPT_MEMORY_BYTES = 256 * 1024 * 1024;
const MAX_SCRYPT_WORK = 16 * DEFAULT_SCRYPT.N * DEFAULT_SCRYPT.r * DEFAULT_SCRYPT.p;
const SALT_BYTES = 16;

export interface SlotRow {
  readonly id: string;
  readonly kind: KeySlotKind;
  readonly label: string;
  readonly wrapped_key: Buffer;
  readonly kdf: string | null;
  readonly backend: string | null;
  readonly created_at: string;
}

interface ScryptKdf extends ScryptParams {
  readonly alg: 'scrypt';
  readonly salt: string;
}

/** The passphrase as scrypt sees it: NFC, so the same words typed on macOS and Windows match. */
export function checkPassphrase(passphrase: string): string {
  if (passphrase.length === 0) {
    throw new VaultError('invalid_passphrase', `The passphrase is empty. Choose one of at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
  const normalized = passphrase.normalize('NFC');
  if ([...normalized].length < MIN_PASSPHRASE_LENGTH) {
    throw new VaultError('invalid_passphrase', `The passphrase is too short. Choose one of at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
  return normalized;
}

/** Why these scrypt parameters are refused, or null when they are within every limit. */
export function scryptProblem({ N, r, p }: ScryptParams): string | null {
  const powerOfTwo = Number.isInteger(N) && N >= 2 && N <= MAX_SCRYPT_N && (N & (N - 1)) === 0;
  const inRange = (v: number, max: number): boolean => Number.isInteger(v) && v >= 1 && v <= max;
  if (!powerOfTwo || !inRange(r, MAX_SCRYPT_R) || !inRange(p, MAX_SCRYPT_P)) {
    return `N=${N} r=${r} p=${p} is outside the limits (N a power of two up to 2^20, r ≤ ${MAX_SCRYPT_R}, p ≤ ${MAX_SCRYPT_P})`;
  }
  if (128 * r * N > MAX_SCRYPT_MEMORY_BYTES) {
    return `N=${N} r=${r} needs ${Math.round((128 * r * N) / 2 ** 20)} MiB, more than the ${MAX_SCRYPT_MEMORY_BYTES / 2 ** 20} MiB limit`;
  }
  if (N * r * p > MAX_SCRYPT_WORK) return `N=${N} r=${r} p=${p} is more than 16 times the default work`;
  return null;
}

export function checkScrypt(params: ScryptParams = DEFAULT_SCRYPT): ScryptParams {
  const problem = scryptProblem(params);
  if (problem !== null) throw new Error(`Unsupported scrypt parameters: ${problem}`);
  return { N: params.N, r: params.r, p: params.p };
}

/** OpenSSL needs 128·r·(N+2) for V plus 128·r·p for B; Node's 32 MiB default is too small for N=2^17. */
function scryptMaxmem({ N, r, p }: ScryptParams): number {
  return 128 * r * (N + 2 + p) + 1024 * 1024;
}

function deriveKek(passphrase: string, salt: Buffer, params: ScryptParams): Buffer {
  const { N, r, p } = params;
  const secret = Buffer.from(passphrase, 'utf8');
  try {
    return scryptSync(secret, salt, KEY_BYTES, { N, r, p, maxmem: scryptMaxmem(params) });
  } finally {
    secret.fill(0);
  }
}

/**
 * The same derivation on libuv's thread pool: the calling thread (Electron's main process, which
 * also runs every window's IPC) keeps serving while scrypt spends its ~0.3 s and 128 MiB.
 */
export function deriveKekAsync(passphrase: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const { N, r, p } = params;
  const secret = Buffer.from(passphrase, 'utf8');
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(secret, salt, KEY_BYTES, { N, r, p, maxmem: scryptMaxmem(params) }, (err, key) => {
      secret.fill(0);
      if (err) reject(err);
      else resolve(key);
    });
  });
}

/** The slot's kdf, `unsafe` with the reason when its cost is beyond the limits, null when unreadable. */
function parseKdf(text: string | null): ScryptKdf | { readonly unsafe: string } | null {
  let kdf: Partial<ScryptKdf> | null;
  try {
    kdf = JSON.parse(text ?? 'null') as Partial<ScryptKdf> | null;
  } catch {
    return null;
  }
  if (kdf?.alg !== 'scrypt' || typeof kdf.salt !== 'string') return null;
  const params = { N: Number(kdf.N), r: Number(kdf.r), p: Number(kdf.p) };
  const problem = scryptProblem(params);
  return problem === null ? { alg: 'scrypt', salt: kdf.salt, ...params } : { unsafe: problem };
}

function sealPassphraseSlot(vaultId: string, vaultKey: Buffer, kek: Buffer, salt: Buffer, cost: ScryptParams, label: string, id: string): SlotRow {
  try {
    const kdf: ScryptKdf = { alg: 'scrypt', ...cost, salt: salt.toString('base64') };
    const wrapped = gcmSeal(kek, vaultKey, slotAad(vaultId, id, 'passphrase'));
    return { id, kind: 'passphrase', label, wrapped_key: wrapped, kdf: JSON.stringify(kdf), backend: null, created_at: nowIso() };
  } finally {
    kek.fill(0);
  }
}

export function makePassphraseSlot(vaultId: string, vaultKey: Buffer, passphrase: string, params: ScryptParams, label: string): SlotRow {
  const salt = randomBytes(SALT_BYTES);
  const cost = checkScrypt(params);
  const kek = deriveKek(checkPassphrase(passphrase), salt, cost);
  return sealPassphraseSlot(vaultId, vaultKey, kek, salt, cost, label, newId('slot'));
}

/** makePassphraseSlot with the derivation off the calling thread. `vaultKey` must stay alive until it settles. */
export async function makePassphraseSlotAsync(vaultId: string, vaultKey: Buffer, passphrase: string, params: ScryptParams, label: string): Promise<SlotRow> {
  const salt = randomBytes(SALT_BYTES);
  const cost = checkScrypt(params);
  const kek = await deriveKekAsync(checkPassphrase(passphrase), salt, cost);
  return sealPassphraseSlot(vaultId, vaultKey, kek, salt, cost, label, newId('slot'));
}

export function insertSlot(db: Database, slot: SlotRow): void {
  db.prepare(
    'INSERT INTO key_slots (id, kind, label, wrapped_key, kdf, backend, created_at) VALUES (@id, @kind, @label, @wrapped_key, @kdf, @backend, @created_at)',
  ).run(slot);
}

export function readSlots(db: Database): ReadonlyArray<SlotRow> {
  // rowid is insertion order; created_at ties when two slots are written in the same millisecond.
  return db.prepare('SELECT id, kind, label, wrapped_key, kdf, backend, created_at FROM key_slots ORDER BY rowid').all() as SlotRow[];
}

export function slotInfo(row: SlotRow): KeySlotInfo {
  return { id: row.id, kind: row.kind, label: row.label, backend: row.backend, createdAt: row.created_at };
}

/** What an unwrap yields: the raw vault key (the caller zeroes it) and the slot that opened it. */
export interface Unwrapped {
  readonly key: Buffer;
  readonly slot: SlotRow;
}

interface PassphraseCandidate {
  readonly slot: SlotRow;
  readonly kdf: ScryptKdf;
}

/** The passphrase slots worth deriving for, and the first unsafe cost seen (never derived). */
function passphraseCandidates(slots: ReadonlyArray<SlotRow>, passphrase: string, where: string): { readonly candidates: PassphraseCandidate[]; readonly unsafe: string | null } {
  const all = slots.filter((slot) => slot.kind === 'passphrase');
  if (all.length === 0) {
    throw new VaultError('no_slot', `The vault in ${where} has no passphrase slot. Unlock it with the OS keychain instead.`);
  }
  if (passphrase.length === 0) {
    throw new VaultError('invalid_passphrase', 'The passphrase is empty. Enter the vault passphrase.');
  }
  const candidates: PassphraseCandidate[] = [];
  let unsafe: string | null = null;
  for (const slot of all) {
    const kdf = parseKdf(slot.kdf);
    if (kdf === null) continue;
    // Never derived: another slot may still open the vault; if none does, this is the news.
    if ('unsafe' in kdf) unsafe ??= kdf.unsafe;
    else candidates.push({ slot, kdf });
  }
  return { candidates, unsafe };
}

/** The vault key this KEK unwraps from the slot, if it also matches the key-check; zeroes the KEK. */
function openSlot(vaultId: string, keyCheck: string, candidate: PassphraseCandidate, kek: Buffer): Unwrapped | null {
  const key = gcmOpen(kek, candidate.slot.wrapped_key, slotAad(vaultId, candidate.slot.id, 'passphrase'));
  kek.fill(0);
  if (key !== null && key.length === KEY_BYTES && keyCheckMatches(key, vaultId, keyCheck)) return { key, slot: candidate.slot };
  key?.fill(0);
  return null;
}

function noPassphraseMatched(unsafe: string | null, where: string): VaultError {
  if (unsafe !== null) {
    return new VaultError(
      'unsafe_kdf',
      `The passphrase slot of the vault in ${where} asks for scrypt parameters beyond the safe limits (${unsafe}), so it was not tried: the vault file was probably edited. Nothing was changed; restore the vault from a backup, or unlock with another key slot.`,
    );
  }
  return new VaultError('wrong_passphrase', `The passphrase does not unlock the vault in ${where}. Check it and try again; nothing was changed.`);
}

/** Tries every passphrase slot; the key counts only if it also matches the vault's key-check. */
export function unwrapWithPassphrase(vaultId: string, keyCheck: string, slots: ReadonlyArray<SlotRow>, passphrase: string, where: string): Unwrapped {
  const { candidates, unsafe } = passphraseCandidates(slots, passphrase, where);
  const normalized = passphrase.normalize('NFC');
  for (const candidate of candidates) {
    const opened = openSlot(vaultId, keyCheck, candidate, deriveKek(normalized, Buffer.from(candidate.kdf.salt, 'base64'), candidate.kdf));
    if (opened !== null) return opened;
  }
  throw noPassphraseMatched(unsafe, where);
}

/** unwrapWithPassphrase with each derivation off the calling thread (the desktop's unlock). */
export async function unwrapWithPassphraseAsync(vaultId: string, keyCheck: string, slots: ReadonlyArray<SlotRow>, passphrase: string, where: string): Promise<Unwrapped> {
  const { candidates, unsafe } = passphraseCandidates(slots, passphrase, where);
  const normalized = passphrase.normalize('NFC');
  for (const candidate of candidates) {
    const opened = openSlot(vaultId, keyCheck, candidate, await deriveKekAsync(normalized, Buffer.from(candidate.kdf.salt, 'base64'), candidate.kdf));
    if (opened !== null) return opened;
  }
  throw noPassphraseMatched(unsafe, where);
}
