// `npm start` runs this first. It checks that Electron's binary is there (Electron 45 downloads it
// on first use, not at install: on a machine that cannot download it, say so in one line and
// point to the browser preview), then builds better-sqlite3 for this Electron's ABI into
// .electron-native/<platform>-<arch>-abi<N>/ (main/app/native.ts loads it from there), leaving
// node_modules built for Node so the tests and the CLI keep working. Needs the internet once:
// the Electron binary, and a prebuilt addon for Electron, else Electron's headers to compile one.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Whether the Electron binary of the package in `electronDir` is there, fetching it the way
 * electron itself would on first use (its install.js) when it is not. Returns null when it is
 * ready, else the one line to print.
 */
export function electronBinaryProblem(electronDir, env = process.env, timeoutMs = 180_000) {
  const pathFile = join(electronDir, 'path.txt');
  const binary = () => {
    const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : null;
    if (env.ELECTRON_OVERRIDE_DIST_PATH) return join(env.ELECTRON_OVERRIDE_DIST_PATH, executable ?? 'electron');
    return executable === null ? null : join(electronDir, 'dist', executable);
  };
  const ready = () => {
    const path = binary();
    return path !== null && existsSync(path);
  };
  if (ready()) return null;
  const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  if (!env.ELECTRON_OVERRIDE_DIST_PATH) {
    const fetched = spawnSync(process.execPath, [join(electronDir, 'install.js')], { env, stdio: 'ignore', timeout: timeoutMs });
    if (fetched.status === 0 && ready()) return null;
  }
  return `npm start needs the Electron ${version} binary, which is not installed and could not be downloaded here; run \`npm run preview\` to use the same app in your browser instead.`;
}

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runAsScript = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;

function prepareNative() {
  const electronVersion = require('electron/package.json').version;
  const abi = require('node-abi').getAbi(electronVersion, 'electron');
  const dest = join(root, '.electron-native', `${process.platform}-${process.arch}-abi${abi}`, 'better_sqlite3.node');

  if (existsSync(dest)) return;

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
}

if (runAsScript) {
  const problem = electronBinaryProblem(dirname(require.resolve('electron/package.json')));
  if (problem !== null) {
    console.error(problem);
    process.exit(1);
  }
  prepareNative();
}
