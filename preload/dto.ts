// The values that cross the IPC bridge, declared once as valibot schemas; their TypeScript types
// are inferred from them, so what main checks at run time and what both sides compile against
// cannot drift. Records are strict objects: a field that is not written here (a sealed token, a
// client secret) fails reply validation instead of reaching the renderer. A passphrase travels
// only renderer → main (vault:create, vault:unlock) and is never part of a reply.
// Pure (valibot only), so both tsconfigs (node and web) compile it.
import * as v from 'valibot';

/** A strict, read-only record: unknown keys are refused, the inferred type is Readonly. */
export const record = <E extends v.ObjectEntries>(entries: E) => v.pipe(v.strictObject(entries), v.readonly());
/** A read-only list. */
export const list = <T extends v.GenericSchema>(item: T) => v.pipe(v.array(item), v.readonly());

const LANGS = ['en', 'es'] as const;
export const LangSchema = v.picklist(LANGS);
export type Lang = v.InferOutput<typeof LangSchema>;

/** A text the renderer shows in the user's language. */
export const LocalizedTextSchema = record({ en: v.string(), es: v.string() });
export type LocalizedText = v.InferOutput<typeof LocalizedTextSchema>;

// ---- vault ----------------------------------------------------------------------------------

/** The OS keychain as main sees it. `secure` is false for basic_text/unknown (hard-coded key). */
const KeychainInfoSchema = record({
  available: v.boolean(),
  /** gnome_libsecret, kwallet6, keychain (macOS), dpapi (Windows), basic_text, ... or 'none'. */
  backend: v.string(),
  secure: v.boolean(),
});
export type KeychainInfo = v.InferOutput<typeof KeychainInfoSchema>;

/**
 * Why the vault did not open through the OS keychain by itself (shown on the unlock screen):
 * no_slot (e.g. made by the CLI, or basic_text declined), keychain_changed (written by another
 * backend, device or user: R32).
 */
export const KEYCHAIN_PROBLEMS = ['no_slot', 'keychain_unavailable', 'keychain_changed', 'keychain_insecure'] as const;
const KeychainProblemSchema = v.picklist(KEYCHAIN_PROBLEMS);
export type KeychainProblem = v.InferOutput<typeof KeychainProblemSchema>;

export const VaultStatusSchema = v.variant('state', [
  record({ state: v.literal('missing'), dir: v.string(), keychain: KeychainInfoSchema, minPassphraseLength: v.number() }),
  record({
    state: v.literal('locked'),
    dir: v.string(),
    keychain: KeychainInfoSchema,
    keychainProblem: v.nullable(KeychainProblemSchema),
    minPassphraseLength: v.number(),
  }),
  record({
    state: v.literal('unlocked'),
    dir: v.string(),
    keychain: KeychainInfoSchema,
    unlockedWith: v.picklist(['keychain', 'passphrase']),
    /** A keychain slot of this vault relies on an insecure backend the user accepted. */
    insecureKeychainAccepted: v.boolean(),
  }),
]);
export type VaultStatus = v.InferOutput<typeof VaultStatusSchema>;

// ---- tenants, connectors, connections -------------------------------------------------------

export const TenantDtoSchema = record({ id: v.string(), name: v.string(), connections: v.number() });
export type TenantDto = v.InferOutput<typeof TenantDtoSchema>;

const RegionDtoSchema = record({ id: v.string(), label: LocalizedTextSchema });
export type RegionDto = v.InferOutput<typeof RegionDtoSchema>;

export const ConnectorDtoSchema = record({
  id: v.string(),
  name: v.string(),
  regions: list(RegionDtoSchema),
  /** How to connect and what the client will be asked. */
  connectText: LocalizedTextSchema,
  /** Whether the Connect button works; when false, `unavailableText` says why. */
  consentAvailable: v.boolean(),
  unavailableText: v.nullable(LocalizedTextSchema),
});
export type ConnectorDto = v.InferOutput<typeof ConnectorDtoSchema>;

/** The one definition of a connection's health state (the repositories and the engine use it too). */
export const CONNECTION_STATES = ['active', 'degraded', 'needs_consent', 'disconnected'] as const;
const ConnectionStateSchema = v.picklist(CONNECTION_STATES);
export type ConnectionState = v.InferOutput<typeof ConnectionStateSchema>;

export const ConnectionDtoSchema = record({
  id: v.string(),
  tenantId: v.string(),
  connectorId: v.string(),
  connectorName: v.string(),
  account: v.string(),
  region: v.nullable(v.string()),
  state: ConnectionStateSchema,
  /** Stable reason code (invalid_grant, consent_expired, ...), null when there is nothing to say. */
  reason: v.nullable(v.string()),
  /** The reason in plain words, in both languages. */
  reasonText: v.nullable(LocalizedTextSchema),
  /** ISO date by which the seller must renew consent (or the refresh token dies), if known. */
  renewBy: v.nullable(v.string()),
  lastRefreshAt: v.nullable(v.string()),
  paused: v.boolean(),
  updatedAt: v.string(),
});
export type ConnectionDto = v.InferOutput<typeof ConnectionDtoSchema>;

/** What revoking changes, in plain words, for one language (the engine's preview has this shape). */
const RevocationImpactSchema = record({ stops: list(v.string()), remains: list(v.string()), canReconnect: list(v.string()) });
export type RevocationImpact = v.InferOutput<typeof RevocationImpactSchema>;

