// The connect dialog's and vault security's verbs on `window.fivex.connect` and
// `window.fivex.security`, one per channel of connect-channels.ts and security-channels.ts, over
// the same transport as the core verbs (Electron IPC, or fetch in the browser preview).
import type { BridgeTransport } from './contract';
import type { ConnectArgs } from './connect-channels';
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
