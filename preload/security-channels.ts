// Settings → vault security: the OS keychain backend in use and the vault's key slots (which of
// them open it on this machine), changing the recovery passphrase, and remembering the vault on
// this machine (a vault copied from another machine, opened with its recovery passphrase, gets
// this machine's own keychain slot; no client consents again, the tokens do not change). No reply
// carries a passphrase or a key.
import * as v from 'valibot';
import { NO_ARGS, channel } from './schema-kit';
import type { ArgsOf, ChannelSchema, ReplyOf } from './schema-kit';
import { list, record } from './dto';

const passphrase = v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(1024, 'must have at most 1024 characters'));

export const KeySlotDtoSchema = record({
  kind: v.picklist(['passphrase', 'keychain']),
  label: v.string(),
  /** keychain slots: the backend that wrote it. */
  backend: v.nullable(v.string()),
  createdAt: v.string(),
});

export const VaultSecuritySchema = record({
  keychain: record({ available: v.boolean(), backend: v.string(), secure: v.boolean() }),
  unlockedWith: v.picklist(['keychain', 'passphrase']),
  /** Whether the OS keychain here opens the vault at the next start by itself. */
  rememberedHere: v.boolean(),
  slots: list(KeySlotDtoSchema),
  minPassphraseLength: v.number(),
});

export const SECURITY_INVOKE = {
  'security:get': channel(NO_ARGS, VaultSecuritySchema),
  /** The old passphrase must open the vault; the new one replaces it (secrets are not re-encrypted). */
  'security:changePassphrase': channel(v.strictObject({ oldPassphrase: passphrase, newPassphrase: passphrase }), VaultSecuritySchema),
  /** Adds this machine's OS keychain slot; basic_text needs the explicit accept. */
  'security:rememberHere': channel(v.strictObject({ acceptInsecureKeychain: v.boolean() }), VaultSecuritySchema),
} as const satisfies Record<string, ChannelSchema>;

export type SecurityInvoke = typeof SECURITY_INVOKE;
export type SecurityChannel = keyof SecurityInvoke;
export type SecurityArgs<C extends SecurityChannel> = ArgsOf<SecurityInvoke[C]>;
export type SecurityReply<C extends SecurityChannel> = ReplyOf<SecurityInvoke[C]>;
export type VaultSecurity = v.InferOutput<typeof VaultSecuritySchema>;

export const SECURITY_CHANNELS = Object.keys(SECURITY_INVOKE) as ReadonlyArray<SecurityChannel>;
