// better-sqlite3 inside Electron: npm builds its addon for Node's ABI, which Electron cannot load.
// An unpackaged run (`npm start`) looks for an addon built for this Electron's ABI in
// `.electron-native/<platform>-<arch>-abi<modules>/better_sqlite3.node` and passes it as
// better-sqlite3's `nativeBinding`; node_modules keeps the Node build, so plain-Node tests and the
// CLI are unaffected. Packaged builds are rebuilt for Electron by electron-builder and use the
// default addon (unpacked from the asar).
//
// Preparing the folder on a user's machine (online; a `prestart` step), from the repo root:
//   EV=$(node -p "require('electron/package.json').version")
//   ABI=$(node -p "require('node-abi').getAbi('$EV','electron')")        # 150 for Electron 45
//   DEST=.electron-native/$(node -p "process.platform+'-'+process.arch")-abi$ABI
//   TMP=$(mktemp -d) && cp -R node_modules/better-sqlite3 "$TMP/"
//   (cd "$TMP/better-sqlite3" && npm_config_nodedir= npx --yes node-gyp rebuild --release \
//      --runtime=electron --target="$EV" --dist-url=https://electronjs.org/headers)
//   mkdir -p "$DEST" && cp "$TMP/better-sqlite3/build/Release/better_sqlite3.node" "$DEST/"
// (npm_config_nodedir must be empty: a global nodedir=/usr would build against Node's headers.)
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const NATIVE_DIR = '.electron-native';

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
    hint: `No better-sqlite3 addon for this Electron (ABI ${input.abi}) at ${path}; the vault will fail to open. Build it for Electron first (the recipe is in main/app/native.ts).`,
  };
}
