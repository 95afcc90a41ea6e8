// The vault's public surface: the contract in types.ts and the functions that implement it.
export * from './types';
export { createVault, createVaultAsync, createVaultWithSchema } from './create-vault';
export { openVault, openVaultWithKeychain, openVaultWithPassphrase, vaultFile } from './open-vault';
export { migrate, openDatabase, schemaVersion } from './database';
export { MIGRATIONS, LATEST_SCHEMA_VERSION } from './migrations';
export type { Migration } from './migrations';
export { DEFAULT_SCRYPT, MIN_PASSPHRASE_LENGTH } from './key-slots';
export { newId, nowIso } from './ids';
