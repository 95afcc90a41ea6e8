// The two ways a connection starts without a browser: client credentials (the agency's app, or a
// seller's own pair for bol.com and Zalando, sealed with the connection), and a self-authorized
// refresh token pasted by a person (the manual strategy), proven by refreshing it at once.
import { validatePastedRefreshToken } from '../oauth/protocol/manual';
import type { ResolvedConnector } from '../oauth/resolve';
import { TokenEndpointError } from '../oauth/token-types';
import type { TokenClient, TokenSet } from '../oauth/token-types';
import type { SellerClient } from '../repos/credentials';
import type { RefreshEngine } from '../refresh';
import { saveConnection, tokenStepFailure } from './save-connection';
import type { ConnectionWriter } from './save-connection';
import type { ConnectListener, ConnectOutcome, ConnectRequest } from './types';

export interface CredentialGrantDeps {
  readonly tokenClient: Pick<TokenClient, 'clientCredentials'>;
  readonly store: ConnectionWriter;
  readonly refresh: Pick<RefreshEngine, 'refreshConnection'>;
  readonly clock: () => Date;
}

export function failed(listener: ConnectListener | undefined, reason: string, message: string): ConnectOutcome {
  listener?.failed?.({ reason, message });
  return { kind: 'failed', reason, message };
}

export async function connectWithClientCredentials(
  deps: CredentialGrantDeps,
  req: ConnectRequest,
  rc: ResolvedConnector,
  seller: SellerClient | null,
  listener: ConnectListener | undefined,
): Promise<ConnectOutcome> {
  let tokens: TokenSet;
  try {
    tokens = await deps.tokenClient.clientCredentials(rc);
  } catch (err) {
    const failure = tokenStepFailure(err);
    if (failure === null) throw err;
    if (seller !== null && err instanceof TokenEndpointError && err.failure === 'client_broken') {
      return failed(listener, 'seller_credentials_revoked', `${req.connector.name} refused the seller's API credentials (${failure.reason}); check the client id and secret with the seller, or ask them to issue new ones`);
    }
    return failed(listener, failure.reason, failure.message);
  }
  const saved = saveConnection(deps.store, req, { tokens, metadata: {}, scopes: [], ...(seller ? { sellerClient: seller } : {}) });
  if (!saved.ok) return failed(listener, saved.reason, saved.message);
  listener?.connected?.(saved.view);
  return { kind: 'connected', connection: saved.view };
}

export async function connectWithRefreshToken(deps: CredentialGrantDeps, req: ConnectRequest, pasted: string, listener: ConnectListener | undefined): Promise<ConnectOutcome> {
  const checked = validatePastedRefreshToken(pasted);
  if (!checked.ok) return failed(listener, checked.reason, checked.message);
  const now = deps.clock();
  const tokens: TokenSet = { accessToken: '', refreshToken: checked.refreshToken, tokenType: 'bearer', accessExpiresAt: now, refreshExpiresAt: null, scopes: null, extra: {} };
  const saved = saveConnection(deps.store, req, { tokens, metadata: {}, scopes: [], dueNow: true });
  if (!saved.ok) return failed(listener, saved.reason, saved.message);
  // Prove the token works now rather than at the next monitor tick.
  const refreshed = await deps.refresh.refreshConnection(saved.view.id, { force: true, actor: req.actor });
  const { connection } = refreshed;
  if (connection.state !== 'active') {
    const reason = connection.reason ?? 'refresh_failed';
    // A new connection that never worked is taken back: a failed connect leaves nothing to monitor.
    if (req.connection === null) deps.store.discardUnproven(connection.id, req.actor, reason);
    return failed(listener, reason, `the pasted refresh token did not work (${connection.reason ?? refreshed.outcome})`);
  }
  listener?.connected?.(connection);
  return { kind: 'connected', connection };
}
