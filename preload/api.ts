// The API the page gets as `window.fivex`: one narrow verb per contract channel, grouped by
// subject, built over any BridgeTransport (Electron IPC in the preload, fetch in the browser
// preview). No generic invoke is exposed. Pure: no electron import, so the renderer derives its
// window type from this module and the preview reuses it.
import type {
  AddTenantArgs,
  BridgeTransport,
  ConnectionActionArgs,
  ConnectionsChanged,
  ConsentFinished,
  CreateVaultArgs,
  ListConnectionsArgs,
  PasteConsentArgs,
  RefreshConnectionArgs,
  SchedulerTicked,
  StartConsentArgs,
  TenantsChanged,
  UnlockVaultArgs,
  VaultStatus,
} from './contract';
import { createConnectApi, createOperatorsApi, createSecurityApi } from './connect-api';
import { createWorkspaceApi } from './workspace-api';

export function createFivexApi(transport: BridgeTransport) {
  return {
    app: {
      info: () => transport.invoke('app:info'),
      launchAtLogin: () => transport.invoke('app:launchAtLogin'),
      setLaunchAtLogin: (args: { readonly enabled: boolean }) => transport.invoke('app:setLaunchAtLogin', args),
      onSchedulerTicked: (listener: (tick: SchedulerTicked) => void) => transport.subscribe('scheduler:ticked', listener),
    },
    vault: {
      status: () => transport.invoke('vault:status'),
      create: (args: CreateVaultArgs) => transport.invoke('vault:create', args),
      unlock: (args: UnlockVaultArgs) => transport.invoke('vault:unlock', args),
      lock: () => transport.invoke('vault:lock'),
      onChanged: (listener: (status: VaultStatus) => void) => transport.subscribe('vault:changed', listener),
    },
    /** Operators: sign in with a PIN in a vault that has them (preload/session-channels.ts). */
    session: {
      operators: () => transport.invoke('session:operators'),
      signIn: (args: { readonly name: string; readonly pin: string }) => transport.invoke('session:signIn', args),
      signOut: () => transport.invoke('session:signOut'),
      current: () => transport.invoke('session:current'),
      permissions: () => transport.invoke('session:permissions'),
    },
    tenants: {
      list: () => transport.invoke('tenants:list'),
      add: (args: AddTenantArgs) => transport.invoke('tenants:add', args),
      /** Tenants added elsewhere (the CLI, another window), with their counts. */
      onChanged: (listener: (change: TenantsChanged) => void) => transport.subscribe('tenants:changed', listener),
    },
    connectors: {
      list: () => transport.invoke('connectors:list'),
    },
    connections: {
      list: (args: ListConnectionsArgs) => transport.invoke('connections:list', args),
      refresh: (args: RefreshConnectionArgs) => transport.invoke('connections:refresh', args),
      reconnect: (args: ConnectionActionArgs) => transport.invoke('connections:reconnect', args),
      pause: (args: ConnectionActionArgs) => transport.invoke('connections:pause', args),
      resume: (args: ConnectionActionArgs) => transport.invoke('connections:resume', args),
      revokePreview: (args: ConnectionActionArgs) => transport.invoke('connections:revokePreview', args),
      revoke: (args: ConnectionActionArgs) => transport.invoke('connections:revoke', args),
      /** The connections that changed, as they are now (here or in another process). */
      onChanged: (listener: (change: ConnectionsChanged) => void) => transport.subscribe('connections:changed', listener),
    },
    consent: {
      start: (args: StartConsentArgs) => transport.invoke('consent:start', args),
      paste: (args: PasteConsentArgs) => transport.invoke('consent:paste', args),
      onFinished: (listener: (result: ConsentFinished) => void) => transport.subscribe('consent:finished', listener),
    },
    /** The workspace's channels (preload/workspace-channels.ts). */
    workspace: createWorkspaceApi(transport),
    /** The connect dialog and vault security (preload/connect-channels.ts, security-channels.ts). */
    connect: createConnectApi(transport),
    security: createSecurityApi(transport),
    /** Settings → operators, roles and grants (preload/operator-channels.ts). */
    operators: createOperatorsApi(transport),
  } as const;
}

/** The type of `window.fivex` (the renderer imports this one; it is never written by hand). */
export type FivexApi = ReturnType<typeof createFivexApi>;
