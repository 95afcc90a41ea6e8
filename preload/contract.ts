// The IPC contract between main and the renderer: one map per direction from channel to function
// signature, and the DTOs that travel. No DTO has a field for a token, code, verifier or client
// secret: what the renderer may know is exactly what is written here. A passphrase travels only
// renderer → main (vault:create, vault:unlock) and is never part of a reply.
// This file is pure types plus a few constant lists, so both tsconfigs (node and web) compile it.

export type Lang = 'en' | 'es';

/** A text the renderer shows in the user's language. */
export interface LocalizedText {
  readonly en: string;
  readonly es: string;
}

// ---- vault ----------------------------------------------------------------------------------

/** The OS keychain as main sees it. `secure` is false for basic_text/unknown (hard-coded key). */
export interface KeychainInfo {
  readonly available: boolean;
  /** gnome_libsecret, kwallet6, keychain (macOS), dpapi (Windows), basic_text, ... or 'none'. */
  readonly backend: string;
  readonly secure: boolean;
}

/** Why the vault did not open through the OS keychain by itself (shown on the unlock screen). */
export type KeychainProblem =
  | 'no_slot' // the vault has no keychain slot yet (e.g. made by the CLI, or basic_text declined)
  | 'keychain_unavailable'
  | 'keychain_changed' // written by another backend, device or user (R32)
  | 'keychain_insecure';

export type VaultStatus =
  | {
      readonly state: 'missing';
      readonly dir: string;
      readonly keychain: KeychainInfo;
      readonly minPassphraseLength: number;
    }
  | {
      readonly state: 'locked';
      readonly dir: string;
      readonly keychain: KeychainInfo;
      readonly keychainProblem: KeychainProblem | null;
      readonly minPassphraseLength: number;
    }
  | {
      readonly state: 'unlocked';
      readonly dir: string;
      readonly keychain: KeychainInfo;
      readonly unlockedWith: 'keychain' | 'passphrase';
      /** A keychain slot of this vault relies on an insecure backend the user accepted. */
      readonly insecureKeychainAccepted: boolean;
    };

export type VaultState = VaultStatus['state'];

export interface CreateVaultArgs {
  /** The recovery key the user chose; goes to main, never back. */
  readonly passphrase: string;
  /** The user explicitly accepted a basic_text keychain slot (else: passphrase-only). */
  readonly acceptInsecureKeychain: boolean;
}

export interface UnlockVaultArgs {
  readonly passphrase: string;
  /** Add an OS keychain slot so the next start unlocks by itself. */
  readonly rememberOnThisDevice: boolean;
  readonly acceptInsecureKeychain: boolean;
}

// ---- tenants, connectors, connections -------------------------------------------------------

export interface TenantDto {
  readonly id: string;
  readonly name: string;
  readonly connections: number;
}

export interface AddTenantArgs {
  readonly name: string;
}

export interface RegionDto {
  readonly id: string;
  readonly label: LocalizedText;
}

export interface ConnectorDto {
  readonly id: string;
  readonly name: string;
  readonly regions: ReadonlyArray<RegionDto>;
  /** How to connect and what the client will be asked. */
  readonly connectText: LocalizedText;
  /** Whether the Connect button works; when false, `unavailableText` says why. */
  readonly consentAvailable: boolean;
  readonly unavailableText: LocalizedText | null;
}

export type ConnectionState = 'active' | 'degraded' | 'needs_consent' | 'disconnected';
export const CONNECTION_STATES: ReadonlyArray<ConnectionState> = ['active', 'degraded', 'needs_consent', 'disconnected'];

export interface ConnectionDto {
  readonly id: string;
  readonly tenantId: string;
  readonly connectorId: string;
  readonly connectorName: string;
  readonly account: string;
  readonly region: string | null;
  readonly state: ConnectionState;
  /** Stable reason code (invalid_grant, consent_expired, ...), null when there is nothing to say. */
  readonly reason: string | null;
  /** The reason in plain words, in both languages. */
  readonly reasonText: LocalizedText | null;
  /** ISO date by which the seller must renew consent (or the refresh token dies), if known. */
  readonly renewBy: string | null;
  readonly lastRefreshAt: string | null;
  readonly paused: boolean;
  readonly updatedAt: string;
}

export interface ListConnectionsArgs {
  readonly tenantId: string;
}

/** Refresh now (an operator's "try now"): the connection comes back with its new health. */
export interface RefreshConnectionArgs {
  readonly connectionId: string;
}

/** Pause, resume, reconnect, revoke, revocation preview: one connection, by id. */
export interface ConnectionActionArgs {
  readonly connectionId: string;
}

