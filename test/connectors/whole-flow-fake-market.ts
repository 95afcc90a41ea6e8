// A marketplace fake (test/fakes/*) with its consent page, as a FlowMarket for the whole-flow
// tests: `app set` points every endpoint of the connector at the fake (real paths kept), the
// seller approves or declines on the fake's consent page, and the checks look at the requests the
// fake recorded. What each marketplace must see is stated here from docs/marketplaces.md, not
// read from the connector definitions, so a definition that drifts from the marketplace fails.
import { expect } from 'vitest';
import { BUILTIN_CONNECTORS } from '../../connectors/registry';
import type { BuiltinConnectorId } from '../../connectors/registry';
import type { RecordedRequest } from '../fakes/fake-marketplace';
import { header } from '../fakes/fake-marketplace';
import type { FakeOAuthMarketplace } from '../fakes/fake-oauth';
import { attachConsentPage } from '../fakes/consent-page';
import { fetchLikeBrowser } from '../support/browser';
import type { ConsentPage, ConsentPageSpec } from '../fakes/consent-page';
import type { RelayPage } from '../support/relay-page';
import { overridesToFake } from './support';
import type { Decision, FlowMarket, TokenJson } from './whole-flow-support';
import { headerOf } from './whole-flow-support';

/** How a marketplace wants the client authenticated at its token endpoint (marketplaces.md §4 quirk 9). */
export type ClientAuthFact =
  | { readonly kind: 'basic' }
  | { readonly kind: 'body'; readonly id: string; readonly secret: string | null }
  | { readonly kind: 'query'; readonly id: string; readonly secret: string };

export interface FakeMarketSpec {
  readonly id: BuiltinConnectorId;
  readonly start: () => Promise<FakeOAuthMarketplace>;
  /** The consent page's parameter checks (the authorize path comes from the definition). */
  readonly page: (fake: FakeOAuthMarketplace, params: Readonly<Record<string, string>>) => Omit<ConsentPageSpec, 'path'>;
  readonly params?: Readonly<Record<string, string>>;
  readonly settings?: Readonly<Record<string, string>>;
  /** The redirect URI registered with the marketplace when it is not the relay page itself (eBay's RuName). */
  readonly registeredRedirect?: string;
  /**
   * The registration param naming the address a registeredRedirect lands on (eBay's acceptUrl),
   * set to the relay page when the connector declares that param.
   */
  readonly landingParam?: string;
  /** The marketplace sends the browser to a redirect fixed in its app settings (TikTok Shop Partner Center). */
  readonly fixedRedirect?: boolean;
  /** Extra query on every endpoint override (Shopify: the shop a real host would carry). */
  readonly overrideQuery?: string;
  readonly auth: ClientAuthFact;
  /** Where the token parameters travel (marketplaces.md §4 quirk 10). */
  readonly paramsIn: 'form' | 'json' | 'query';
  readonly tokenMethod?: 'GET' | 'POST';
  /** What else a token request (exchange and refresh) must carry: kept callback values, headers. */
  readonly onTokenRequest?: (req: RecordedRequest, fake: FakeOAuthMarketplace) => void;
  /** The probe request's own headers beyond a live access token. */
  readonly onProbe?: (req: RecordedRequest, fake: FakeOAuthMarketplace) => void;
  /** Where the probe finds the access token. */
  readonly probeToken: (req: RecordedRequest) => string | null;
  /** `token --json` headers: the access token where scripts put it, plus the marketplace's own. */
  readonly onToken: (token: TokenJson, fake: FakeOAuthMarketplace) => void;
}

export const bearer = (req: RecordedRequest): string | null => /^Bearer (.+)$/i.exec(header(req, 'authorization') ?? '')?.[1] ?? null;

export function expectBearerToken(token: TokenJson): void {
  expect(headerOf(token.headers, 'authorization')).toBe(`Bearer ${token.accessToken}`);
}

const SECRET_ENV = 'FLOW_CLIENT_SECRET';

export class FakeFlowMarket implements FlowMarket {
  readonly connector: string;
  readonly connectArgs: ReadonlyArray<string>;
  private readonly consentPage: ConsentPage;
  private readonly overrides: Readonly<Record<string, string>>;
  private readonly paths: { readonly token: ReadonlySet<string>; readonly probe: string };

