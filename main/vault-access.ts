// The vault as the composition root's input: the front ends create or open it (the CLI's `init`,
// the desktop's vault session) and hand it to main/services.ts, which builds everything else on
// it. This is the one door from a CLI command or a desktop handler to main/vault (the lint rule
// front-ends-reach-the-product-through-services keeps them out of main/vault itself); a vault
// failure reaches them as its code, so none of them imports the VaultError class.
import { VaultError } from './vault/types';
import type { VaultErrorCode } from './vault/types';

export { INSECURE_KEYCHAIN_BACKENDS, MIN_PASSPHRASE_LENGTH, VAULT_FILE_NAME, createVault, createVaultAsync, openVault, openVaultWithKeychain, openVaultWithPassphrase, vaultFile } from './vault';
export type { KeychainProtector, ScryptParams, Vault, VaultErrorCode } from './vault';

/** The code of a vault failure (wrong passphrase, not a vault, keychain changed, ...), or null for any other error. */
export function vaultErrorCode(err: unknown): VaultErrorCode | null {
  return err instanceof VaultError ? err.code : null;
}
