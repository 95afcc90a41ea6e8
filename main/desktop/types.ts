// What the desktop wiring is given by its host (the Electron app or the browser preview), and the
// two capabilities it builds on the services of an unlocked vault: the consent use case and the
// engine's connections. Every method is required: the one wiring (main/desktop/api.ts) always
// provides them, in the app and in the preview alike.
import type { AuditAnchorStore } from '../audit/anchor-store';
import type { Vault } from '../vault/types';
import type { CallbackInput } from '../oauth/protocol/callback-input';
import type { ConnectionView } from '../repos/connections';
import type { ServiceOptions, Services } from '../services';
import type { KeychainProtector, ScryptParams } from '../vault';
import type { ConsentFinished, Lang, PasteConsentResult, RevocationImpact } from '../../preload/contract';

/** A consent attempt that started: its browser step is ready. */
export interface DesktopConsentStart {
  readonly sessionId: string;
  /** Built in main from the connector definition; opened by main, never sent to the app's page. */
  readonly authorizationUrl: URL;
  readonly expiresAt: string;
  /** A completion code or callback link can be pasted for it (relay, deep link). */
  readonly acceptsPaste: boolean;
}

/**
 * The app's consent use case: start an attempt (a new connection, or renewing one), and finish it
 * by a delivered deep link or a pasted code (main/desktop/desktop-consent.ts over
 * main/connect/connect-service.ts).
 */
export interface DesktopConsent {
  /** `settings` are already checked against the connector's rules; `strategy` overrides the default. */
  begin(input: {
    readonly tenantId: string;
    readonly connectorId: string;
    readonly region: string | null;
    readonly actor: string;
    readonly settings?: Readonly<Record<string, string>>;
    readonly strategy?: string;
  }): Promise<DesktopConsentStart>;
  /** Renews consent for an existing connection: the same connection id comes back with the new grant. */
  reconnect(input: { readonly connectionId: string; readonly actor: string; readonly strategy?: string }): Promise<DesktopConsentStart>;
  /**
   * A fivex-connect://oauth/callback link, parsed once by the router. How the attempt ends is
   * announced once, through onFinished, whichever way it ended; this resolves null (kept in the
   * signature for adapters that answer a link directly).
   */
  handleDeepLink(link: CallbackInput): Promise<ConsentFinished | null>;
  /** A completion code (or callback address) pasted into the app for a waiting attempt. */
  paste(input: { readonly sessionId: string; readonly text: string }): Promise<PasteConsentResult>;
  /** Every attempt's ending, once (loopback, paste, delivered link, expiry). Returns an unsubscribe. */
  onFinished(listener: (result: ConsentFinished) => void): () => void;
  /** Ends every waiting attempt, synchronously as far as the vault is concerned (it is closing). */
  close(): void;
}

/** The engine's connections as the desktop acts on them (main/desktop/engine-connections.ts). */
export interface DesktopConnections {
  /** One connection by id (not deleted), or undefined. */
  get(connectionId: string): ConnectionView | undefined;
  list(filter: { readonly tenantId?: string }): ReadonlyArray<ConnectionView>;
  /** The engine's forecast (consent validity, refresh-token lifetimes, deadlines). */
  renewBy(connectionId: string): { readonly date: string } | null;
  /** Refreshes now, single-flight with the monitor; refusals (paused, revoked) throw an EngineError. */
  refresh(connectionId: string, actor: string): Promise<void>;
  /** Stops (resumes) refresh and probes, keeping the tokens; audited as `actor`. */
  pause(connectionId: string, actor: string): void;
  resume(connectionId: string, actor: string): void;
  /** What revoking would stop, keep and who could reconnect, in plain words; changes nothing. */
  previewRevocation(connectionId: string, lang: Lang): RevocationImpact;
  /** Remote revocation where the marketplace has one, then local crypto-shredding; audited as `actor`. */
  revoke(connectionId: string, actor: string): Promise<DesktopRevocation>;
}

/** How a revocation ended at the marketplace (the engine's RevocationResult, without the row). */
export interface DesktopRevocation {
  readonly remoteRevocation: 'done' | 'unsupported' | 'pending';
  /** Other live connections still using the same grant (remote revocation waits for them). */
  readonly sharedWith: number;
}

/**
 * How the host shows an authorization URL built in main: the app opens it in the system browser
 * (https, or http on a loopback host); the browser preview cannot, so its page shows the link.
 */
export type ConsentBrowser = { readonly kind: 'system'; readonly open: (url: URL) => Promise<void> } | { readonly kind: 'link' };

/** Launch at login, as the host can do it (the preview and Linux cannot: supported false). */
export interface LaunchAtLogin {
  readonly supported: boolean;
  enabled(): boolean;
  /** Returns whether it is on afterwards. */
  set(enabled: boolean): boolean;
}

export const NO_LAUNCH_AT_LOGIN: LaunchAtLogin = { supported: false, enabled: () => false, set: () => false };

export interface DesktopDeps {
  readonly vaultDir: string;
  /** The OS keychain (safeStorage in the app); null where there is none (the browser preview). */
  readonly keychain: KeychainProtector | null;
  readonly browser: ConsentBrowser;
  readonly launchAtLogin: LaunchAtLogin;
  /** Who acts, as written in the audit log (e.g. `os:alice`). */
  readonly actor: string;
  readonly mode: 'desktop' | 'preview';
  readonly version: string;
  readonly platform?: string;
  /** Passed to createServices (clock, token client, engine options). */
  readonly serviceOptions?: ServiceOptions;
  /** Told each time services are built on a newly opened vault (the preview registers its demo app). */
  readonly onServicesBuilt?: (services: Services) => void;
  /** How often the background refresh scheduler ticks while the vault is unlocked. Default 60 s. */
  readonly schedulerTickMs?: number;
  /** How often the vault is checked for other processes' writes. Default 300 ms. */
  readonly watchIntervalMs?: number;
  /** Reply validation (always on in tests and development; off in packaged builds). */
  readonly validateReplies?: boolean;
  readonly scrypt?: ScryptParams;
  /** better-sqlite3's addon built for Electron's ABI (main/app/native.ts). */
  readonly nativeBinding?: string;
  /**
   * Where else the audit chain's head is kept, per opened vault (the app: the OS keychain, outside
   * the vault folder, so restoring an old copy of the whole folder is caught too).
   */
  readonly auditAnchors?: (vault: Vault) => ReadonlyArray<AuditAnchorStore>;
  /**
   * Asks where to save a client's dossier and prints it there as PDF (the app, main/app/dossier-pdf.ts);
   * resolves with the path, or null when the person cancelled. Absent in the browser preview.
   */
  readonly saveDossierPdf?: (html: string, suggestedName: string) => Promise<string | null>;
  /** One line, never a secret. */
  readonly log?: (line: string) => void;
}
