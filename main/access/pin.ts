// Operator PINs: scrypt (node:crypto) with a per-operator random salt; the cost parameters are
// stored beside the hash so a later change of cost still verifies old PINs. Compared in constant
// time. A PIN is never stored, logged or put in an error.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { DomainError } from '../errors';

export const MIN_PIN_LENGTH = 6;
const MAX_PIN_LENGTH = 1024;

export interface PinKdf {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly keylen: number;
}

export const DEFAULT_PIN_KDF: PinKdf = { N: 2 ** 14, r: 8, p: 1, keylen: 32 };

export interface PinHash {
  readonly hash: Buffer;
  readonly salt: Buffer;
  readonly kdf: PinKdf;
}

function derive(pin: string, salt: Buffer, kdf: PinKdf): Promise<Buffer> {
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(pin.normalize('NFC'), salt, kdf.keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export function checkPinRule(pin: string): void {
  if (pin.length < MIN_PIN_LENGTH) throw new DomainError('invalid_pin', `a PIN needs at least ${MIN_PIN_LENGTH} characters`);
  if (pin.length > MAX_PIN_LENGTH) throw new DomainError('invalid_pin', `a PIN can have at most ${MAX_PIN_LENGTH} characters`);
}

export async function hashPin(pin: string, kdf: PinKdf = DEFAULT_PIN_KDF): Promise<PinHash> {
  checkPinRule(pin);
  const salt = randomBytes(16);
  return { hash: await derive(pin, salt, kdf), salt, kdf };
}

export async function verifyPin(pin: string, stored: PinHash): Promise<boolean> {
  const key = await derive(pin.slice(0, MAX_PIN_LENGTH), stored.salt, stored.kdf);
  return key.length === stored.hash.length && timingSafeEqual(key, stored.hash);
}

/** Spends the same work as a real check, so an unknown name takes as long as a wrong PIN. */
export async function burnPinCheck(pin: string): Promise<void> {
  await derive(pin.slice(0, MAX_PIN_LENGTH), Buffer.alloc(16), DEFAULT_PIN_KDF);
}

export function parseKdf(text: string | null): PinKdf | null {
  if (text === null) return null;
  try {
    const k = JSON.parse(text) as Partial<PinKdf>;
    if ([k.N, k.r, k.p, k.keylen].every((n) => Number.isInteger(n) && (n as number) > 0)) return k as PinKdf;
  } catch {
    // fall through
  }
  return null;
}
