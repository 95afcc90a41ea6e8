// The two whole-flow stand-ins that are real authorization servers rather than marketplace fakes:
// the demo marketplace (connectors/demo/server.ts, the `demo` connector) and node oidc-provider
// behind a custom connector file (the `generic` connector, docs/cli-contract.md "Custom
// connector file"). Neither keeps a request log, so their checks use what they do expose: the
// AS's token-request counter, and the handed-out token working at the protected API.
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startDemoMarketplace } from '../../connectors/demo/server';
import { BUILTIN_CONNECTORS } from '../../connectors/registry';
import { browseToCallback } from '../support/browser';
import { tempDir } from '../support/cli';
import { decideAtDemo } from '../support/demo-seller';
import { startOidcServer } from '../support/oidc-server';
import { RELAY_PAGE_PATH } from '../support/relay-page';
import type { RelayPage } from '../support/relay-page';
import { DEEP_LINK_PREFIX, headerOf } from './whole-flow-support';
import type { Decision, FlowMarket, TokenJson } from './whole-flow-support';

export async function startDemoFlowMarket(): Promise<FlowMarket> {
  const demo = await startDemoMarketplace();
  return {
    connector: 'demo',
    connectArgs: [],
    secrets: [],
    appSet: (relay: RelayPage | null) => ({ args: ['--client-id', demo.clientId, '--param', `baseUrl=${demo.url}`, ...(relay ? ['--redirect-uri', relay.url] : [])], env: {} }),
    async seller(authorizeUrl: string, decision: Decision, stopAt: string) {
      expect(new URL(authorizeUrl).origin).toBe(demo.url);
      const { callback } = await decideAtDemo(authorizeUrl, decision);
      expect(callback.startsWith(stopAt), `the demo marketplace sent the browser to ${callback}, not to ${stopAt}`).toBe(true);
      return callback;
    },
    async selfAuthorize() {
      // An imported token is checked against every purpose (nothing says what was asked for), so the
      // developer grants them all, as a self-authorization in a console would.
      const all = [...new Set(Object.values(BUILTIN_CONNECTORS.demo.scopes).flat())].join(' ');
      const res = await fetch(`${demo.url}/demo/self-authorize?scope=${encodeURIComponent(all)}`, { method: 'POST' });
      return ((await res.json()) as { refresh_token: string }).refresh_token;
    },
    mark: () => 0,
    // The demo marketplace keeps no request log: the CLI's own answers (state, lastRefreshAt,
    // lastProbeAt) are checked by the caller, and the token is checked at the API below.
    expectExchange: () => undefined,
    expectRefresh: () => undefined,
    expectProbe: () => undefined,
    async expectToken(token: TokenJson) {
      expect(headerOf(token.headers, 'authorization')).toBe(`Bearer ${token.accessToken}`);
      const me = await fetch(`${demo.url}/api/me`, { headers: { ...token.headers } });
      expect(me.status, 'the handed-out headers work at the demo API').toBe(200);
      await me.text();
    },
    close: () => demo.close(),
  };
}

const GENERIC_ID = 'acme-oidc';
const SECRET_ENV = 'FLOW_OIDC_SECRET';

export async function startGenericFlowMarket(): Promise<FlowMarket> {
  // The relay page's port is chosen later; oidc-provider matches loopback redirect URIs of native
  // clients whatever their port (RFC 8252 §7.3), so the port-less form registers every relay page.
  const as = await startOidcServer({ extraRedirectUris: [`http://127.0.0.1${RELAY_PAGE_PATH}`, DEEP_LINK_PREFIX] });
  const client = as.clients.confidential;
  const files = tempDir('fivex-flow-connector-');
  const file = join(files.dir, `${GENERIC_ID}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      id: GENERIC_ID,
      name: 'Acme OIDC Market',
      authorizationEndpoint: as.endpoints.authorize,
      tokenEndpoint: as.endpoints.token,
      revocationEndpoint: as.endpoints.revoke,
      probe: { url: as.endpoints.api, method: 'GET' },
      scopes: as.scopes.slice(0, 2),
      pkce: 'S256',
      clientAuth: 'basic',
    }),
  );
  // Counter snapshots: mark() returns an index into these.
  const marks: Array<{ readonly tokenRequests: number; readonly apiRequests: number }> = [];
  return {
    connector: GENERIC_ID,
    connectArgs: [],
    secrets: [client.clientSecret!],
    before: [['connector', 'add', file]],
    appSet: (relay: RelayPage | null) => ({
      args: ['--client-id', client.clientId, '--client-secret-env', SECRET_ENV, ...(relay ? ['--redirect-uri', relay.url] : [])],
      env: { [SECRET_ENV]: client.clientSecret! },
    }),
    async seller(authorizeUrl: string, decision: Decision, stopAt: string) {
      expect(new URL(authorizeUrl).origin).toBe(as.issuer);
      as.denyConsent(decision === 'decline');
      const { callbackUrl } = await browseToCallback(authorizeUrl, { stopAt });
      return callbackUrl.href;
    },
    async selfAuthorize() {
      // A developer authorizing their own account outside the app, then pasting the refresh token.
      as.denyConsent(false);
      // Its own PKCE pair and state (RFC 7636 S256), as any OAuth client of the developer's makes.
      const verifier = randomBytes(32).toString('base64url');
      const pkce = { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
      const redirectUri = 'http://127.0.0.1:9/oauth/callback';
      const authorize = new URL(as.endpoints.authorize);
      for (const [k, v] of Object.entries({ client_id: client.clientId, response_type: 'code', redirect_uri: redirectUri, scope: as.scopes.join(' '), state: randomBytes(32).toString('base64url'), code_challenge: pkce.challenge, code_challenge_method: 'S256' })) {
        authorize.searchParams.set(k, v);
      }
      const { callbackUrl } = await browseToCallback(authorize, { stopAt: redirectUri });
      const res = await fetch(as.endpoints.token, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret!}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: callbackUrl.searchParams.get('code')!, redirect_uri: redirectUri, code_verifier: pkce.verifier }),
      });
      const body = (await res.json()) as { refresh_token?: string };
      expect(body.refresh_token, 'oidc-provider issued a refresh token').toBeTruthy();
      return body.refresh_token!;
    },
    mark: () => marks.push({ ...as.stats }) - 1,
    expectExchange: (since) => expect(as.stats.tokenRequests, 'one code exchange reached the authorization server').toBe(marks[since]!.tokenRequests + 1),
    expectRefresh: (since) => expect(as.stats.tokenRequests, 'one refresh reached the authorization server').toBe(marks[since]!.tokenRequests + 1),
    expectProbe: (since) => {
      expect(as.stats.apiRequests, 'one probe reached the protected resource').toBe(marks[since]!.apiRequests + 1);
      expect(as.stats.tokenRequests).toBe(marks[since]!.tokenRequests);
    },
    async expectToken(token: TokenJson, since: number) {
      expect(as.stats.tokenRequests, 'a fresh token is handed out without a refresh').toBe(marks[since]!.tokenRequests);
      const me = await fetch(as.endpoints.api, { headers: { ...token.headers } });
      expect(me.status, 'the handed-out headers work at the protected API').toBe(200);
      expect(((await me.json()) as { client_id: string }).client_id).toBe(client.clientId);
    },
    async close() {
      await as.close();
      files.cleanup();
    },
  };
}
