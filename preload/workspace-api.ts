// The workspace's verbs on `window.fivex.workspace`, one per channel of workspace-channels.ts
// (joined into the contract's INVOKE map), over the same transport as the core verbs: Electron
// IPC, or fetch in the browser preview.
import type { BridgeTransport } from './contract';
import type { WorkspaceArgs } from './workspace-channels';

export function createWorkspaceApi(transport: BridgeTransport) {
  return {
    status: () => transport.invoke('workspace:status'),
    tenants: () => transport.invoke('workspace:tenants'),
    connections: (args: WorkspaceArgs<'workspace:connections'>) => transport.invoke('workspace:connections', args),
    connectionsOf: (args: WorkspaceArgs<'workspace:connectionsOf'>) => transport.invoke('workspace:connectionsOf', args),
    attention: (args?: WorkspaceArgs<'workspace:attention'>) => transport.invoke('workspace:attention', args),
    detail: (args: WorkspaceArgs<'workspace:detail'>) => transport.invoke('workspace:detail', args),
    auditList: (args: WorkspaceArgs<'audit:list'>) => transport.invoke('audit:list', args),
    auditVerify: () => transport.invoke('audit:verify'),
    auditExport: (args: WorkspaceArgs<'audit:export'>) => transport.invoke('audit:export', args),
    appsList: () => transport.invoke('apps:list'),
    appsSet: (args: WorkspaceArgs<'apps:set'>) => transport.invoke('apps:set', args),
    settingsGet: () => transport.invoke('settings:get'),
    settingsSet: (args: WorkspaceArgs<'settings:set'>) => transport.invoke('settings:set', args),
    dossierHtml: (args: WorkspaceArgs<'dossier:html'>) => transport.invoke('dossier:html', args),
    dossierSavePdf: (args: WorkspaceArgs<'dossier:save-pdf'>) => transport.invoke('dossier:save-pdf', args),
  } as const;
}
