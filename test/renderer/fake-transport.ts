// An in-memory BridgeTransport for renderer specs: answers each channel from a small model
// (vault state, tenants, connections, connectors), records calls, and can emit main's events.
import type {
  ApiError,
  BridgeTransport,
  ConnectionDto,
  ConnectorDto,
  EventChannel,
  EventPayload,
  InvokeParams,
  InvokeChannel,
  InvokeReply,
  PasteConsentResult,
  Reply,
  RevocationOutcome,
  RevocationPreviewDto,
  StartConsentResult,
  TenantDto,
  VaultStatus,
} from '../../preload/contract';
import { ACTIONS } from '../../main/access/matrix';
import type { SessionOperator, SessionPrincipal } from '../../preload/session-channels';
import type { GridConnection } from '../../preload/workspace-channels';

const keychain = { available: true, backend: 'basic_text', secure: false };

export interface FakeModel {
  vault: 'missing' | 'locked' | 'unlocked';
  passphrase: string | null;
  tenants: TenantDto[];
  connections: ConnectionDto[];
  connectors: ConnectorDto[];
}

export class FakeTransport implements BridgeTransport {
  readonly calls: Array<{ channel: InvokeChannel; args: unknown[] }> = [];
  readonly listeners = new Map<string, Set<(payload: never) => void>>();
  model: FakeModel = { vault: 'missing', passphrase: null, tenants: [], connections: [], connectors: [] };
  /** What consent:start and consent:paste answer. */
  startReply: StartConsentResult = { status: 'unavailable', reason: 'not_configured', text: { en: 'Not yet.', es: 'Todavía no.' } };
  pasteReply: PasteConsentResult = { status: 'refused', text: { en: 'Not accepted.', es: 'No aceptado.' } };
  /** What connections:reconnect, connections:revokePreview and connections:revoke answer. */
  reconnectReply: StartConsentResult = { status: 'unavailable', reason: 'not_configured', text: { en: 'Not yet.', es: 'Todavía no.' } };
  /** What connect:options answers (null: the fake does not answer it); connect:renew answers reconnectReply. */
  connectOptions: unknown[] | null = null;
  impact: RevocationPreviewDto['impact'] = {
    en: { stops: ['Renewing stops.'], remains: ['Order history stays.'], canReconnect: ['The seller approves again.'] },
    es: { stops: ['La renovación se detiene.'], remains: ['El historial de pedidos se conserva.'], canReconnect: ['El vendedor aprueba de nuevo.'] },
  };
  revokeOutcome: RevocationOutcome = { remote: 'done' };
  /** The operator session: the OS user acting (everything allowed) unless a spec sets operators. */
  session: { principal: SessionPrincipal | null; allowed: string[]; operators: SessionOperator[]; pin: string; allowedFor: (role: string) => string[] } = {
    principal: { kind: 'os', name: 'os:tester', role: null },
    allowed: [...ACTIONS],
    operators: [],
    pin: '',
    allowedFor: () => [],
  };
  /** When set, connections:refresh answers this refusal (the engine's words in `message`). */
  refreshError: ApiError | null = null;

  status(): VaultStatus {
    const dir = '/home/test/.config/FiveX Connect/vault';
    if (this.model.vault === 'unlocked') return { state: 'unlocked', dir, keychain, unlockedWith: 'passphrase', insecureKeychainAccepted: false };
    if (this.model.vault === 'locked') return { state: 'locked', dir, keychain, keychainProblem: 'no_slot', minPassphraseLength: 8 };
    return { state: 'missing', dir, keychain, minPassphraseLength: 8 };
  }

