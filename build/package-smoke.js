// Packaging smoke test that works offline (see shared/stack.md): electron-builder --dir --linux
// with a stub "electron" executable as electronDist, no native rebuild (it needs Electron headers
// from the network) and no fuses (they patch the real binary), then checks that the asar holds
// the three entry points. Run by `npm run package:dir`.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar');
const yaml = require('js-yaml');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REQUIRED = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

function fail(message) {
  console.error(`package smoke: ${message}`);
  process.exit(1);
}

for (const file of REQUIRED) {
  if (!existsSync(join(root, file))) fail(`${file} is missing: run \`npm run build\` first`);
}

const work = mkdtempSync(join(tmpdir(), 'fivex-package-smoke-'));
try {
  const stubDist = join(work, 'electron-dist');
  execFileSync('mkdir', ['-p', stubDist]);
  const stub = join(stubDist, 'electron');
  writeFileSync(stub, '#!/bin/sh\necho "stub electron for the packaging smoke test" >&2\nexit 1\n');
  chmodSync(stub, 0o755);

  const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
  const smokeConfig = {
    ...config,
    electronDist: stubDist,
    npmRebuild: false,
    electronFuses: null,
    directories: { ...config.directories, output: join(work, 'dist') },
  };
  const configFile = join(work, 'electron-builder.json');
  writeFileSync(configFile, JSON.stringify(smokeConfig, null, 2));

  const cli = join(root, 'node_modules', 'electron-builder', 'cli.js');
  execFileSync(process.execPath, [cli, '--dir', '--linux', '--config', configFile, '--publish', 'never'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
  });

  const unpacked = join(work, 'dist', 'linux-unpacked');
  const archive = join(unpacked, 'resources', 'app.asar');
  if (!existsSync(archive)) fail(`no ${archive} was written`);
  const entries = new Set(asar.listPackage(archive).map((entry) => entry.replace(/\\/g, '/').replace(/^\//, '')));
  const missing = REQUIRED.filter((file) => !entries.has(file));
  if (missing.length > 0) fail(`the asar lacks ${missing.join(', ')}`);
  const leaked = [...entries].filter((entry) => /^(main|renderer|preload|test)\//.test(entry));
  if (leaked.length > 0) fail(`sources ended up in the asar: ${leaked.slice(0, 5).join(', ')}`);
  const unpackedSqlite = join(unpacked, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3');
  if (!existsSync(unpackedSqlite)) fail('better-sqlite3 is not unpacked next to the asar');
  console.log(`package smoke: ok (${entries.size} entries in app.asar; ${REQUIRED.join(', ')} present; better-sqlite3 unpacked)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