  private constructor(
    readonly spec: FakeMarketSpec,
    readonly fake: FakeOAuthMarketplace,
  ) {
    const def = BUILTIN_CONNECTORS[spec.id];
    this.connector = spec.id;
    this.connectArgs = Object.entries(spec.settings ?? {}).flatMap(([k, v]) => ['--setting', `${k}=${v}`]);
    const real = overridesToFake(def, fake.url, { ...(spec.settings ?? {}) });
    this.overrides = Object.fromEntries(Object.entries(real).map(([name, url]) => [name, spec.overrideQuery ? `${url}${url.includes('?') ? '&' : '?'}${spec.overrideQuery}` : url]));
    const pathOf = (name: string): string | null => (this.overrides[name] ? new URL(this.overrides[name].replace(/\{[^}]+\}/g, 'x')).pathname : null);
    this.paths = { token: new Set([pathOf('token'), pathOf('refresh')].filter((p): p is string => p !== null)), probe: pathOf('probe')! };
    this.consentPage = attachConsentPage(fake, { path: pathOf('authorize')!, ...spec.page(fake, spec.params ?? {}) });
  }

  static async start(spec: FakeMarketSpec): Promise<FakeFlowMarket> {
    return new FakeFlowMarket(spec, await spec.start());
  }

  get secrets(): ReadonlyArray<string> {
    return [this.fake.clientSecret];
  }

  appSet(relay: RelayPage | null): { args: string[]; env: Record<string, string> } {
    const { spec } = this;
    if (relay && spec.registeredRedirect) this.consentPage.landingFor.set(spec.registeredRedirect, relay.url);
    if (relay && spec.fixedRedirect) this.consentPage.fixedRedirect = relay.url;
    return {
      args: [
        '--client-id',
        this.fake.clientId,
        '--client-secret-env',
        SECRET_ENV,
        ...(relay ? ['--redirect-uri', spec.registeredRedirect ?? relay.url] : []),
        ...Object.entries(this.overrides).flatMap(([name, url]) => ['--endpoint', `${name}=${url}`]),
        ...Object.entries(spec.params ?? {}).flatMap(([k, v]) => ['--param', `${k}=${v}`]),
        ...(relay && spec.landingParam && BUILTIN_CONNECTORS[spec.id].params.some((p) => p.name === spec.landingParam) ? ['--param', `${spec.landingParam}=${relay.url}`] : []),
      ],
      env: { [SECRET_ENV]: this.fake.clientSecret },
    };
  }

  async seller(authorizeUrl: string, decision: Decision, stopAt: string): Promise<string> {
    this.consentPage.decline = decision === 'decline';
    const res = await fetchLikeBrowser(authorizeUrl, { redirect: 'manual' });
    const body = await res.text();
    const location = res.headers.get('location');
    expect(res.status, `the consent page refused the authorize request: ${body}`).toBe(302);
    expect(location!.startsWith(stopAt), `the marketplace sent the browser to ${location}, not to ${stopAt}`).toBe(true);
    return location!;
  }

  selfAuthorize(): Promise<string> {
    return Promise.resolve(this.fake.selfAuthorize());
  }

  mark(): number {
    return this.fake.requests.length;
  }

  private since(since: number): RecordedRequest[] {
    return this.fake.requests.slice(since);
  }

  private tokenRequests(since: number): RecordedRequest[] {
    return this.since(since).filter((r) => this.paths.token.has(r.path));
  }

  private expectTokenRequest(req: RecordedRequest, grant: string): void {
    const { spec, fake } = this;
    expect(req.method).toBe(spec.tokenMethod ?? 'POST');
    expect(req.params.get('grant_type')).toBe(grant);
    if (spec.paramsIn === 'query') {
      expect(req.url.searchParams.get('grant_type')).toBe(grant);
    } else {
      expect(req.bodyFormat).toBe(spec.paramsIn);
    }
    const auth = spec.auth;
    if (auth.kind === 'basic') {
      expect(req.basic).toEqual({ id: fake.clientId, secret: fake.clientSecret });
      expect(req.params.has('client_secret')).toBe(false);
    } else if (auth.kind === 'body') {
      expect(req.basic).toBeNull();
      expect(req.params.get(auth.id)).toBe(fake.clientId);
      if (auth.secret === null) expect(req.body.includes(fake.clientSecret)).toBe(false);
      else expect(req.params.get(auth.secret)).toBe(fake.clientSecret);
    } else {
      expect(req.url.searchParams.get(auth.id)).toBe(fake.clientId);
      expect(req.url.searchParams.get(auth.secret)).toBe(fake.clientSecret);
    }
    spec.onTokenRequest?.(req, fake);
  }

  expectExchange(since: number): void {
    const reqs = this.tokenRequests(since);
    expect(reqs.map((r) => r.params.get('grant_type'))).toContain(this.spec.id === 'tiktok-shop' ? 'authorized_code' : 'authorization_code');
    const exchange = reqs.find((r) => r.params.get('grant_type') !== 'refresh_token')!;
    this.expectTokenRequest(exchange, exchange.params.get('grant_type')!);
  }

  expectRefresh(since: number): void {
    const reqs = this.tokenRequests(since);
    expect(reqs, 'one refresh-token request reached the marketplace').toHaveLength(1);
    this.expectTokenRequest(reqs[0]!, 'refresh_token');
  }

  expectProbe(since: number): void {
    const probes = this.since(since).filter((r) => r.path === this.paths.probe);
    expect(probes, 'one probe reached the marketplace').toHaveLength(1);
    const token = this.spec.probeToken(probes[0]!);
    expect(token !== null && this.fake.isAccessTokenLive(token), 'the probe carried a live access token where the API wants it').toBe(true);
    this.spec.onProbe?.(probes[0]!, this.fake);
  }

  async expectToken(token: TokenJson, since: number): Promise<void> {
    // Fresh enough not to need a refresh right after one: nothing reached the token endpoint.
    expect(this.tokenRequests(since)).toHaveLength(0);
    expect(this.fake.isAccessTokenLive(token.accessToken)).toBe(true);
    for (const value of Object.values(token.headers)) expect(value.includes(this.fake.clientSecret), 'token headers carry the app secret').toBe(false);
    this.spec.onToken(token, this.fake);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return this.fake.close();
  }
}
