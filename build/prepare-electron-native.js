// `npm start` runs this first: builds better-sqlite3 for this Electron's ABI into
// .electron-native/<platform>-<arch>-abi<N>/ (main/app/native.ts loads it from there), leaving
// node_modules built for Node so the tests and the CLI keep working. Needs the internet once:
// a prebuilt addon for Electron, else Electron's headers to compile one.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = require('electron/package.json').version;
const abi = require('node-abi').getAbi(electronVersion, 'electron');
const dest = join(root, '.electron-native', `${process.platform}-${process.arch}-abi${abi}`, 'better_sqlite3.node');

if (existsSync(dest)) process.exit(0);

console.log(`Preparing better-sqlite3 for Electron ${electronVersion} (ABI ${abi}); this happens once.`);
const work = mkdtempSync(join(tmpdir(), 'fivex-native-'));
const pkg = join(work, 'better-sqlite3');
cpSync(join(root, 'node_modules', 'better-sqlite3'), pkg, { recursive: true });
rmSync(join(pkg, 'build'), { recursive: true, force: true });
// A global nodedir (as on some CI images) would make node-gyp build against Node's headers.
const env = { ...process.env, npm_config_nodedir: '' };
const bin = (name) => join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const attempts = [
  ['prebuilt addon', bin('prebuild-install'), ['--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`, `--platform=${process.platform}`]],
  ['compiled from source', bin('node-gyp'), ['rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers']],
];
let done = false;
for (const [how, cmd, args] of attempts) {
  try {
    execFileSync(cmd, args, { cwd: pkg, env, stdio: 'inherit' });
    const built = join(pkg, 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built)) throw new Error('no addon was produced');
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(built, dest);
    console.log(`better-sqlite3 for Electron ready (${how}).`);
    done = true;
    break;
  } catch (err) {
    console.warn(`better-sqlite3 for Electron: ${how} did not work (${err.message.split('\n')[0]}).`);
  }
}
rmSync(work, { recursive: true, force: true });
if (!done) {
  console.error(
    'Could not prepare better-sqlite3 for Electron: it needs the internet once (a prebuilt addon, or Electron\'s headers and a C++ toolchain). ' +
      'Connect and run `npm start` again. The CLI (`npx fivex-connect`) and `npm test` work without it.',
  );
  process.exit(1);
}
