// The last step of every consent path (browser, client credentials, pasted refresh token): the
// tokens become a new connection with its grant, or renew the grant of the connection being
// reconnected. Also turns the failures a step may throw into the {reason, message} people see.
import type { ConnectorDefinition } from '../../connectors/types';
import { ConfigError } from '../oauth/resolve';
import { TokenEndpointError } from '../oauth/token-types';
import type { TokenSet } from '../oauth/token-types';
import type { ConnectionView } from '../repos/connections';
import type { SellerClient } from '../repos/credentials';
import type { ConnectionStore } from '../refresh';
import type { ConnectRequest } from './types';

export type ConnectionWriter = Pick<ConnectionStore, 'createConnectionWithGrant' | 'renewGrant' | 'discardUnproven'>;

export interface StepFailure {
  readonly reason: string;
  readonly message: string;
}

/** A token request's failure as people read it; null = not a known failure (a bug: rethrow). */
export function tokenStepFailure(err: unknown): StepFailure | null {
  if (err instanceof TokenEndpointError) return { reason: err.reason, message: err.message };
  if (err instanceof ConfigError) return { reason: 'config_error', message: err.message };
  return null;
}

/** The marketplace's own id of the account: a kept callback value, else a well-known token field. */
function externalAccountOf(connector: ConnectorDefinition, metadata: Readonly<Record<string, string>>, tokens: TokenSet): string | null {
  for (const p of connector.callback.keepParams) if (metadata[p]) return metadata[p];
  for (const k of ['user_id', 'open_id', 'seller_id', 'sub']) if (tokens.extra[k]) return tokens.extra[k];
  return null;
}

export interface SaveInput {
  readonly tokens: TokenSet;
  readonly metadata: Readonly<Record<string, string>>;
  readonly scopes: ReadonlyArray<string>;
  /** A pasted refresh token has no access token yet: due for refresh at once. */
  readonly dueNow?: boolean;
  /** The seller's own pair that got these tokens: sealed with them. */
  readonly sellerClient?: SellerClient;
}

/**
 * Creates the connection (or renews the reconnected one's grant). A refusal of the store (an
 * EngineError, a constraint) comes back as a failure with its code; anything else is thrown.
 */
export function saveConnection(store: ConnectionWriter, req: ConnectRequest, input: SaveInput): { readonly ok: true; readonly view: ConnectionView } | ({ readonly ok: false } & StepFailure) {
  const { connector } = req;
  const externalAccount = externalAccountOf(connector, input.metadata, input.tokens);
  try {
    if (req.connection) {
      const view = store.renewGrant(req.connection.id, input.tokens, {
        externalAccount,
        callbackMetadata: input.metadata,
        scopesRequested: input.scopes,
        actor: req.actor,
        ...(input.sellerClient ? { sellerClient: input.sellerClient } : {}),
      });
      return { ok: true, view };
    }
    const view = store.createConnectionWithGrant({
      tenantId: req.tenantId,
      connectorId: connector.id,
      account: req.account ?? externalAccount ?? connector.name,
      region: req.region,
      settings: req.settings,
      grant: { externalAccount, callbackMetadata: input.metadata, scopesRequested: input.scopes },
      tokens: input.tokens,
      actor: req.actor,
      dueNow: input.dueNow ?? false,
      ...(input.sellerClient ? { sellerClient: input.sellerClient } : {}),
    });
    return { ok: true, view };
  } catch (err) {
    if (err instanceof Error && 'code' in err) return { ok: false, reason: String((err as { code: unknown }).code), message: err.message };
    throw err;
  }
}