/** What revoking changes, in plain words, for one language. */
export interface RevocationImpact {
  readonly stops: ReadonlyArray<string>;
  readonly remains: ReadonlyArray<string>;
  readonly canReconnect: ReadonlyArray<string>;
}

/** The impact preview shown before a person confirms a revocation, in both languages. */
export interface RevocationPreviewDto {
  readonly connectionId: string;
  readonly impact: { readonly [L in Lang]: RevocationImpact };
}

/** What happened at the marketplace when a connection was revoked (the local tokens are gone in every case). */
export type RevocationOutcome =
  /** The marketplace confirmed the revocation (or the authorization was already dead). */
  | { readonly remote: 'done' }
  /** The marketplace has no way for an app to revoke: the seller removes the app (removeApp says where). */
  | { readonly remote: 'unsupported'; readonly removeApp: LocalizedText | null }
  /** The marketplace could not be reached: the revocation is queued and retried by the monitor. */
  | { readonly remote: 'pending' }
  /** Other live connections still use the same authorization: it stays valid until they are revoked too. */
  | { readonly remote: 'shared'; readonly sharedWith: number };

export interface RevokeConnectionResult {
  readonly connection: ConnectionDto;
  readonly outcome: RevocationOutcome;
}

export interface StartConsentArgs {
  readonly tenantId: string;
  readonly connectorId: string;
  readonly region: string | null;
}

/**
 * In the app the renderer never sees the authorization URL: main opens it in the system browser.
 * The browser preview cannot open a browser, so there (and only there) main hands back the URL it
 * built from the connector definition, always http(s), for the page to show as a link.
 */
export type StartConsentResult =
  | { readonly status: 'opened'; readonly sessionId: string; readonly expiresAt: string; readonly acceptsPaste: boolean }
  | { readonly status: 'link'; readonly sessionId: string; readonly expiresAt: string; readonly acceptsPaste: boolean; readonly authorizeUrl: string }
  | { readonly status: 'unavailable'; readonly reason: ConsentUnavailableReason; readonly text: LocalizedText };

export type ConsentUnavailableReason = 'not_wired' | 'preview' | 'not_configured' | 'unsupported_grant' | 'needs_settings' | 'manual_only';

/**
 * Remote consent: the relay page's completion code (or the callback address, or the
 * fivex-connect:// link the browser could not open) that a person pasted into the app.
 */
export interface PasteConsentArgs {
  readonly sessionId: string;
  readonly text: string;
}

export type PasteConsentResult =
  /** Not accepted (another attempt's code, already used, expired); the attempt keeps waiting. */
  | { readonly status: 'refused'; readonly text: LocalizedText }
  | { readonly status: 'finished'; readonly result: ConsentFinished };

export interface AppInfo {
  readonly version: string;
  /** 'desktop' inside Electron, 'preview' in the browser preview (main/preview/server.ts). */
  readonly mode: 'desktop' | 'preview';
  readonly platform: string;
}

// ---- errors ---------------------------------------------------------------------------------

export type ApiErrorCode =
  | 'invalid_args'
  | 'vault_missing'
  | 'vault_locked'
  | 'vault_exists'
  | 'vault_unlocked'
  | 'invalid_passphrase'
  | 'wrong_passphrase'
  | 'keychain_unavailable'
  | 'keychain_insecure'
  | 'keychain_changed'
  | 'not_a_vault'
  | 'newer_schema'
  | 'invalid_name'
  | 'tenant_exists'
  | 'unknown_tenant'
  | 'unknown_connector'
  | 'unknown_connection'
  /** The engine will not refresh it now (paused, disconnected, ...): the message says why. */
  | 'refresh_refused'
  /** The engine will not pause, resume or revoke it now (e.g. it was revoked): the message says why. */
  | 'action_refused'
  | 'internal';

/** `message` is English detail for people and logs; it never quotes a secret or an argument value. */
export interface ApiError {
  readonly code: ApiErrorCode;
  readonly message: string;
}

/** What every invoke resolves to: expected failures are values, not rejections. */
export type Reply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

// ---- the maps -------------------------------------------------------------------------------

