// better-sqlite3 inside Electron: npm builds its addon for Node's ABI, which Electron cannot load.
// An unpackaged run looks for an addon built for this Electron's ABI in
// `.electron-native/<platform>-<arch>-abi<modules>/better_sqlite3.node` (prepared before
// `npm start`) and passes it as better-sqlite3's `nativeBinding`. Packaged builds are rebuilt for
// Electron by electron-builder, so they use the default addon (unpacked from the asar).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const NATIVE_DIR = '.electron-native';

export interface NativeBindingInput {
  readonly appRoot: string;
  readonly isPackaged: boolean;
  readonly platform: NodeJS.Platform;
  readonly arch: string;
  /** process.versions.modules: the ABI the addon must match. */
  readonly abi: string;
  readonly exists?: (path: string) => boolean;
}

export function nativeBindingFolder(input: Pick<NativeBindingInput, 'platform' | 'arch' | 'abi'>): string {
  return `${input.platform}-${input.arch}-abi${input.abi}`;
}

export type NativeBinding = { readonly path: string } | { readonly path: undefined; readonly hint: string | null };

export function electronNativeBinding(input: NativeBindingInput): NativeBinding {
  if (input.isPackaged) return { path: undefined, hint: null };
  const exists = input.exists ?? existsSync;
  const path = join(input.appRoot, NATIVE_DIR, nativeBindingFolder(input), 'better_sqlite3.node');
  if (exists(path)) return { path };
  return {
    path: undefined,
    hint: `No better-sqlite3 addon for this Electron (ABI ${input.abi}) at ${path}; the vault will fail to open. Prepare it before npm start (see README, "Running the desktop app").`,
  };
}
