// Where FiveX Connect keeps its data. Mirrors Electron's app.getPath('userData') for the product
// name, so the CLI and the desktop app find the same vault without the CLI importing electron.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'FiveX Connect';

export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

/** The vault folder: --vault, else FIVEX_VAULT_DIR, else `<app data>/vault`. */
export function defaultVaultDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.FIVEX_VAULT_DIR && env.FIVEX_VAULT_DIR.length > 0 ? env.FIVEX_VAULT_DIR : join(appDataDir(env), 'vault');
}