  invoke<C extends InvokeChannel>(channel: C, ...args: InvokeParams<C>): Promise<InvokeReply<C>> {
    this.calls.push({ channel, args });
    return Promise.resolve(this.#answer(channel, args as unknown[]) as InvokeReply<C>);
  }

  subscribe<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    const stored = listener as (payload: never) => void;
    set.add(stored);
    return () => set.delete(stored);
  }

  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (p: EventPayload<E>) => void)(payload);
  }

  #answer(channel: InvokeChannel, args: unknown[]): Reply<unknown> {
    const ok = (value: unknown): Reply<unknown> => ({ ok: true, value });
    const arg = (args[0] ?? {}) as Record<string, unknown>;
    const workspace = this.#workspace(channel, arg);
    if (workspace !== null) return ok(workspace);
    switch (channel) {
      case 'app:info':
        return ok({ version: '0.0.0', mode: 'desktop', platform: 'linux' });
      case 'app:launchAtLogin':
      case 'app:setLaunchAtLogin':
        return ok({ supported: false, enabled: false });
      case 'vault:status':
        return ok(this.status());
      case 'vault:create':
        this.model.vault = 'unlocked';
        this.model.passphrase = String(arg.passphrase);
        return ok(this.status());
      case 'vault:unlock':
        if (arg.passphrase !== this.model.passphrase) return { ok: false, error: { code: 'wrong_passphrase', message: 'wrong' } };
        this.model.vault = 'unlocked';
        return ok(this.status());
      case 'vault:lock':
        this.model.vault = 'locked';
        return ok(this.status());
      case 'tenants:list':
        return ok(this.model.tenants);
      case 'tenants:add': {
        const name = String(arg.name).trim();
        if (this.model.tenants.some((t) => t.name === name)) return { ok: false, error: { code: 'tenant_exists', message: 'exists' } };
        const tenant = { id: `ten_${String(this.model.tenants.length).padStart(32, '0')}`, name, connections: 0 };
        this.model.tenants.push(tenant);
        return ok(tenant);
      }
      case 'connectors:list':
        return ok(this.model.connectors);
      case 'connections:list':
        return ok(this.model.connections.filter((c) => c.tenantId === arg.tenantId));
      case 'consent:start':
        return ok(this.startReply);
      case 'consent:paste':
        return ok(this.pasteReply);
      case 'connections:refresh': {
        if (this.refreshError !== null) return { ok: false, error: this.refreshError };
        const found = this.model.connections.find((c) => c.id === arg.connectionId);
        return found === undefined ? { ok: false, error: { code: 'unknown_connection', message: 'gone' } } : ok(found);
      }
      case 'connections:reconnect':
        return ok(this.reconnectReply);
      case 'connect:options':
        return this.connectOptions === null ? { ok: false, error: { code: 'internal', message: 'the fake transport does not answer connect:options' } } : ok(this.connectOptions);
      case 'connect:renew':
        return ok(this.reconnectReply);
      case 'connections:pause':
      case 'connections:resume':
        return this.#update(String(arg.connectionId), (c) => ({ ...c, paused: channel === 'connections:pause', reason: channel === 'connections:pause' ? 'paused' : null }));
      case 'connections:revokePreview':
        return this.model.connections.some((c) => c.id === arg.connectionId)
          ? ok({ connectionId: arg.connectionId, impact: this.impact })
          : { ok: false, error: { code: 'unknown_connection', message: 'gone' } };
      case 'connections:revoke': {
        const updated = this.#update(String(arg.connectionId), (c) => ({ ...c, state: 'disconnected', paused: false, reason: null, reasonText: null }));
        return updated.ok ? ok({ connection: updated.value, outcome: this.revokeOutcome }) : updated;
      }
      case 'session:current':
        return ok(this.session.principal);
      case 'session:operators':
        return ok(this.session.operators);
      case 'session:permissions': {
        const p = this.session.principal;
        if (p === null) return ok(null);
        return ok({ role: p.role, allowed: this.session.allowed });
      }
      case 'session:signIn': {
        const { name, pin } = arg as { name: string; pin: string };
        const op = this.session.operators.find((o) => o.name === name);
        if (op === undefined || pin !== this.session.pin) return { ok: false, error: { code: 'operator_auth', message: 'unknown operator or wrong PIN' } };
        this.session.principal = { kind: 'operator', name: op.name, role: op.role };
        this.session.allowed = this.session.allowedFor(op.role);
        return ok(this.session.principal);
      }
      case 'session:signOut':
        this.session.principal = null;
        return ok(null);
      default:
        return { ok: false, error: { code: 'internal', message: `the fake transport does not answer ${channel}` } };
    }
  }

  /** The workspace channels (preload/workspace-channels.ts), answered from the same model. */
  #workspace(channel: string, arg: Record<string, unknown>): unknown {
    const tenantName = (id: string): string => this.model.tenants.find((t) => t.id === id)?.name ?? '';
    const row = (c: ConnectionDto): GridConnection => ({
      id: c.id,
      tenantId: c.tenantId,
      tenantName: tenantName(c.tenantId),
      connectorId: c.connectorId,
      connectorName: c.connectorName,
      label: c.account,
      region: c.region,
      state: c.state,
      paused: c.paused,
      reason: c.reason,
      reasonText: c.reasonText,
      renewBy: c.renewBy,
      lastRefreshAt: c.lastRefreshAt,
      lastProbeAt: null,
      nextRetryAt: null,
      owner: null,
      unchecked: c.reason === 'not_verified',
      updatedAt: c.updatedAt,
    });
    const count = (id: string, state: string) => this.model.connections.filter((c) => c.tenantId === id && c.state === state).length;
    switch (channel) {
      case 'workspace:status':
        return { vaultDir: this.status().dir, operator: 'os:tester', lastRunAt: null, keychainBackend: 'basic_text' };
      case 'workspace:tenants':
        return this.model.tenants.map((t) => ({
          id: t.id,
          name: t.name,
          connections: this.model.connections.filter((c) => c.tenantId === t.id).length,
          needsConsent: count(t.id, 'needs_consent'),
          degraded: count(t.id, 'degraded'),
          disconnected: count(t.id, 'disconnected'),
          lastActivityAt: null,
        }));
      case 'workspace:connections':
        return this.model.connections.filter((c) => c.tenantId === arg.tenantId).map(row);
      case 'workspace:connectionsOf':
        return this.model.connections.filter((c) => (arg.tenantIds as ReadonlyArray<string>).includes(c.tenantId)).map(row);
      case 'workspace:attention':
        return this.model.connections
          .filter((c) => c.state === 'needs_consent' || c.state === 'degraded')
          .filter((c) => (arg.part === 'needs_consent' ? c.state === 'needs_consent' : arg.part === 'rest' ? c.state !== 'needs_consent' : true))
          .map(row);
      default:
        return null;
    }
  }

  #update(id: string, change: (c: ConnectionDto) => ConnectionDto): Reply<ConnectionDto> {
    const index = this.model.connections.findIndex((c) => c.id === id);
    const found = this.model.connections[index];
    if (found === undefined) return { ok: false, error: { code: 'unknown_connection', message: 'gone' } };
    const next = change(found);
    this.model.connections[index] = next;
    return { ok: true, value: next };
  }
}

export const CONNECTOR: ConnectorDto = {
  id: 'testmart',
  name: 'TestMart',
  regions: [{ id: 'eu', label: { en: 'Europe', es: 'Europa' } }],
  connectText: { en: 'Sign in to TestMart.', es: 'Entre en TestMart.' },
  consentAvailable: false,
  unavailableText: { en: 'Connecting from the app is not available yet.', es: 'Conectar desde la aplicación aún no está disponible.' },
};

export function connection(overrides: Partial<ConnectionDto> = {}): ConnectionDto {
  return {
    id: 'con_1',
    tenantId: 'ten_00000000000000000000000000000000',
    connectorId: 'testmart',
    connectorName: 'TestMart',
    account: 'Main shop',
    region: 'eu',
    state: 'active',
    reason: null,
    reasonText: null,
    renewBy: null,
    lastRefreshAt: null,
    paused: false,
    updatedAt: '2026-11-27T10:00:00.000Z',
    ...overrides,
  };
}
