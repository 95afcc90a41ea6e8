// The audit chain's cryptography and encodings: the per-event HMAC, the head kept in the
// database, the retention checkpoint and the anchor record kept outside it. One random 256-bit
// key, sealed by the vault key, MACs all of them; anchors use a key derived from it (HKDF), so
// forging any of them needs the unlocked vault.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { AuditCheckpoint } from './types';

export const GENESIS = '0'.repeat(64);
const ANCHOR_FORMAT = 'fivex-audit-anchor';
const ANCHOR_VERSION = 1;
const STORE_NAME = /^[a-z][a-z0-9-]{0,31}$/;

export interface ChainFields {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly tenantId: string | null;
  readonly connectionId: string | null;
  readonly action: string;
  readonly outcome: string;
  readonly detail: string;
  readonly prevHash: string;
}

/**
 * The event's hash. The encoding is the one logs have been written with since the first version
 * (prev hash, newline, JSON array of the fields), so existing chains keep verifying.
 */
export function eventHash(key: Buffer, e: ChainFields): string {
  const canonical = JSON.stringify([e.id, e.at, e.actor, e.tenantId, e.connectionId, e.action, e.outcome, e.detail]);
  return createHmac('sha256', key).update(e.prevHash).update('\n').update(canonical).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

function mac(key: Buffer, parts: ReadonlyArray<unknown>): string {
  return createHmac('sha256', key).update(JSON.stringify(parts)).digest('hex');
}

/** The head kept in settings: the last event, and the anchor stores this log is known to be in. */
export interface ChainHead {
  readonly lastId: number;
  readonly hash: string;
  readonly stores: ReadonlyArray<string>;
}

export function encodeHead(key: Buffer, head: ChainHead): string {
  const stores = [...head.stores].sort().join(',');
  return `${head.lastId}:${head.hash}:${stores}:${createHmac('sha256', key).update(`head|${head.lastId}|${head.hash}|${stores}`).digest('hex')}`;
}

/** null when the MAC fails. Reads the first version's `count:hash:mac` too (no stores, count = last id). */
export function decodeHead(key: Buffer, value: string): ChainHead | null {
  const parts = value.split(':');
  if (parts.length === 3) {
    const [count, hash, tag] = parts as [string, string, string];
    const expected = createHmac('sha256', key).update(`head|${count}|${hash}`).digest('hex');
    return sameHex(tag, expected) && /^\d+$/.test(count) ? { lastId: Number(count), hash, stores: [] } : null;
  }
  if (parts.length !== 4) return null;
  const [lastId, hash, stores, tag] = parts as [string, string, string, string];
  const expected = createHmac('sha256', key).update(`head|${lastId}|${hash}|${stores}`).digest('hex');
  if (!sameHex(tag, expected) || !/^\d+$/.test(lastId)) return null;
  return { lastId: Number(lastId), hash, stores: stores === '' ? [] : stores.split(',') };
}

export function encodeCheckpoint(key: Buffer, cp: AuditCheckpoint): string {
  const tag = mac(key, ['checkpoint', cp.throughId, cp.hash, cp.before, cp.at, cp.pruned]);
  return JSON.stringify({ ...cp, mac: tag });
}

export function decodeCheckpoint(key: Buffer, value: string): AuditCheckpoint | null {
  try {
    const v = JSON.parse(value) as Record<string, unknown>;
    const { throughId, hash, before, at, pruned } = v;
    if (typeof throughId !== 'number' || typeof hash !== 'string' || typeof before !== 'string' || typeof at !== 'string' || typeof pruned !== 'number') return null;
    if (typeof v.mac !== 'string' || !sameHex(v.mac, mac(key, ['checkpoint', throughId, hash, before, at, pruned]))) return null;
    return { throughId, hash, before, at, pruned };
  } catch {
    return null;
  }
}

export function anchorKey(key: Buffer, vaultId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, vaultId, 'fivex-audit-anchor-v1', 32));
}

/**
 * The key token fingerprints are made with (R43: log HMAC fingerprints, never tokens): per vault,
 * so the same token in two vaults cannot be matched, and useless without the unlocked vault.
 */
export function fingerprintKey(key: Buffer, vaultId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, vaultId, 'fivex-audit-fingerprint-v1', 32));
}

export interface AnchorRecord {
  readonly vault: string;
  /** The last event id the anchor vouches for; it only goes up. */
  readonly counter: number;
  readonly hash: string;
}

export function encodeAnchor(anchorMacKey: Buffer, record: AnchorRecord): string {
  const tag = mac(anchorMacKey, ['anchor', ANCHOR_VERSION, record.vault, record.counter, record.hash]);
  return `${JSON.stringify({ format: ANCHOR_FORMAT, version: ANCHOR_VERSION, vault: record.vault, counter: record.counter, hash: record.hash, mac: tag })}\n`;
}

export type DecodedAnchor =
  | { readonly kind: 'valid'; readonly record: AnchorRecord }
  | { readonly kind: 'foreign'; readonly vault: string } // well-formed, for another vault
  | { readonly kind: 'invalid' }; // unreadable, or its MAC fails

export function decodeAnchor(anchorMacKey: Buffer, vaultId: string, text: string): DecodedAnchor {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    if (v.format !== ANCHOR_FORMAT || v.version !== ANCHOR_VERSION) return { kind: 'invalid' };
    const { vault, counter, hash } = v;
    if (typeof vault !== 'string' || typeof counter !== 'number' || typeof hash !== 'string' || typeof v.mac !== 'string') return { kind: 'invalid' };
    if (vault !== vaultId) return { kind: 'foreign', vault };
    if (!sameHex(v.mac, mac(anchorMacKey, ['anchor', ANCHOR_VERSION, vault, counter, hash]))) return { kind: 'invalid' };
    return { kind: 'valid', record: { vault, counter, hash } };
  } catch {
    return { kind: 'invalid' };
  }
}

export function checkStoreName(name: string): string {
  if (!STORE_NAME.test(name)) throw new Error(`An audit anchor store name must be lowercase letters, digits and dashes; got "${name}"`);
  return name;
}
