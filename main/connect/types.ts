// The vocabulary of the connect use case (main/connect/connect-service.ts), shared by the CLI and
// the desktop: what a caller asks for, the progress it hears about, how it ends, and the refusals
// that stop it before anything started. Messages never carry a token, code, verifier or secret.
import { DomainError } from '../errors';
import type { ConnectorDefinition, RedirectStrategy } from '../../connectors/types';
import type { CallbackRefusal } from '../oauth/protocol/types';
import type { ConnectionView } from '../repos/connections';
import type { SellerClient } from '../repos/credentials';

/** One consent: a tenant × connector (× region, account, settings), or an existing connection. */
export interface ConnectRequest {
  readonly tenantId: string;
  readonly connector: ConnectorDefinition;
  readonly region: string | null;
  /** The label people see; null = the marketplace's account id, else the connector's name. */
  readonly account: string | null;
  readonly settings: Readonly<Record<string, string>>;
  /** Set for reconnect: the grant of this connection is renewed and the same id comes back. */
  readonly connection: ConnectionView | null;
  /** Who acts, as written in the audit log. */
  readonly actor: string;
  /**
   * Overrides the app registration's strategy, else the connector's default. A string because
   * callers pass what a person typed; an unknown name is ConnectError('invalid_redirect').
   */
  readonly strategy?: string;
  /**
   * The seller's own API credentials (`connect --client-id ID --client-secret-env VAR`), for a
   * connector whose client credentials belong to the seller (bol.com, Zalando). Sealed with the
   * connection; the agency's registration then only lends its endpoint overrides.
   */
  readonly sellerClient?: SellerClient;
}

export type BrowserStrategy = Exclude<RedirectStrategy, 'manual'>;

export type ConnectOutcome =
  | { readonly kind: 'connected'; readonly connection: ConnectionView }
  /** `reason`: access_denied, timeout, cancelled, the token endpoint's reason, config_error, ... */
  | { readonly kind: 'failed'; readonly reason: string; readonly message: string };

/** The browser step is ready: the caller opens (or shows) the URL. */
export interface AuthorizeStep {
  readonly sessionId: string;
  readonly url: string;
  readonly strategy: BrowserStrategy;
  readonly expiresAt: string;
  /** How long a marketplace code stays valid: the "use within" hint of remote consent. */
  readonly codeLifetimeSeconds: number;
}

/** A pasted code or a delivered link that was not accepted; the attempt keeps waiting. */
export interface RefusedCallback {
  readonly sessionId: string;
  readonly channel: 'paste' | 'deeplink';
  readonly reason: CallbackRefusal;
  readonly message: string;
}

/** Progress, as it happens. Every callback is optional; none of them may throw. */
export interface ConnectListener {
  authorize?(step: AuthorizeStep): void;
  refused?(refusal: RefusedCallback): void;
  connected?(connection: ConnectionView): void;
  failed?(failure: { readonly reason: string; readonly message: string }): void;
}

export type ConnectErrorCode =
  | 'no_app_registration'
  | 'app_registration_broken'
  | 'config_error'
  | 'invalid_redirect'
  | 'unsupported_redirect'
  /** --client-id for a connector whose credentials are not the seller's, or a shredded seller pair. */
  | 'seller_credentials';

/** Refused before anything started (no session, no browser, no token request). */
export class ConnectError extends DomainError {
  declare readonly code: ConnectErrorCode;

  constructor(code: ConnectErrorCode, message: string) {
    super(code, message);
    this.name = 'ConnectError';
  }
}
