// The access policy: signing operators in (PIN, throttled across processes), deciding whether a
// principal may take an action within a scope (the matrix of ./matrix.ts plus the operator's
// grants), and which tenants and connections a principal sees. A refusal is a
// DomainError('forbidden') naming the role and what it may not do, audited with outcome
// `refused` and the operator as actor, before anything changes.
import type { AuditInput } from '../audit/types';
import { DomainError } from '../errors';
import type { AccessGrantsRepo } from '../repos/access-grants';
import type { OperatorsRepo } from '../repos/operators';
import { ACTION_WORDS, reachOf, type Action } from './matrix';
import { burnPinCheck, parseKdf, verifyPin } from './pin';
import type { Principal, Scope, Visibility } from './principal';

export interface ThrottleOptions {
  /** Failures in a row before each further try is slowed. */
  readonly freeAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { freeAttempts: 3, baseDelayMs: 250, maxDelayMs: 8_000 };

export interface AccessServiceDeps {
  readonly operators: OperatorsRepo;
  readonly grants: AccessGrantsRepo;
  readonly audit: (event: AuditInput) => void;
  readonly clock: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly throttle?: ThrottleOptions;
}

/** How long a sign-in waits before checking the PIN, after `failures` failures in a row. */
export function throttleDelay(failures: number, t: ThrottleOptions = DEFAULT_THROTTLE): number {
  if (failures < t.freeAttempts) return 0;
  return Math.min(t.maxDelayMs, t.baseDelayMs * 2 ** Math.min(failures - t.freeAttempts, 20));
}

export class AccessService {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly throttle: ThrottleOptions;

  constructor(private readonly deps: AccessServiceDeps) {
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.throttle = deps.throttle ?? DEFAULT_THROTTLE;
  }

  hasOperators(): boolean {
    return this.deps.operators.count() > 0;
  }

  osPrincipal(user: string): Principal {
    return { kind: 'os', actor: `os:${user}` };
  }

  /** The operator for this name and PIN; operator_auth (audited with the name tried) otherwise. */
  async signIn(name: string, pin: string, opts: { readonly host: string; readonly auditSuccess?: boolean }): Promise<Principal> {
    const op = this.deps.operators.byName(name);
    const kdf = op ? parseKdf(op.pinKdf) : null;
    if (op === undefined || kdf === null || op.pinHash === null || op.pinSalt === null) {
      const unknownWait = throttleDelay(this.deps.operators.unknownNameFailures(), this.throttle);
      if (unknownWait > 0) await this.sleep(unknownWait);
      await burnPinCheck(pin);
      this.deps.operators.recordUnknownNameFailure();
      this.failed(name, opts.host, null);
      throw authError();
    }
    const wait = throttleDelay(op.failedAttempts, this.throttle);
    if (wait > 0) await this.sleep(wait);
    if (!(await verifyPin(pin, { hash: op.pinHash, salt: op.pinSalt, kdf }))) {
      this.deps.operators.recordFailure(op.id, this.deps.clock().toISOString());
      this.failed(name, opts.host, op.failedAttempts + 1);
      throw authError();
    }
    if (op.failedAttempts > 0) this.deps.operators.resetFailures(op.id);
    if (this.deps.operators.unknownNameFailures() > 0) this.deps.operators.resetUnknownNameFailures();
    if (opts.auditSuccess === true) this.deps.audit({ actor: op.name, action: 'operator.sign_in', outcome: 'ok', detail: { via: opts.host } });
    return { kind: 'operator', actor: op.name, id: op.id, name: op.name, role: op.role };
  }

  private failed(name: string, host: string, failures: number | null): void {
    this.deps.audit({
      actor: host,
      action: 'operator.sign_in',
      outcome: 'failed',
      detail: { name: name.slice(0, 200), ...(failures === null ? { reason: 'unknown_operator' } : { reason: 'wrong_pin', failures }) },
    });
  }

  /** Whether the principal may take the action within the scope; never audits. */
  can(principal: Principal, action: Action, scope: Scope = {}): boolean {
    return this.refusal(principal, action, scope) === null;
  }

  /** Throws forbidden (audited as refused) unless the principal may take the action within the scope. */
  authorize(principal: Principal, action: Action, scope: Scope = {}): void {
    const why = this.refusal(principal, action, scope);
    if (why === null) return;
    this.deps.audit({
      actor: principal.actor,
      tenantId: scope.tenantId ?? null,
      connectionId: scope.connectionId ?? null,
      action,
      outcome: 'refused',
      detail: { role: principal.kind === 'operator' ? principal.role : null, reason: why.reason },
    });
    throw new DomainError('forbidden', why.message, { hint: 'ask an admin for the role or a grant' });
  }

  private refusal(principal: Principal, action: Action, scope: Scope): { reason: string; message: string } | null {
    if (principal.kind === 'os') return null;
    const reach = reachOf(action, principal.role);
    const words = ACTION_WORDS[action];
    if (reach === 'none') return { reason: 'role', message: `${principal.name} has the ${principal.role} role, which may not ${words}` };
    if (reach === 'all' || scope.tenantId === undefined) return null;
    if (this.covers(this.visibility(principal), scope.tenantId, scope.connector)) return null;
    const what = scope.connectionId !== undefined ? `connection ${scope.connectionId}` : `tenant ${scope.tenantId}`;
    return { reason: 'no_grant', message: `${principal.name} (${principal.role}) has no grant for ${what}, so may not ${words} there` };
  }

  /** Every tenant for admin, auditor and the OS user; else the tenants of unexpired grants. */
  visibility(principal: Principal): Visibility {
    if (principal.kind === 'os' || principal.role === 'admin' || principal.role === 'auditor') return { all: true };
    const tenants = new Map<string, Set<string> | 'every'>();
    for (const g of this.deps.grants.liveFor(principal.id, this.deps.clock().toISOString())) {
      const had = tenants.get(g.tenantId);
      if (g.connector === null || had === 'every') tenants.set(g.tenantId, 'every');
      else tenants.set(g.tenantId, new Set([...(had ?? []), g.connector]));
    }
    return { all: false, tenants };
  }

  covers(v: Visibility, tenantId: string, connector?: string): boolean {
    if (v.all) return true;
    const reach = v.tenants.get(tenantId);
    if (reach === undefined) return false;
    return reach === 'every' || connector === undefined || reach.has(connector);
  }

  /** A list with what the principal may not see left out. */
  filterVisible<T>(principal: Principal, items: ReadonlyArray<T>, scopeOf: (item: T) => { tenantId: string | null; connector?: string }): T[] {
    const v = this.visibility(principal);
    if (v.all) return [...items];
    return items.filter((item) => {
      const s = scopeOf(item);
      return s.tenantId !== null && this.covers(v, s.tenantId, s.connector);
    });
  }
}

function authError(): DomainError {
  return new DomainError('operator_auth', 'unknown operator or wrong PIN', { hint: 'check --operator / FIVEX_OPERATOR and FIVEX_OPERATOR_PIN' });
}
