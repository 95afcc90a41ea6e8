// Identifiers and timestamps shared by every table: random, url-safe ids and one ISO clock format.
import { randomBytes } from 'node:crypto';

const PREFIX = /^[a-z][a-z0-9]{0,15}$/;

/**
 * `prefix_` + 32 lowercase hex chars (16 random bytes). Random rather than sequential so ids leak
 * neither counts nor creation order, and url-safe so they can sit in deep links and CLI args.
 */
export function newId(prefix: string): string {
  if (!PREFIX.test(prefix)) throw new Error(`newId: prefix must match ${String(PREFIX)}, got ${JSON.stringify(prefix)}`);
  return `${prefix}_${randomBytes(16).toString('hex')}`;
}

/** UTC, millisecond precision: sorts lexically in TEXT columns and parses with Date. */
export function nowIso(): string {
  return new Date().toISOString();
}
