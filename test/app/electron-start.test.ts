// `npm start` on a machine that cannot download Electron: the prestart check (a real child
// process running an Electron package's install.js, as electron itself does on first use) says so
// in one line and points to the browser preview; with the binary present it stays quiet.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain-JS build script without type declarations
import { electronBinaryProblem } from '../../build/prepare-electron-native.js';

const check = electronBinaryProblem as (dir: string, env?: NodeJS.ProcessEnv, timeoutMs?: number) => string | null;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An electron package folder whose install.js does what `script` says (offline: exits 1). */
function electronPackage(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fivex-electron-pkg-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
  writeFileSync(join(dir, 'install.js'), script);
  return dir;
}

describe('the prestart Electron check', () => {
  it('says in one line that the binary could not be downloaded, and points to npm run preview', () => {
    const dir = electronPackage("console.error('getaddrinfo ENOTFOUND github.com'); process.exit(1);");
    const problem = check(dir, { PATH: process.env.PATH });
    expect(problem).toBe(
      'npm start needs the Electron 45.5.0 binary, which is not installed and could not be downloaded here; run `npm run preview` to use the same app in your browser instead.',
    );
    expect(problem?.split('\n')).toHaveLength(1);
  });

  it('is quiet when the download works, and when the binary is already there', () => {
    const fetching = electronPackage(
      "const fs = require('fs'); const p = require('path'); fs.mkdirSync(p.join(__dirname, 'dist')); fs.writeFileSync(p.join(__dirname, 'dist', 'electron'), ''); fs.writeFileSync(p.join(__dirname, 'path.txt'), 'electron');",
    );
    expect(check(fetching, { PATH: process.env.PATH })).toBeNull();
    const present = electronPackage('process.exit(1);');
    mkdirSync(join(present, 'dist'));
    writeFileSync(join(present, 'dist', 'electron'), '');
    writeFileSync(join(present, 'path.txt'), 'electron');
    expect(check(present, { PATH: process.env.PATH })).toBeNull();
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH without trying to download', () => {
    const dir = electronPackage("require('fs').writeFileSync(require('path').join(__dirname, 'tried'), ''); process.exit(1);");
    expect(check(dir, { PATH: process.env.PATH, ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'nowhere') })).toMatch(/^npm start needs the Electron 45\.5\.0 binary/);
    expect(existsSync(join(dir, 'tried'))).toBe(false);
  });
});
