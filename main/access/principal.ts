// Who acts: the OS user while the vault has no operators, else a signed-in operator. `actor` is
// what the audit log records (operator names never contain ':', so they cannot pass for os:…).
import type { Role } from './matrix';

export type Principal =
  | { readonly kind: 'os'; readonly actor: string }
  | { readonly kind: 'operator'; readonly actor: string; readonly id: string; readonly name: string; readonly role: Role };

/** What an action names: the tenant, and for a connection its id and connector. */
export interface Scope {
  readonly tenantId?: string;
  readonly connectionId?: string;
  readonly connector?: string;
}

/** Which tenants a principal sees: every one, or these (with the connectors a grant narrows to). */
export type Visibility =
  | { readonly all: true }
  | { readonly all: false; readonly tenants: ReadonlyMap<string, ReadonlySet<string> | 'every'> };

/** The current principal of a process or a desktop session; the engine reads it to set owners. */
export class ActingPrincipal {
  #current: Principal | null = null;

  get(): Principal | null {
    return this.#current;
  }

  set(principal: Principal | null): void {
    this.#current = principal;
  }

  /** The operator id new tenants and connections are owned by, if an operator acts. */
  ownerId(): string | null {
    const p = this.#current;
    return p?.kind === 'operator' ? p.id : null;
  }
}
