// The IPC contract between main and the renderer: one map per direction from channel to its
// schemas (preload/core-channels.ts for the desktop's own channels; other channel groups join the
// INVOKE map here), and every type both sides use, inferred from those schemas. No DTO has a field
// for a token, code, verifier or client secret: what the renderer may know is exactly what the
// schemas say, and replies are strict objects.
// Pure (valibot and constants only), so both tsconfigs (node and web) compile it.
import type * as v from 'valibot';
import { CORE_EVENTS, CORE_INVOKE } from './core-channels';
import { SESSION_INVOKE } from './session-channels';
import { WORKSPACE_INVOKE } from './workspace-channels';
import { CONNECT_INVOKE } from './connect-channels';
import { SECURITY_INVOKE } from './security-channels';
import { OPERATORS_INVOKE } from './operator-channels';
import type { ArgsOf, ChannelSchema, ReplyOf } from './schema-kit';

export type {
  AppInfo,
  ConnectionDto,
  ConnectionState,
  ConnectionsChanged,
  ConnectorDto,
  ConsentFinished,
  ConsentUnavailableReason,
  KeychainInfo,
  KeychainProblem,
  Lang,
  LaunchAtLogin,
  LocalizedText,
  PasteConsentResult,
  RegionDto,
  RevocationImpact,
  RevocationOutcome,
  RevocationPreviewDto,
  RevokeConnectionResult,
  SchedulerTicked,
  StartConsentResult,
  TenantDto,
  TenantsChanged,
  VaultStatus,
} from './dto';
export { CONNECTION_STATES, CONSENT_UNAVAILABLE_REASONS } from './dto';

// ---- the maps -------------------------------------------------------------------------------

/** renderer → main: every channel's argument and reply schema. */
export const INVOKE = { ...CORE_INVOKE, ...SESSION_INVOKE, ...WORKSPACE_INVOKE, ...CONNECT_INVOKE, ...SECURITY_INVOKE, ...OPERATORS_INVOKE } as const satisfies Record<string, ChannelSchema>;
/** main → renderer: every event's payload schema. */
export const EVENTS = { ...CORE_EVENTS } as const satisfies Record<string, v.GenericSchema>;

export type InvokeMap = typeof INVOKE;
export type InvokeChannel = keyof InvokeMap;
export type EventChannel = keyof typeof EVENTS;
/** The one argument a channel takes (undefined for channels without arguments). */
export type InvokeArgs<C extends InvokeChannel> = ArgsOf<InvokeMap[C]>;
/** How a caller passes them: channels without arguments take none. */
export type InvokeParams<C extends InvokeChannel> = undefined extends InvokeArgs<C> ? [args?: InvokeArgs<C>] : [args: InvokeArgs<C>];
export type InvokeResult<C extends InvokeChannel> = ReplyOf<InvokeMap[C]>;
export type InvokeReply<C extends InvokeChannel> = Reply<InvokeResult<C>>;
export type EventPayload<E extends EventChannel> = v.InferOutput<(typeof EVENTS)[E]>;

export type CreateVaultArgs = InvokeArgs<'vault:create'>;
export type UnlockVaultArgs = InvokeArgs<'vault:unlock'>;
export type AddTenantArgs = InvokeArgs<'tenants:add'>;
export type ListConnectionsArgs = InvokeArgs<'connections:list'>;
export type RefreshConnectionArgs = InvokeArgs<'connections:refresh'>;
/** Pause, resume, reconnect, revoke, revocation preview: one connection, by id. */
export type ConnectionActionArgs = InvokeArgs<'connections:pause'>;
export type StartConsentArgs = InvokeArgs<'consent:start'>;
export type PasteConsentArgs = InvokeArgs<'consent:paste'>;

/** The runtime list of the invoke channels (ipc registration, the preview's routes). */
export const INVOKE_CHANNELS = Object.keys(INVOKE) as ReadonlyArray<InvokeChannel>;

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.hasOwn(INVOKE, name);
}

// ---- errors ---------------------------------------------------------------------------------

export const API_ERROR_CODES = [
  'invalid_args',
  'vault_missing',
  'vault_locked',
  'vault_exists',
  'vault_unlocked',
  'invalid_passphrase',
  'wrong_passphrase',
  'keychain_unavailable',
  'keychain_insecure',
  'keychain_changed',
  'not_a_vault',
  'newer_schema',
  'invalid_name',
  'tenant_exists',
  'unknown_tenant',
  'unknown_connector',
  'unknown_connection',
  /** The engine will not refresh it now (paused, disconnected, ...): the message says why. */
  'refresh_refused',
  /** The engine will not pause, resume or revoke it now (e.g. it was revoked): the message says why. */
  'action_refused',
  /** The signed-in operator's role or grants do not allow it: the message names the role and the action. */
  'forbidden',
  /** The vault has operators and nobody is signed in. */
  'operator_required',
  /** An unknown operator name or a wrong PIN. */
  'operator_auth',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** `message` is English detail for people and logs; it never quotes a secret or an argument value. */
export interface ApiError {
  readonly code: ApiErrorCode;
  readonly message: string;
  /** What to do about it, when main knows. */
  readonly hint?: string;
}

/** What every invoke resolves to: expected failures are values, not rejections. */
export type Reply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/**
 * What the API object needs from a transport: Electron IPC in the preload, fetch in the browser
 * preview. Both implement exactly this, so the verbs in preload/api.ts are shared.
 */
export interface BridgeTransport {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeParams<C>): Promise<InvokeReply<C>>;
  subscribe<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

// ---- the browser preview's wire (main/preview/server.ts ⇄ renderer/src/bridge/http-bridge.ts) ----

/** Header carrying the per-run token the preview prints once in its URL fragment. */
export const PREVIEW_TOKEN_HEADER = 'x-fivex-preview-token';
/** POST `${PREVIEW_INVOKE_PATH}<channel>` with body `{"args": <the channel's argument>}` → a Reply as JSON. */
export const PREVIEW_INVOKE_PATH = '/api/invoke/';
/** GET: a text/event-stream of `event: <channel>` / `data: <json payload>` messages. */
export const PREVIEW_EVENTS_PATH = '/api/events';
