// Operators, access grants and ownership, changed by an authorized principal (the caller has run
// AccessService.authorize first): add/list/remove operators and change their role, add/list/remove grants, transfer a
// connection, hand everything one operator owns to another. Every change is audited in the same
// transaction as the change.
import type { AuditInput } from '../audit/types';
import { DomainError } from '../errors';
import type { AccessGrant, AccessGrantsRepo } from '../repos/access-grants';
import type { OperatorRecord, OperatorsRepo } from '../repos/operators';
import { newId } from '../vault/ids';
import { isRole, ROLES, type Role } from './matrix';
import { hashPin } from './pin';
import type { Principal } from './principal';

export interface OperatorAdminDeps {
  readonly operators: OperatorsRepo;
  readonly grants: AccessGrantsRepo;
  readonly audit: (event: AuditInput) => void;
  readonly transaction: <T>(fn: () => T) => T;
  readonly clock: () => Date;
  /** Whether a connector's marketplace ties consent to the person who gave it. */
  readonly consentTiedToPerson: (connectorId: string) => boolean;
}

export interface GrantInput {
  readonly operator: string;
  readonly tenantId: string;
  readonly connector: string | null;
  readonly until: string | null;
}

export interface HandoverResult {
  readonly moved: string[];
  readonly needsReconsent: string[];
}

// eslint-disable-next-line no-control-regex
const NAME = /^[^\u0000-\u001f\u007f:]{1,64}$/u;

export function validateOperatorName(raw: string): string {
  const name = raw.trim();
  if (!NAME.test(name)) throw new DomainError('invalid_name', 'an operator name has 1 to 64 characters, without ":" or control characters');
  return name;
}

export class OperatorAdmin {
  constructor(private readonly deps: OperatorAdminDeps) {}

  async add(by: Principal, rawName: string, role: string, pin: string): Promise<{ name: string; role: Role }> {
    const name = validateOperatorName(rawName);
    if (!isRole(role)) throw new DomainError('invalid_role', `unknown role "${role}"; one of ${ROLES.join(', ')}`);
    if (this.deps.operators.count() === 0 && role !== 'admin') {
      throw new DomainError('invalid_role', 'the first operator must have the role admin (otherwise nobody could add the others)');
    }
    const pinHash = await hashPin(pin);
    this.deps.transaction(() => {
      if (this.deps.operators.byName(name)) throw new DomainError('conflict', `an operator named "${name}" already exists`);
      this.deps.operators.insert({
        id: newId('op'),
        name,
        role,
        pinHash: pinHash.hash,
        pinSalt: pinHash.salt,
        pinKdf: JSON.stringify(pinHash.kdf),
        createdAt: this.now(),
      });
      this.deps.audit({ actor: by.actor, action: 'operator.add', outcome: 'ok', detail: { name, role } });
    });
    return { name, role };
  }

  list(): Array<{ name: string; role: Role; grants: Array<{ tenantId: string; tenant: string; connector: string | null; until: string | null }> }> {
    const grants = this.deps.grants.list();
    return this.deps.operators.list().map((op) => ({
      name: op.name,
      role: op.role,
      grants: grants.filter((g) => g.operatorId === op.id).map((g) => ({ tenantId: g.tenantId, tenant: g.tenant, connector: g.connector, until: g.until })),
    }));
  }

  remove(by: Principal, name: string): { name: string } {
    const op = this.require(name);
    const owned = this.deps.operators.ownedConnections(op.id).length + this.deps.operators.ownedTenants(op.id).length;
    if (owned > 0) {
      throw new DomainError('conflict', `${op.name} still owns ${owned} tenant(s) or connection(s)`, { hint: `hand them over first: fivex-connect handover ${op.name} --to OPERATOR` });
    }
    if (op.role === 'admin' && this.deps.operators.list().filter((o) => o.role === 'admin').length === 1 && this.deps.operators.count() > 1) {
      throw new DomainError('conflict', `${op.name} is the last admin; add another admin first`);
    }
    this.deps.transaction(() => {
      this.deps.operators.remove(op.id);
      this.deps.audit({ actor: by.actor, action: 'operator.remove', outcome: 'ok', detail: { name: op.name, role: op.role } });
    });
    return { name: op.name };
  }

  /** A new role for an operator; the last admin keeps the role (someone must be able to administer). */
  setRole(by: Principal, name: string, role: string): { name: string; role: Role } {
    const op = this.require(name);
    if (!isRole(role)) throw new DomainError('invalid_role', `unknown role "${role}"; one of ${ROLES.join(', ')}`);
    if (op.role === role) return { name: op.name, role };
    if (op.role === 'admin' && this.deps.operators.list().filter((o) => o.role === 'admin').length === 1) {
      throw new DomainError('conflict', `${op.name} is the last admin; make another operator admin first`);
    }
    this.deps.transaction(() => {
      this.deps.operators.setRole(op.id, role);
      this.deps.audit({ actor: by.actor, action: 'operator.role', outcome: 'ok', detail: { name: op.name, from: op.role, to: role } });
    });
    return { name: op.name, role };
  }

