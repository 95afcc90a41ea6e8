// The argument schema of every invoke channel, typed against preload/contract.ts: a channel whose
// schema does not produce exactly its contract arguments fails to compile, and a channel without
// a schema too. Both the Electron IPC wrapper and the preview server validate through these.
import type { InvokeArgs, InvokeChannel } from '../../preload/contract';
import { args, boolean, nullable, object, string } from './validate';
import type { Schema } from './validate';

/** Ids made by newId(): `prefix_` + 32 hex digits. */
const recordId = (prefix: string): Schema<string> =>
  string({ min: 1, max: 64, pattern: new RegExp(`^${prefix}_[0-9a-f]{32}$`), patternHint: `must be an id like ${prefix}_0123…` });

/** Connector ids: built-in ones and custom connector files share this charset. */
const connectorId = string({ min: 1, max: 64, pattern: /^[a-z0-9][a-z0-9._-]*$/, patternHint: 'must be a connector id (a-z, 0-9, . _ -)' });
const regionId = string({ min: 1, max: 32, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/, patternHint: 'must be a region id (letters, digits, . _ -)' });

/**
 * What a person pastes to finish remote consent: a completion code, a callback address or a
 * fivex-connect:// link. Surrounding whitespace is dropped; the consent parser judges the rest.
 * Bounded above the longest completion code the consent module accepts (~24 KiB).
 */
const pastedCallback = string({ min: 1, max: 32 * 1024, trim: true });

/** Any characters (a CLI-made passphrase must still unlock), bounded so scrypt input stays small. */
const passphrase = string({ min: 1, max: 1024, noControl: false });

export const ARG_SCHEMAS: { readonly [C in InvokeChannel]: Schema<InvokeArgs<C>> } = {
  'app:info': args(),
  'vault:status': args(),
  'vault:create': args(object({ passphrase, acceptInsecureKeychain: boolean() })),
  'vault:unlock': args(object({ passphrase, rememberOnThisDevice: boolean(), acceptInsecureKeychain: boolean() })),
  'vault:lock': args(),
  'tenants:list': args(),
  'tenants:add': args(object({ name: string({ min: 1, max: 200, trim: true }) })),
  'connectors:list': args(),
  'connections:list': args(object({ tenantId: recordId('ten') })),
  'connections:refresh': args(object({ connectionId: recordId('con') })),
  'connections:reconnect': args(object({ connectionId: recordId('con') })),
  'connections:pause': args(object({ connectionId: recordId('con') })),
  'connections:resume': args(object({ connectionId: recordId('con') })),
  'connections:revokePreview': args(object({ connectionId: recordId('con') })),
  'connections:revoke': args(object({ connectionId: recordId('con') })),
  'consent:start': args(object({ tenantId: recordId('ten'), connectorId, region: nullable(regionId) })),
  'consent:paste': args(object({ sessionId: recordId('consent'), text: pastedCallback })),
};

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(ARG_SCHEMAS, channel);
}
