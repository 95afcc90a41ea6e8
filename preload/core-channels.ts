// The desktop's own invoke channels (vault, tenants, connectors, connections, consent) and every
// main → renderer event, each declared once as valibot schemas: `args` is what the renderer may
// send (checked by the dispatcher before any handler runs; errors name the field, never the
// value), `reply` what main answers (checked in tests and development). The types the handlers
// and the page compile against are inferred from these.
import * as v from 'valibot';
import { NO_ARGS, channel } from './schema-kit';
import type { ChannelSchema } from './schema-kit';
import {
  AppInfoSchema,
  ConnectionDtoSchema,
  ConnectionsChangedSchema,
  ConnectorDtoSchema,
  ConsentFinishedSchema,
  LaunchAtLoginSchema,
  PasteConsentResultSchema,
  RevocationPreviewDtoSchema,
  RevokeConnectionResultSchema,
  SchedulerTickedSchema,
  StartConsentResultSchema,
  TenantDtoSchema,
  TenantsChangedSchema,
  VaultStatusSchema,
  list,
} from './dto';

// eslint-disable-next-line no-control-regex
const CONTROL = /^[^\u0000-\u001f\u007f-\u009f]*$/;

/** Ids made by newId(): `prefix_` + 32 hex digits. */
export const recordId = (prefix: string) =>
  v.pipe(v.string(), v.maxLength(64, 'must have at most 64 characters'), v.regex(new RegExp(`^${prefix}_[0-9a-f]{32}$`), `must be an id like ${prefix}_0123…`));

/** Connector ids: built-in ones and custom connector files share this charset. */
export const connectorId = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(64, 'must have at most 64 characters'),
  v.regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a connector id (a-z, 0-9, . _ -)'),
);

const regionId = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(32, 'must have at most 32 characters'),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a region id (letters, digits, . _ -)'),
);

/** A name a person typed: trimmed, not empty, bounded, no control characters. */
export const typedName = (max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(max, `must have at most ${max} characters`),
    v.regex(CONTROL, 'must not contain control characters'),
  );

/** Any characters (a CLI-made passphrase must still unlock), bounded so scrypt input stays small. */
const passphrase = v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(1024, 'must have at most 1024 characters'));

/**
 * What a person pastes to finish remote consent: a completion code, a callback address or a
 * fivex-connect:// link. Surrounding whitespace is dropped; the consent parser judges the rest.
 * Bounded above the longest completion code the consent module accepts (~24 KiB).
 */
const pastedCallback = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(32 * 1024, `must have at most ${32 * 1024} characters`));

const oneConnection = v.strictObject({ connectionId: recordId('con') });

export const CORE_INVOKE = {
  'app:info': channel(NO_ARGS, AppInfoSchema),
  'app:launchAtLogin': channel(NO_ARGS, LaunchAtLoginSchema),
  'app:setLaunchAtLogin': channel(v.strictObject({ enabled: v.boolean() }), LaunchAtLoginSchema),
  'vault:status': channel(NO_ARGS, VaultStatusSchema),
  /** The passphrase is the recovery key the user chose; basic_text needs the explicit accept. */
  'vault:create': channel(v.strictObject({ passphrase, acceptInsecureKeychain: v.boolean() }), VaultStatusSchema),
  /** rememberOnThisDevice adds an OS keychain slot so the next start unlocks by itself. */
  'vault:unlock': channel(v.strictObject({ passphrase, rememberOnThisDevice: v.boolean(), acceptInsecureKeychain: v.boolean() }), VaultStatusSchema),
  'vault:lock': channel(NO_ARGS, VaultStatusSchema),
  'tenants:list': channel(NO_ARGS, list(TenantDtoSchema)),
  'tenants:add': channel(v.strictObject({ name: typedName(200) }), TenantDtoSchema),
  'connectors:list': channel(NO_ARGS, list(ConnectorDtoSchema)),
  'connections:list': channel(v.strictObject({ tenantId: recordId('ten') }), list(ConnectionDtoSchema)),
  /** Refresh now (an operator's "try now"): the connection comes back with its new health. */
  'connections:refresh': channel(oneConnection, ConnectionDtoSchema),
  /** Renew consent: the same consent flow as consent:start, for this connection (same id comes back). */
  'connections:reconnect': channel(oneConnection, StartConsentResultSchema),
  'connections:pause': channel(oneConnection, ConnectionDtoSchema),
  'connections:resume': channel(oneConnection, ConnectionDtoSchema),
  /** What revoking would stop, keep and who could reconnect; changes nothing. */
  'connections:revokePreview': channel(oneConnection, RevocationPreviewDtoSchema),
  'connections:revoke': channel(oneConnection, RevokeConnectionResultSchema),
  'consent:start': channel(v.strictObject({ tenantId: recordId('ten'), connectorId, region: v.nullable(regionId) }), StartConsentResultSchema),
  /** Remote consent: the relay page's completion code (or callback address / link) a person pasted. */
  'consent:paste': channel(v.strictObject({ sessionId: recordId('consent'), text: pastedCallback }), PasteConsentResultSchema),
} as const satisfies Record<string, ChannelSchema>;

/** main → renderer: the payload schema of every event (listeners get the payload only). */
export const CORE_EVENTS = {
  'vault:changed': VaultStatusSchema,
  'connections:changed': ConnectionsChangedSchema,
  'tenants:changed': TenantsChangedSchema,
  'consent:finished': ConsentFinishedSchema,
  'scheduler:ticked': SchedulerTickedSchema,
} as const satisfies Record<string, v.GenericSchema>;
