// The connect dialog's, vault security's and operators' verbs on `window.fivex.connect`,
// `window.fivex.security` and `window.fivex.operators`, one per channel of their channel files, over
// the same transport as the core verbs (Electron IPC, or fetch in the browser preview).
import type { BridgeTransport } from './contract';
import type { ConnectArgs } from './connect-channels';
import type { OperatorsArgs } from './operator-channels';
import type { SecurityArgs } from './security-channels';

export function createConnectApi(transport: BridgeTransport) {
  return {
    options: () => transport.invoke('connect:options'),
    browser: (args: ConnectArgs<'connect:browser'>) => transport.invoke('connect:browser', args),
    renew: (args: ConnectArgs<'connect:renew'>) => transport.invoke('connect:renew', args),
    sellerCredentials: (args: ConnectArgs<'connect:sellerCredentials'>) => transport.invoke('connect:sellerCredentials', args),
    agencyCredentials: (args: ConnectArgs<'connect:agencyCredentials'>) => transport.invoke('connect:agencyCredentials', args),
    refreshToken: (args: ConnectArgs<'connect:refreshToken'>) => transport.invoke('connect:refreshToken', args),
  } as const;
}

export function createSecurityApi(transport: BridgeTransport) {
  return {
    get: () => transport.invoke('security:get'),
    changePassphrase: (args: SecurityArgs<'security:changePassphrase'>) => transport.invoke('security:changePassphrase', args),
    rememberHere: (args: SecurityArgs<'security:rememberHere'>) => transport.invoke('security:rememberHere', args),
  } as const;
}

/** Settings → operators (preload/operator-channels.ts): each verb answers the list as it is now. */
export function createOperatorsApi(transport: BridgeTransport) {
  return {
    list: () => transport.invoke('operators:list'),
    add: (args: OperatorsArgs<'operators:add'>) => transport.invoke('operators:add', args),
    setRole: (args: OperatorsArgs<'operators:setRole'>) => transport.invoke('operators:setRole', args),
    remove: (args: OperatorsArgs<'operators:remove'>) => transport.invoke('operators:remove', args),
    addGrant: (args: OperatorsArgs<'grants:add'>) => transport.invoke('grants:add', args),
    removeGrant: (args: OperatorsArgs<'grants:remove'>) => transport.invoke('grants:remove', args),
  } as const;
}
