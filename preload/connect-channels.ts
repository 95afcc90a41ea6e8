// The connect dialog's IPC channels: what each marketplace will ask the client (its scopes grouped
// by purpose, in plain words), which redirect strategies it supports, the per-connection settings
// it needs, and how it connects (browser consent, the seller's own API credentials, the agency's
// client credentials, or a pasted self-authorized refresh token); then one channel per way to
// connect. Secrets (a seller's client secret, a pasted refresh token) go in once and never come
// back: no reply schema below has a field for them.
import * as v from 'valibot';
import { NO_ARGS, channel } from './schema-kit';
import type { ArgsOf, ChannelSchema, ReplyOf } from './schema-kit';
import { connectorId, recordId, typedName } from './core-channels';
import { ConnectionDtoSchema, LocalizedTextSchema, StartConsentResultSchema, list, record } from './dto';

export const REDIRECT_CHOICES = ['loopback', 'deeplink', 'relay', 'manual'] as const;
export const CONNECT_MODES = ['browser', 'seller_credentials', 'agency_credentials', 'refresh_token'] as const;

const regionId = v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(32), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a region id')));
const settingName = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'must be a setting name'));
// Values are judged by the connector's own rules in main (pattern, choices); here only bounded.
const settingValue = v.pipe(v.string(), v.trim(), v.maxLength(512, 'must have at most 512 characters'));
const settings = v.pipe(
  v.record(settingName, settingValue),
  v.check((r) => Object.keys(r).length <= 16, 'at most 16 settings'),
);
const secretText = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max, `must have at most ${max} characters`));

export const ConnectPurposeSchema = record({
  /** base, reporting, finance, advertising, listings. */
  purpose: v.string(),
  /** What the client is asked for, in plain words. */
  text: LocalizedTextSchema,
  /** The marketplace's own names for it (scopes or roles), for people who want to check. */
  scopes: list(v.string()),
});

export const ConnectStrategySchema = record({
  id: v.picklist(REDIRECT_CHOICES),
  /** Where the seller's answer comes back, in plain words. */
  text: LocalizedTextSchema,
});

export const ConnectSettingSchema = record({
  name: v.string(),
  description: v.string(),
  required: v.boolean(),
  choices: v.nullable(list(v.string())),
  pattern: v.nullable(v.string()),
});

export const ConnectOptionSchema = record({
  connectorId: v.string(),
  connectorName: v.string(),
  mode: v.picklist(CONNECT_MODES),
  available: v.boolean(),
  unavailableText: v.nullable(LocalizedTextSchema),
  purposes: list(ConnectPurposeSchema),
  /** Browser strategies the marketplace supports, the default first (empty when no browser is used). */
  strategies: list(ConnectStrategySchema),
  /** Whether a self-authorized refresh token can be pasted instead of the browser. */
  acceptsToken: v.boolean(),
  settings: list(ConnectSettingSchema),
});

/** How a connect that needs no browser ended: the connection, or the reason in plain words. */
export const DirectConnectResultSchema = v.variant('outcome', [
  record({ outcome: v.literal('connected'), connection: ConnectionDtoSchema }),
  record({ outcome: v.literal('failed'), reason: v.string(), text: LocalizedTextSchema }),
]);

const target = {
  tenantId: recordId('ten'),
  connectorId,
  region: regionId,
  settings,
};

export const CONNECT_INVOKE = {
  'connect:options': channel(NO_ARGS, list(ConnectOptionSchema)),
  /** Browser consent with the chosen strategy and settings (the reply is consent:start's). */
  'connect:browser': channel(v.strictObject({ ...target, strategy: v.picklist(REDIRECT_CHOICES.filter((s) => s !== 'manual')) }), StartConsentResultSchema),
  /** Renew consent with a chosen strategy (same connection id comes back). */
  'connect:renew': channel(v.strictObject({ connectionId: recordId('con'), strategy: v.nullable(v.picklist(REDIRECT_CHOICES.filter((s) => s !== 'manual'))) }), StartConsentResultSchema),
  /** bol.com, Zalando: the seller's own client id and secret, sealed with the connection. */
  'connect:sellerCredentials': channel(
    v.strictObject({
      ...target,
      account: v.nullable(typedName(200)),
      clientId: secretText(512),
      clientSecret: secretText(4096),
      /** Renew this connection with the seller's new pair (the same id comes back); tenant and connector must match it. */
      connectionId: v.optional(recordId('con')),
    }),
    DirectConnectResultSchema,
  ),
  /** Client-credentials marketplaces that use the agency's own registration. */
  'connect:agencyCredentials': channel(v.strictObject({ ...target, account: v.nullable(typedName(200)) }), DirectConnectResultSchema),
  /** A self-authorized refresh token, for one connection (what `import` does for one line). */
  'connect:refreshToken': channel(v.strictObject({ ...target, account: typedName(200), refreshToken: secretText(8192) }), DirectConnectResultSchema),
} as const satisfies Record<string, ChannelSchema>;

export type ConnectInvoke = typeof CONNECT_INVOKE;
export type ConnectChannel = keyof ConnectInvoke;
export type ConnectArgs<C extends ConnectChannel> = ArgsOf<ConnectInvoke[C]>;
export type ConnectReply<C extends ConnectChannel> = ReplyOf<ConnectInvoke[C]>;
export type ConnectOption = v.InferOutput<typeof ConnectOptionSchema>;
export type ConnectMode = (typeof CONNECT_MODES)[number];
export type RedirectChoice = (typeof REDIRECT_CHOICES)[number];
export type DirectConnectResult = v.InferOutput<typeof DirectConnectResultSchema>;

export const CONNECT_CHANNELS = Object.keys(CONNECT_INVOKE) as ReadonlyArray<ConnectChannel>;
