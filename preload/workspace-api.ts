// The workspace's verbs on `window.fivex.workspace`, one per channel of workspace-channels.ts,
// over the same transport as the core verbs (Electron IPC, or fetch in the browser preview).
// The transports are typed for the core map; on the wire a channel is just its name, so the
// workspace's channels ride them with their own inferred argument and reply types.
import type { BridgeTransport, Reply } from './contract';
import type { WorkspaceArgs, WorkspaceChannel, WorkspaceReply } from './workspace-channels';

type RawInvoke = (channel: string, ...args: unknown[]) => Promise<Reply<unknown>>;

export function createWorkspaceApi(transport: BridgeTransport) {
  const raw = transport.invoke.bind(transport) as unknown as RawInvoke;
  const call = <C extends WorkspaceChannel>(name: C, ...args: WorkspaceArgs<C> extends undefined ? [] : [WorkspaceArgs<C>]) =>
    raw(name, ...args) as Promise<Reply<WorkspaceReply<C>>>;
  return {
    status: () => call('workspace:status'),
    tenants: () => call('workspace:tenants'),
    connections: (args: WorkspaceArgs<'workspace:connections'>) => call('workspace:connections', args),
    attention: () => call('workspace:attention'),
    detail: (args: WorkspaceArgs<'workspace:detail'>) => call('workspace:detail', args),
    auditList: (args: WorkspaceArgs<'audit:list'>) => call('audit:list', args),
    auditVerify: () => call('audit:verify'),
    auditExport: (args: WorkspaceArgs<'audit:export'>) => call('audit:export', args),
    appsList: () => call('apps:list'),
    appsSet: (args: WorkspaceArgs<'apps:set'>) => call('apps:set', args),
    settingsGet: () => call('settings:get'),
    settingsSet: (args: WorkspaceArgs<'settings:set'>) => call('settings:set', args),
  } as const;
}

export type WorkspaceApi = ReturnType<typeof createWorkspaceApi>;
