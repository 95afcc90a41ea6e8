// The stores of one renderer, handed down through React context (so tests build their own), and
// the shallow selector hooks containers use to read them.
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { ConnectionsStore, ConnectionsStoreState } from './connections-store';
import type { UiStore, UiStoreState } from './ui-store';
import type { VaultStore, VaultStoreState } from './vault-store';
import type { WorkspaceStore, WorkspaceStoreState } from './workspace-store';

export interface Stores {
  readonly vault: VaultStore;
  readonly workspace: WorkspaceStore;
  readonly ui: UiStore;
  readonly connections: ConnectionsStore;
}

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider(props: { readonly stores: Stores; readonly children: ReactNode }) {
  return <StoresContext.Provider value={props.stores}>{props.children}</StoresContext.Provider>;
}

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (stores === null) throw new Error('useStores outside StoresProvider');
  return stores;
}

export function useVault<T>(selector: (state: VaultStoreState) => T): T {
  return useStore(useStores().vault, useShallow(selector));
}

export function useWorkspace<T>(selector: (state: WorkspaceStoreState) => T): T {
  return useStore(useStores().workspace, useShallow(selector));
}

export function useUi<T>(selector: (state: UiStoreState) => T): T {
  return useStore(useStores().ui, useShallow(selector));
}

export function useConnections<T>(selector: (state: ConnectionsStoreState) => T): T {
  return useStore(useStores().connections, useShallow(selector));
}
