// The desktop's operator session and its one permission check. The principal lives with the
// unlocked vault's services (services.acting), so locking the vault signs out. In a vault with
// operators nobody acts until someone signs in; in one without, the OS user does. Before every
// channel with a rule (./channel-access.ts) the guard authorizes the action through main/access
// and hands the dispatcher a filter for list replies.
import { ACTIONS, reachOf } from '../access/matrix';
import type { Principal, Scope } from '../access/principal';
import { DomainError } from '../errors';
import type { Services } from '../services';
import type { InvokeChannel } from '../../preload/contract';
import type { HandlersOf } from '../../preload/schema-kit';
import type { SESSION_INVOKE, SessionPrincipal } from '../../preload/session-channels';
import { CHANNEL_ACCESS, type ChannelRule } from './channel-access';
import type { VaultSession } from './vault-session';

export type ReplyFilter = (reply: unknown) => unknown;
export type ChannelGuard = (channel: InvokeChannel, args: unknown) => ReplyFilter | undefined;

/** Who acts in this vault now: the signed-in operator, the OS user in a vault without operators, or nobody. */
export function principalOf(s: Services, osActor: string): Principal | null {
  const signedIn = s.acting.get();
  if (signedIn !== null) {
    if (signedIn.kind === 'os') return signedIn;
    // Removed meanwhile (by the CLI, say): signed out. Given another role: acts with that one.
    const record = s.operators.byId(signedIn.id);
    if (record !== undefined) {
      if (record.role === signedIn.role) return signedIn;
      const now: Principal = { ...signedIn, role: record.role };
      s.acting.set(now);
      return now;
    }
    s.acting.set(null);
  }
  return s.access.hasOperators() ? null : { kind: 'os', actor: osActor };
}

export function createChannelGuard(session: VaultSession<Services>, osActor: string): ChannelGuard {
  return (channel, args) => {
    const rule: ChannelRule | null = CHANNEL_ACCESS[channel];
    if (rule === null) return undefined;
    const s = session.services();
    const principal = principalOf(s, osActor);
    if (principal === null) {
      throw new DomainError('operator_required', 'This vault has operators: sign in first.', { hint: 'choose your name and type your PIN' });
    }
    const scopeOf = rule.scope as ((a: unknown, s: Services) => Scope) | undefined;
    s.access.authorize(principal, rule.action, scopeOf ? scopeOf(args, s) : {});
    if (rule.filter === undefined) return undefined;
    const visibility = s.access.visibility(principal);
    if (visibility.all) return undefined;
    const filter = rule.filter as (reply: unknown, sees: (tenantId: string | null, connector?: string) => boolean) => unknown;
    return (reply) => filter(reply, (tenantId, connector) => tenantId !== null && s.access.covers(visibility, tenantId, connector));
  };
}

function toDto(p: Principal | null): SessionPrincipal | null {
  if (p === null) return null;
  return p.kind === 'os' ? { kind: 'os', name: p.actor, role: null } : { kind: 'operator', name: p.name, role: p.role };
}

export function createSessionHandlers(session: VaultSession<Services>, osActor: string): HandlersOf<typeof SESSION_INVOKE> {
  return {
    'session:operators': () => Promise.resolve(session.services().operatorAdmin.list().map((o) => ({ name: o.name, role: o.role }))),
    'session:signIn': async ({ name, pin }) => {
      const s = session.services();
      if (!s.access.hasOperators()) throw new DomainError('invalid_input', 'This vault has no operators: the OS user acts, nobody signs in.');
      const principal = await s.access.signIn(name, pin, { host: osActor, auditSuccess: true });
      s.acting.set(principal);
      return toDto(principal)!;
    },
    'session:signOut': () => {
      const s = session.services();
      const was = s.acting.get();
      if (was !== null) s.audit.append({ actor: was.actor, action: 'operator.sign_out', outcome: 'ok' });
      s.acting.set(null);
      return Promise.resolve(toDto(principalOf(s, osActor)));
    },
    'session:current': () => Promise.resolve(session.status().state === 'unlocked' ? toDto(principalOf(session.services(), osActor)) : null),
    'session:permissions': () => {
      if (session.status().state !== 'unlocked') return Promise.resolve(null);
      const p = principalOf(session.services(), osActor);
      if (p === null) return Promise.resolve(null);
      if (p.kind === 'os') return Promise.resolve({ role: null, allowed: [...ACTIONS] });
      return Promise.resolve({ role: p.role, allowed: ACTIONS.filter((a) => reachOf(a, p.role) !== 'none') });
    },
  };
}
