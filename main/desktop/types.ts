// What the desktop API needs from the rest of main, as small structural interfaces: Services
// from main/services.ts fits DesktopServices as is; the consent use case and the engine's
// connection view are plugged in by the composition (main/app/index.ts, main/preview/server.ts).
import type { ConnectorDefinition } from '../../connectors/types';
import type { AuditInput } from '../audit/audit-log';
import type { Tenant, TenantSummary } from '../repos/tenants';
import type { KeychainProtector, ScryptParams, Vault } from '../vault';
import type { ConsentFinished, ConsentUnavailableReason, Lang, PasteConsentResult, RevocationImpact } from '../../preload/contract';
import type { ConnectionRecord } from './dto';
import type { WorkspaceContext, WorkspaceHandlers } from './workspace/handlers';

export interface DesktopServices {
  readonly vault: Pick<Vault, 'transaction' | 'db'>;
  readonly tenants: {
    list(): ReadonlyArray<TenantSummary>;
    add(name: string): Tenant;
    find(idOrName: string): Tenant | undefined;
  };
  readonly connectors: {
    list(): ReadonlyArray<ConnectorDefinition>;
    get(id: string): ConnectorDefinition | undefined;
  };
  readonly audit: { append(input: AuditInput): unknown };
}

/** A consent attempt that started: its browser step is ready. */
export interface DesktopConsentStart {
  readonly sessionId: string;
  /** Built in main from the connector definition; opened by main, never sent to the app's page. */
  readonly authorizationUrl: URL;
  readonly expiresAt: string;
  /** A completion code or callback link can be pasted for it (relay, deep link). Default false. */
  readonly acceptsPaste?: boolean;
}

/**
 * The app's consent use case: resolve the connector and app registration, start the attempt,
 * and later finish it (token exchange, connection). Built on Services by the composition root
 * (main/desktop/desktop-consent.ts over main/consent/connect-service.ts).
 */
export interface DesktopConsent {
  begin(input: {
    readonly tenantId: string;
    readonly connectorId: string;
    readonly region: string | null;
    readonly actor: string;
  }): Promise<DesktopConsentStart>;
  /**
   * Renews consent for an existing connection (its tenant, connector, region, account and
   * settings): when the seller approves, the same connection id comes back with the new grant.
   */
  reconnect?(input: { readonly connectionId: string; readonly actor: string }): Promise<DesktopConsentStart>;
  /**
   * A fivex-connect://oauth/callback link delivered to the app (already shape-checked). Resolves
   * with how the consent ended, or null when the link was refused and the attempt keeps waiting.
   */
  handleDeepLink?(url: string): Promise<ConsentFinished | null>;
  /** A completion code (or callback address) pasted into the app for a waiting attempt. */
  paste?(input: { readonly sessionId: string; readonly text: string }): Promise<PasteConsentResult>;
  /** Why Connect cannot start for this connector before any attempt (no app registration...). */
  unavailableReason?(connectorId: string): ConsentUnavailableReason | null;
  /**
   * Attempts that ended while no caller waited for them (a loopback callback, a pasted code, an
   * expiry); links answered through handleDeepLink are not repeated here. Returns an unsubscribe.
   */
  onFinished?(listener: (result: ConsentFinished) => void): () => void;
  /** Ends every waiting attempt, synchronously as far as the vault is concerned (it is closing). */
  close?(): void;
}

/** Where connections are read: the engine's connection store when wired, else its repo. */
export interface DesktopConnections {
  list(filter: { readonly tenantId?: string }): ReadonlyArray<ConnectionRecord>;
  /** The engine's forecast (consent validity, refresh-token lifetimes, deadlines). */
  renewBy?(connectionId: string): { readonly date: string } | null;
  /**
   * Refreshes now, single-flight with the monitor; token-endpoint failures become the
   * connection's health, refusals (paused, disconnected) throw an error with a code.
   */
  refresh?(connectionId: string, actor: string): Promise<void>;
  /** Stops (resumes) refresh and probes, keeping the tokens; audited as `actor`. */
  pause?(connectionId: string, actor: string): void;
  resume?(connectionId: string, actor: string): void;
  /** What revoking would stop, keep and who could reconnect, in plain words; changes nothing. */
  previewRevocation?(connectionId: string, lang: Lang): RevocationImpact;
  /** Remote revocation where the marketplace has one, then local crypto-shredding; audited as `actor`. */
  revoke?(connectionId: string, actor: string): Promise<DesktopRevocation>;
}

/** How a revocation ended at the marketplace (the engine's RevocationResult, without the row). */
export interface DesktopRevocation {
  readonly remoteRevocation: 'done' | 'unsupported' | 'pending';
  /** Other live connections still using the same grant (remote revocation waits for them). */
  readonly sharedWith: number;
}

export interface DesktopDeps<S extends DesktopServices> {
  readonly vaultDir: string;
  readonly keychain: KeychainProtector | null;
  readonly buildServices: (vault: Vault) => S;
  /** The consent use case on these services; undefined (or absent) = "not available yet". */
  readonly consentFor?: (services: S) => DesktopConsent | undefined;
  readonly connectionsFor?: (services: S) => DesktopConnections;
  /** The workspace channels' handlers (main/desktop/workspace); absent = "not available". */
  readonly workspaceFor?: (services: S, ctx: WorkspaceContext) => WorkspaceHandlers;
  /**
   * Work that runs while the vault is unlocked (the app: the refresh scheduler, so tokens are
   * renewed ahead of expiry while the app is open). Started after unlock, stopped before lock.
   * `changed` tells the page that connections may have changed.
   */
  readonly backgroundFor?: (services: S, changed: () => void) => { stop(): Promise<void> } | undefined;
  /** Who acts, as written in the audit log (e.g. `os:alice`). */
  readonly actor: string;
  readonly mode: 'desktop' | 'preview';
  readonly version: string;
  readonly platform?: string;
  /**
   * Opens an authorization URL built in main in the system browser (the app passes its opener:
   * https, or http on a loopback host). Absent in the preview.
   */
  readonly openExternal?: (url: URL) => Promise<void>;
  /**
   * The preview's stand-in for openExternal: the reply carries the http(s) authorization URL
   * built in main, and the page shows it as a link for the person to open.
   */
  readonly showAuthorizeLink?: boolean;
  readonly scrypt?: ScryptParams;
  readonly nativeBinding?: string;
  readonly log?: (line: string) => void;
}