/** renderer → main. Every signature returns a promise (the wire wraps it in Reply). */
export interface InvokeMap {
  'app:info': () => Promise<AppInfo>;
  'vault:status': () => Promise<VaultStatus>;
  'vault:create': (args: CreateVaultArgs) => Promise<VaultStatus>;
  'vault:unlock': (args: UnlockVaultArgs) => Promise<VaultStatus>;
  'vault:lock': () => Promise<VaultStatus>;
  'tenants:list': () => Promise<ReadonlyArray<TenantDto>>;
  'tenants:add': (args: AddTenantArgs) => Promise<TenantDto>;
  'connectors:list': () => Promise<ReadonlyArray<ConnectorDto>>;
  'connections:list': (args: ListConnectionsArgs) => Promise<ReadonlyArray<ConnectionDto>>;
  'connections:refresh': (args: RefreshConnectionArgs) => Promise<ConnectionDto>;
  /** Renew consent: the same consent flow as consent:start, for this connection (same id comes back). */
  'connections:reconnect': (args: ConnectionActionArgs) => Promise<StartConsentResult>;
  'connections:pause': (args: ConnectionActionArgs) => Promise<ConnectionDto>;
  'connections:resume': (args: ConnectionActionArgs) => Promise<ConnectionDto>;
  /** What revoking would stop, keep and who could reconnect; changes nothing. */
  'connections:revokePreview': (args: ConnectionActionArgs) => Promise<RevocationPreviewDto>;
  'connections:revoke': (args: ConnectionActionArgs) => Promise<RevokeConnectionResult>;
  'consent:start': (args: StartConsentArgs) => Promise<StartConsentResult>;
  'consent:paste': (args: PasteConsentArgs) => Promise<PasteConsentResult>;
}

export interface ConnectionsChanged {
  /** null: connections of several tenants may have changed. */
  readonly tenantId: string | null;
}

export interface ConsentFinished {
  /** The attempt that ended (null when main cannot tell). */
  readonly sessionId: string | null;
  readonly tenantId: string;
  readonly connectorId: string;
  readonly outcome: 'connected' | 'declined' | 'failed' | 'expired';
  readonly text: LocalizedText | null;
}

/** main → renderer. Listeners get the payload only, never the Electron event. */
export interface EventMap {
  'vault:changed': (status: VaultStatus) => void;
  'connections:changed': (change: ConnectionsChanged) => void;
  'consent:finished': (result: ConsentFinished) => void;
}

export type InvokeChannel = keyof InvokeMap;
export type EventChannel = keyof EventMap;
export type InvokeArgs<C extends InvokeChannel> = Parameters<InvokeMap[C]>;
export type InvokeResult<C extends InvokeChannel> = Awaited<ReturnType<InvokeMap[C]>>;
export type InvokeReply<C extends InvokeChannel> = Reply<InvokeResult<C>>;
export type EventPayload<E extends EventChannel> = Parameters<EventMap[E]>[0];

/** Runtime lists, checked against the maps so adding a channel without listing it fails to compile. */
export const INVOKE_CHANNELS = [
  'app:info',
  'vault:status',
  'vault:create',
  'vault:unlock',
  'vault:lock',
  'tenants:list',
  'tenants:add',
  'connectors:list',
  'connections:list',
  'connections:refresh',
  'connections:reconnect',
  'connections:pause',
  'connections:resume',
  'connections:revokePreview',
  'connections:revoke',
  'consent:start',
  'consent:paste',
] as const satisfies ReadonlyArray<InvokeChannel>;

export const EVENT_CHANNELS = ['vault:changed', 'connections:changed', 'consent:finished'] as const satisfies ReadonlyArray<EventChannel>;

type Missing<All, Listed> = Exclude<All, Listed>;
// Compile-time completeness: each resolves to `true` only when no channel is left out of the list.
export const INVOKE_CHANNELS_COMPLETE: Missing<InvokeChannel, (typeof INVOKE_CHANNELS)[number]> extends never ? true : never = true;
export const EVENT_CHANNELS_COMPLETE: Missing<EventChannel, (typeof EVENT_CHANNELS)[number]> extends never ? true : never = true;

/**
 * What the API object needs from a transport: Electron IPC in the preload, fetch in the browser
 * preview. Both implement exactly this, so the verbs in preload/api.ts are shared.
 */
export interface BridgeTransport {
  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeReply<C>>;
  subscribe<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

// ---- the browser preview's wire (main/preview/server.ts ⇄ renderer/src/bridge/http-bridge.ts) ----

/** Header carrying the per-run token the preview prints once in its URL fragment. */
export const PREVIEW_TOKEN_HEADER = 'x-fivex-preview-token';
/** POST `${PREVIEW_INVOKE_PATH}<channel>` with body `{"args": [...]}` → a Reply as JSON. */
export const PREVIEW_INVOKE_PATH = '/api/invoke/';
/** GET: a text/event-stream of `event: <channel>` / `data: <json payload>` messages. */
export const PREVIEW_EVENTS_PATH = '/api/events';
