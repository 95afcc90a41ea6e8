// Set-up for the connect use case specs: the refresh harness (real vault, repos, token client and
// credential engine) plus real ConsentSessions and the ConnectService on top, with connectors
// pointing at the oidc-provider harness, and a listener that records every event it hears.
import type { ConnectorDefinition } from '../../connectors/types';
import { ConnectService, ConsentSessions } from '../../main/connect';
import type { ConnectListener, ConnectRequest } from '../../main/connect';
import type { ConsentAuditEvent } from '../../main/oauth/protocol';
import type { ConnectionView } from '../../main/repos/connections';
import { connectorAt, createHarness } from '../refresh/support/harness';
import type { Harness } from '../refresh/support/harness';
import type { ConnectorOverrides } from '../oauth/token/fixtures';
import type { OidcClient, OidcServer } from '../support/oidc-server';
import { ConsentSessionsRepo } from '../../main/repos/consent-sessions';

export interface ConnectKit {
  readonly h: Harness;
  readonly sessions: ConsentSessions;
  readonly connect: ConnectService;
  readonly consentAudits: ConsentAuditEvent[];
  /** A ConnectRequest for the harness tenant and this connector. */
  request(connector: ConnectorDefinition, over?: Partial<ConnectRequest>): ConnectRequest;
  /** Adds a connector (and its app registration) next to the harness one. */
  addConnector(connector: ConnectorDefinition, client: OidcClient, registration?: { redirectUri?: string; redirectStrategy?: string }): void;
  close(): Promise<void>;
}

export function oidcConnector(as: OidcServer, overrides: ConnectorOverrides = {}): ConnectorDefinition {
  return connectorAt(
    { authorize: as.endpoints.authorize, token: as.endpoints.token, revoke: as.endpoints.revoke, api: as.endpoints.api },
    {
      id: 'oidc-market',
      name: 'OIDC Market',
      scopes: { base: as.scopes.slice(0, 2) },
      probe: { method: 'GET', endpoint: 'api', intervalSeconds: 60, ratePerSecond: 10, burst: 10 },
      ...overrides,
    },
  );
}

export function createConnectKit(as: OidcServer, connector: ConnectorDefinition, client: OidcClient = as.clients.confidential): ConnectKit {
  const h = createHarness({ connector, clientId: client.clientId, clientSecret: client.clientSecret });
  const consentAudits: ConsentAuditEvent[] = [];
  const sessions = new ConsentSessions({ repo: new ConsentSessionsRepo(h.vault.db), audit: (e) => void consentAudits.push(e) });
  const connect = new ConnectService({
    registrations: h.registrations,
    sessions,
    tokenClient: h.tokenClient,
    store: h.engine.store,
    refresh: h.engine.refresh,
    clock: () => new Date(),
  });
  return {
    h,
    sessions,
    connect,
    consentAudits,
    request: (c, over = {}) => ({ tenantId: h.tenantId, connector: c, region: null, account: null, settings: {}, connection: null, actor: 'os:tester', ...over }),
    addConnector(c, cl, registration = {}) {
      h.connectors.set(c.id, c);
      h.registrations.set({ connectorId: c.id, clientId: cl.clientId, ...(cl.clientSecret === null ? {} : { clientSecret: cl.clientSecret }), ...registration });
    },
    async close() {
      await connect.cancelAll();
      h.close();
    },
  };
}

export type HeardEvent =
  | { readonly event: 'authorize'; readonly url: string; readonly strategy: string }
  | { readonly event: 'refused'; readonly reason: string; readonly message: string }
  | { readonly event: 'connected'; readonly connection: ConnectionView }
  | { readonly event: 'failed'; readonly reason: string; readonly message: string };

/** A listener that records what it hears, in order. */
export function recorder(): { readonly events: HeardEvent[]; readonly listener: ConnectListener; names(): string[] } {
  const events: HeardEvent[] = [];
  return {
    events,
    listener: {
      authorize: (step) => void events.push({ event: 'authorize', url: step.url, strategy: step.strategy }),
      refused: (r) => void events.push({ event: 'refused', reason: r.reason, message: r.message }),
      connected: (connection) => void events.push({ event: 'connected', connection }),
      failed: (f) => void events.push({ event: 'failed', reason: f.reason, message: f.message }),
    },
    names: () => events.map((e) => e.event),
  };
}