/** The impact preview shown before a person confirms a revocation, in both languages. */
export const RevocationPreviewDtoSchema = record({
  connectionId: v.string(),
  impact: record({ en: RevocationImpactSchema, es: RevocationImpactSchema }),
});
export type RevocationPreviewDto = v.InferOutput<typeof RevocationPreviewDtoSchema>;

/**
 * What happened at the marketplace when a connection was revoked (the local tokens are gone in
 * every case): done (confirmed, or already dead); unsupported (the seller removes the app:
 * removeApp says where); pending (unreachable: queued and retried by the monitor); shared (other
 * live connections still use the same authorization: it stays valid until they are revoked too).
 */
const RevocationOutcomeSchema = v.variant('remote', [
  record({ remote: v.literal('done') }),
  record({ remote: v.literal('unsupported'), removeApp: v.nullable(LocalizedTextSchema) }),
  record({ remote: v.literal('pending') }),
  record({ remote: v.literal('shared'), sharedWith: v.number() }),
]);
export type RevocationOutcome = v.InferOutput<typeof RevocationOutcomeSchema>;

export const RevokeConnectionResultSchema = record({ connection: ConnectionDtoSchema, outcome: RevocationOutcomeSchema });
export type RevokeConnectionResult = v.InferOutput<typeof RevokeConnectionResultSchema>;

// ---- consent --------------------------------------------------------------------------------

/**
 * Why Connect cannot start for a connector before any attempt: no usable app registration
 * (not_configured), a grant without a browser step, required per-connection settings, or a
 * registration that only takes pasted refresh tokens.
 */
export const CONSENT_UNAVAILABLE_REASONS = ['not_configured', 'unsupported_grant', 'needs_settings', 'manual_only'] as const;
const ConsentUnavailableReasonSchema = v.picklist(CONSENT_UNAVAILABLE_REASONS);
export type ConsentUnavailableReason = v.InferOutput<typeof ConsentUnavailableReasonSchema>;

/**
 * In the app the renderer never sees the authorization URL: main opens it in the system browser.
 * The browser preview cannot open a browser, so there (and only there) main hands back the URL it
 * built from the connector definition, always http(s), for the page to show as a link.
 */
export const StartConsentResultSchema = v.variant('status', [
  record({ status: v.literal('opened'), sessionId: v.string(), expiresAt: v.string(), acceptsPaste: v.boolean() }),
  record({
    status: v.literal('link'),
    sessionId: v.string(),
    expiresAt: v.string(),
    acceptsPaste: v.boolean(),
    authorizeUrl: v.pipe(v.string(), v.url(), v.startsWith('http', 'must be an http(s) URL')),
  }),
  record({ status: v.literal('unavailable'), reason: ConsentUnavailableReasonSchema, text: LocalizedTextSchema }),
]);
export type StartConsentResult = v.InferOutput<typeof StartConsentResultSchema>;

export const ConsentFinishedSchema = record({
  /** The attempt that ended (null when main cannot tell). */
  sessionId: v.nullable(v.string()),
  tenantId: v.string(),
  connectorId: v.string(),
  outcome: v.picklist(['connected', 'declined', 'failed', 'expired']),
  text: v.nullable(LocalizedTextSchema),
});
export type ConsentFinished = v.InferOutput<typeof ConsentFinishedSchema>;

/** refused: not accepted (another attempt's code, already used, expired); the attempt keeps waiting. */
export const PasteConsentResultSchema = v.variant('status', [
  record({ status: v.literal('refused'), text: LocalizedTextSchema }),
  record({ status: v.literal('finished'), result: ConsentFinishedSchema }),
]);
export type PasteConsentResult = v.InferOutput<typeof PasteConsentResultSchema>;

export const AppInfoSchema = record({
  version: v.string(),
  /** 'desktop' inside Electron, 'preview' in the browser preview (main/preview/server.ts). */
  mode: v.picklist(['desktop', 'preview']),
  platform: v.string(),
});
export type AppInfo = v.InferOutput<typeof AppInfoSchema>;

/** Launch at login: off unless the person turned it on; unsupported in the preview and on Linux. */
export const LaunchAtLoginSchema = record({ supported: v.boolean(), enabled: v.boolean() });
export type LaunchAtLogin = v.InferOutput<typeof LaunchAtLoginSchema>;

// ---- events ---------------------------------------------------------------------------------

/**
 * Connections that changed, as they are now (in this process or another one: the CLI's monitor,
 * another window), and the ids of connections that were deleted.
 */
export const ConnectionsChangedSchema = record({ connections: list(ConnectionDtoSchema), removed: list(v.string()) });
export type ConnectionsChanged = v.InferOutput<typeof ConnectionsChangedSchema>;

/** Tenants added (or renamed) elsewhere, with their connection counts. */
export const TenantsChangedSchema = record({ tenants: list(TenantDtoSchema) });
export type TenantsChanged = v.InferOutput<typeof TenantsChangedSchema>;

/** One pass of the background refresh scheduler (the status bar shows the last one). */
export const SchedulerTickedSchema = record({ at: v.string(), due: v.number(), refreshed: v.number(), failed: v.number(), probed: v.number() });
export type SchedulerTicked = v.InferOutput<typeof SchedulerTickedSchema>;
