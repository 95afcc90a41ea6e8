// AES-256-GCM envelope primitives: the sealed-blob format (version || nonce || ciphertext || tag),
// the associated data that binds a blob to its vault and place, and the key-check digest.
import { createCipheriv, createDecipheriv, createHmac, randomFillSync, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** First byte of every blob, and of its associated data, so a future format cannot be confused with this one. */
const BLOB_VERSION = 1;
export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
// Fixed at 16: Node accepts shorter GCM tags only when asked, and short tags are forgeable (DEP0182).
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + NONCE_BYTES;
const MIN_BLOB_BYTES = HEADER_BYTES + TAG_BYTES;
const VERSION_PREFIX = Buffer.from([BLOB_VERSION]);

export type GcmKey = KeyObject | Buffer;

/**
 * Nonces come from a pool of random bytes filled 4 KiB at a time (one randomFillSync instead of a
 * randomBytes call per seal, ~20 µs each in profiles). Each 12-byte slice is copied out and the
 * offset moves past it before the seal uses it, so no slice is handed out twice; the pool is
 * refilled only once every slice was used. Still a fresh random 96-bit nonce per seal: far below
 * the 2^32 random-nonce budget for one key.
 */
const NONCE_POOL_BYTES = 4096 - (4096 % NONCE_BYTES);
const noncePool = Buffer.alloc(NONCE_POOL_BYTES);
let noncePoolOffset = NONCE_POOL_BYTES;

/** Copies the next unused random nonce into `out` at `at`. */
function drawNonce(out: Buffer, at: number): void {
  if (noncePoolOffset + NONCE_BYTES > NONCE_POOL_BYTES) {
    randomFillSync(noncePool);
    noncePoolOffset = 0;
  }
  const from = noncePoolOffset;
  noncePoolOffset += NONCE_BYTES;
  noncePool.copy(out, at, from, from + NONCE_BYTES);
  // The used slice is wiped so the pool never holds a nonce already given out.
  noncePool.fill(0, from, from + NONCE_BYTES);
}

/** version || nonce || ciphertext || tag, written into one buffer. */
export function gcmSeal(key: GcmKey, plaintext: Uint8Array, aad: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + plaintext.byteLength + TAG_BYTES);
  out[0] = BLOB_VERSION;
  drawNonce(out, 1);
  const cipher = createCipheriv('aes-256-gcm', key, out.subarray(1, HEADER_BYTES), { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  const last = cipher.final();
  if (body.length + last.length !== plaintext.byteLength) throw new Error('AES-GCM returned an unexpected ciphertext length');
  body.copy(out, HEADER_BYTES);
  last.copy(out, HEADER_BYTES + body.length);
  cipher.getAuthTag().copy(out, HEADER_BYTES + plaintext.byteLength);
  return out;
}

/**
 * The plaintext, or null when the blob is malformed or fails authentication. Callers turn null
 * into the error that fits (tampered secret, wrong passphrase) so no crypto detail leaks upward.
 */
export function gcmOpen(key: GcmKey, sealed: Uint8Array, aad: Buffer): Buffer | null {
  if (sealed.byteLength < MIN_BLOB_BYTES || sealed[0] !== BLOB_VERSION) return null;
  const blob = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const nonce = blob.subarray(1, HEADER_BYTES);
  const body = blob.subarray(HEADER_BYTES, blob.length - TAG_BYTES);
  const tag = blob.subarray(blob.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    decipher.setAAD(aad);
    const head = decipher.update(body);
    const last = decipher.final();
    return last.length === 0 ? head : Buffer.concat([head, last]);
  } catch {
    return null;
  }
}

/**
 * Unambiguous associated data: the version byte, then each field as a 4-byte big-endian length
 * and its UTF-8 bytes, so ('ab','c') and ('a','bc') can never produce the same bytes.
 */
function encodeAad(fields: ReadonlyArray<string>, prefix: Buffer = VERSION_PREFIX): Buffer {
  let size = prefix.length;
  for (const field of fields) size += 4 + Buffer.byteLength(field, 'utf8');
  const out = Buffer.allocUnsafe(size);
  prefix.copy(out, 0);
  let at = prefix.length;
  for (const field of fields) {
    const written = out.write(field, at + 4, 'utf8');
    out.writeUInt32BE(written, at);
    at += 4 + written;
  }
  return out;
}

const SECRET_DOMAIN = 'fivex-secret';
const SLOT_DOMAIN = 'fivex-slot';

/**
 * A secret's associated data: version, domain, vault id, table, column, then the row id. The row
 * id comes last so the rest (a handful of table/column pairs per vault, all named in code) is
 * encoded once and reused: opening thousands of tokens should cost little more than the AES.
 */
export class SecretAad {
  readonly #vaultPrefix: Buffer;
  readonly #places = new Map<string, Map<string, SecretPlace>>();

  constructor(vaultId: string) {
    this.#vaultPrefix = encodeAad([SECRET_DOMAIN, vaultId]);
  }

  /**
   * The associated data of one secret. The bytes of recent rows are kept per place: a refresh
   * opens one grant's refresh token, then (after the call, with other grants' refreshes in
   * between) seals that grant's new pair. Callers only hand the result to setAAD, never change it.
   */
  for(table: string, rowId: string, column: string): Buffer {
    let columns = this.#places.get(table);
    if (columns === undefined) {
      columns = new Map();
      this.#places.set(table, columns);
    }
    let place = columns.get(column);
    if (place === undefined) {
      place = { prefix: encodeAad([table, column], this.#vaultPrefix), rows: new Map() };
      columns.set(column, place);
    }
    const known = place.rows.get(rowId);
    if (known !== undefined) return known;
    const aad = encodeAad([rowId], place.prefix);
    // Bounded: started again when full, so a vault of many rows costs at most this many per place.
    if (place.rows.size >= RECENT_ROWS_PER_PLACE) place.rows.clear();
    place.rows.set(rowId, aad);
    return aad;
  }
}

const RECENT_ROWS_PER_PLACE = 256;

interface SecretPlace {
  readonly prefix: Buffer;
  readonly rows: Map<string, Buffer>;
}

/** Binds a wrapped vault key to its vault, its slot and the slot's kind. */
export function slotAad(vaultId: string, slotId: string, kind: string): Buffer {
  return encodeAad([SLOT_DOMAIN, vaultId, slotId, kind]);
}

/** HMAC, not a hash of the key: it proves an unwrapped key is this vault's without revealing it. */
export function keyCheckDigest(key: GcmKey, vaultId: string): string {
  return createHmac('sha256', key).update(`fivex-key-check\0${vaultId}`).digest('hex');
}

export function keyCheckMatches(key: GcmKey, vaultId: string, expectedHex: string): boolean {
  const actual = Buffer.from(keyCheckDigest(key, vaultId), 'hex');
  const expected = Buffer.from(expectedHex, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
