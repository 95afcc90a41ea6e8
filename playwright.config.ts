// Playwright runs the renderer in Debian's Chromium against the browser preview
// (main/preview/server.ts, with --demo: a local demo marketplace) on a fresh temporary vault:
// Electron itself cannot be launched here (no binary). Flags and executable as in shared/stack.md; never `npx playwright install`.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// FIVEX_E2E_PORT: another free port when a second run shares the machine.
const PORT = Number(process.env.FIVEX_E2E_PORT ?? 4173);
// Set once in the runner; workers inherit the environment, so the spec sees the same values.
process.env.FIVEX_PREVIEW_TOKEN ??= randomBytes(24).toString('base64url');
process.env.FIVEX_E2E_VAULT ??= join(mkdtempSync(join(tmpdir(), 'fivex-e2e-')), 'vault');

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '*.spec.ts',
  outputDir: 'test-results/e2e',
  workers: 1,
  retries: 0,
  // .ci/summary.js reads the JSON report for CI's closing "N passed, N failed" line.
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  timeout: 60_000,
  globalTeardown: './test/e2e/global-teardown.ts',
  // One preview and one vault for the run: the first-run spec needs the fresh vault, then the
  // consent spec uses it (and creates or unlocks it itself when run alone).
  projects: [
    { name: 'first-run', testMatch: 'first-run.spec.ts' },
    { name: 'consent', testMatch: 'connect-demo.spec.ts', dependencies: ['first-run'] },
    { name: 'revoke-reconnect', testMatch: 'revoke-reconnect-demo.spec.ts', dependencies: ['consent'] },
    { name: 'workspace', testMatch: 'workspace.spec.ts', dependencies: ['revoke-reconnect'] },
    // Last: it changes the recovery passphrase (and puts it back).
    { name: 'connect-and-security', testMatch: 'connect-and-security.spec.ts', dependencies: ['workspace'] },
    // After that: it adds operators to the shared vault, after which every other spec would need to sign in.
    { name: 'signin', testMatch: 'signin.spec.ts', dependencies: ['connect-and-security'] },
  ],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    // Build first so the preview never serves a stale renderer. --demo starts the local demo
    // marketplace and registers the demo app, so Connect works end to end.
    command: `npx electron-vite build && npx tsx main/preview/server.ts --vault "${process.env.FIVEX_E2E_VAULT}" --port ${PORT} --demo`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: { FIVEX_PREVIEW_TOKEN: process.env.FIVEX_PREVIEW_TOKEN },
  },
});
