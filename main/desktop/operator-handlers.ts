// Settings → operators (preload/operator-channels.ts) over main/access's OperatorAdmin: the same
// adds, role changes, removals and grants as the CLI's `operator …` and `grant …`, by the
// principal acting in this window (the guard has authorized the action before a handler runs),
// each audited by OperatorAdmin. Every reply is the list as it now is; no reply carries a PIN.
import type { Principal } from '../access/principal';
import { DomainError } from '../errors';
import type { Services } from '../services';
import type { OperatorDto, OPERATORS_INVOKE } from '../../preload/operator-channels';
import type { HandlersOf } from '../../preload/schema-kit';
import { principalOf } from './access-guard';
import type { VaultSession } from './vault-session';

export function createOperatorHandlers(session: VaultSession<Services>, osActor: string): HandlersOf<typeof OPERATORS_INVOKE> {
  const acting = (s: Services): Principal => {
    const principal = principalOf(s, osActor);
    if (principal === null) throw new DomainError('operator_required', 'This vault has operators: sign in first.');
    return principal;
  };

  const listed = (s: Services): OperatorDto[] => s.operatorAdmin.list();

  const after = (change: (s: Services, by: Principal) => unknown): Promise<OperatorDto[]> => {
    const s = session.services();
    change(s, acting(s));
    return Promise.resolve(listed(s));
  };

  return {
    'operators:list': () => Promise.resolve(listed(session.services())),
    'operators:add': async ({ name, role, pin }) => {
      const s = session.services();
      await s.operatorAdmin.add(acting(s), name, role, pin);
      return listed(s);
    },
    'operators:setRole': ({ name, role }) => after((s, by) => s.operatorAdmin.setRole(by, name, role)),
    'operators:remove': ({ name }) => after((s, by) => s.operatorAdmin.remove(by, name)),
    'grants:add': ({ operator, tenantId, connector, until }) => after((s, by) => s.operatorAdmin.addGrant(by, { operator, tenantId, connector, until })),
    'grants:remove': ({ operator, tenantId, connector }) => after((s, by) => s.operatorAdmin.removeGrant(by, operator, tenantId, connector)),
  };
}