  addGrant(by: Principal, input: GrantInput): { operator: string; tenant: string; connector: string | null; until: string | null } {
    const op = this.require(input.operator);
    if (input.until !== null && Number.isNaN(Date.parse(input.until))) throw new DomainError('invalid_input', '--until takes an ISO-8601 time, e.g. 2027-01-31T00:00:00Z');
    const until = input.until === null ? null : new Date(input.until).toISOString();
    this.deps.transaction(() => {
      this.deps.grants.put({ operatorId: op.id, tenantId: input.tenantId, connector: input.connector, until, grantedBy: by.actor, grantedAt: this.now() });
      this.deps.audit({ actor: by.actor, tenantId: input.tenantId, action: 'grant.add', outcome: 'ok', detail: { operator: op.name, connector: input.connector, until } });
    });
    return { operator: op.name, tenant: input.tenantId, connector: input.connector, until };
  }

  listGrants(filter: { operator?: string; tenantId?: string }): AccessGrant[] {
    return this.deps.grants.list().filter((g) => (filter.operator === undefined || g.operator === filter.operator) && (filter.tenantId === undefined || g.tenantId === filter.tenantId));
  }

  removeGrant(by: Principal, operator: string, tenantId: string, connector: string | null): { operator: string; tenant: string; connector: string | null } {
    const op = this.require(operator);
    this.deps.transaction(() => {
      if (!this.deps.grants.remove(op.id, tenantId, connector)) {
        throw new DomainError('unknown_grant', `${op.name} holds no grant for that tenant${connector === null ? '' : ` and connector ${connector}`}`);
      }
      this.deps.audit({ actor: by.actor, tenantId, action: 'grant.remove', outcome: 'ok', detail: { operator: op.name, connector } });
    });
    return { operator: op.name, tenant: tenantId, connector };
  }

  /** A grant on the tenant for its creator, who owns it. */
  claimTenant(by: Principal, tenantId: string): void {
    if (by.kind !== 'operator') return;
    this.deps.operators.setTenantOwner(tenantId, by.id);
    this.deps.grants.put({ operatorId: by.id, tenantId, connector: null, until: null, grantedBy: by.actor, grantedAt: this.now() });
  }

  transfer(by: Principal, connection: { id: string; tenantId: string; connectorId: string }, to: string): void {
    const op = this.require(to);
    if (!this.holdsGrant(op, connection.tenantId, connection.connectorId)) {
      throw new DomainError('conflict', `${op.name} holds no grant on this connection's tenant`, { hint: `grant it first: fivex-connect grant add ${op.name} ${connection.tenantId}` });
    }
    this.deps.transaction(() => {
      this.deps.operators.setConnectionOwner(connection.id, op.id, this.now());
      this.deps.audit({ actor: by.actor, tenantId: connection.tenantId, connectionId: connection.id, action: 'connection.transfer', outcome: 'ok', detail: { to: op.name } });
    });
  }

  /** Everything `from` owns moves to `to` in one transaction (or, with dryRun, what would). */
  handover(by: Principal, from: string, to: string, dryRun: boolean): HandoverResult {
    const a = this.require(from);
    const b = this.require(to);
    if (a.id === b.id) throw new DomainError('invalid_input', 'hand over to another operator');
    const connections = this.deps.operators.ownedConnections(a.id);
    const tenants = this.deps.operators.ownedTenants(a.id);
    const result: HandoverResult = {
      moved: [...tenants, ...connections.map((c) => c.id)],
      needsReconsent: connections.filter((c) => this.deps.consentTiedToPerson(c.connectorId)).map((c) => c.id),
    };
    if (dryRun) return result;
    this.deps.transaction(() => {
      const at = this.now();
      for (const t of tenants) {
        this.deps.operators.setTenantOwner(t, b.id);
        this.deps.grants.put({ operatorId: b.id, tenantId: t, connector: null, until: null, grantedBy: by.actor, grantedAt: at });
      }
      for (const c of connections) {
        this.deps.operators.setConnectionOwner(c.id, b.id, at);
        if (!this.holdsGrant(b, c.tenantId, c.connectorId)) {
          this.deps.grants.put({ operatorId: b.id, tenantId: c.tenantId, connector: null, until: null, grantedBy: by.actor, grantedAt: at });
        }
      }
      this.deps.audit({ actor: by.actor, action: 'operator.handover', outcome: 'ok', detail: { from: a.name, to: b.name, moved: result.moved, needsReconsent: result.needsReconsent } });
    });
    return result;
  }

  private holdsGrant(op: OperatorRecord, tenantId: string, connectorId: string): boolean {
    if (op.role === 'admin' || op.role === 'auditor') return true;
    return this.deps.grants.liveFor(op.id, this.now()).some((g) => g.tenantId === tenantId && (g.connector === null || g.connector === connectorId));
  }

  private require(name: string): OperatorRecord {
    const op = this.deps.operators.byName(name);
    if (!op) throw new DomainError('unknown_operator', `unknown operator "${name}"; see \`fivex-connect operator list\``);
    return op;
  }

  private now(): string {
    return this.deps.clock().toISOString();
  }
}
