// The vault store: the vault screen's state and the actions that change it, calling the bridge
// and applying the pure transitions of vault-model.ts. The passphrase goes from the form to the
// bridge and is never kept in the store.
import { createStore } from 'zustand/vanilla';
import type { CreateVaultArgs, UnlockVaultArgs, VaultStatus } from '../../../preload/contract';
import type { FivexApi } from '../bridge/fivex-api';
import { LOADING, vaultBusy, vaultFailed, viewFromStatus } from './vault-model';
import type { VaultView } from './vault-model';

export interface VaultStoreState {
  readonly view: VaultView;
  readonly actions: {
    readonly load: () => Promise<void>;
    readonly create: (args: CreateVaultArgs) => Promise<void>;
    readonly unlock: (args: UnlockVaultArgs) => Promise<void>;
    readonly lock: () => Promise<void>;
    /** A vault:changed event from main. */
    readonly applyStatus: (status: VaultStatus) => void;
  };
}

export type VaultBridge = Pick<FivexApi, 'vault'>;

export function createVaultStore(api: VaultBridge) {
  return createStore<VaultStoreState>()((set, get) => {
    const run = async (request: () => ReturnType<FivexApi['vault']['status']>): Promise<void> => {
      set({ view: vaultBusy(get().view) });
      const reply = await request();
      set({ view: reply.ok ? viewFromStatus(reply.value) : vaultFailed(get().view, reply.error) });
    };
    return {
      view: LOADING,
      actions: {
        load: () => run(() => api.vault.status()),
        create: (args) => run(() => api.vault.create(args)),
        unlock: (args) => run(() => api.vault.unlock(args)),
        lock: () => run(() => api.vault.lock()),
        applyStatus: (status) => set({ view: viewFromStatus(status) }),
      },
    };
  });
}

export type VaultStore = ReturnType<typeof createVaultStore>;
