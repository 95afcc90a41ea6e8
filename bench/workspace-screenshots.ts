/// <reference lib="dom" />
// Screenshots of the main screens for docs/screenshots/, taken with Playwright in Chromium over
// the preview on a seeded vault (500 clients × 10 + one with 1,000; see workspace-seed.ts):
// needs attention, a client's grid (light and dark), a connection's detail, the revoke
// confirmation, the command palette, the audit log and settings; then, with operators added, the
// sign-in screen and a support operator's workspace.
//   npx electron-vite build && npx tsx bench/workspace-screenshots.ts
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { startPreviewServer } from '../main/preview/server';
import { BENCH_PASSPHRASE, seedVaultDir } from './workspace-seed';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'docs/screenshots');

const dir = mkdtempSync(join(tmpdir(), 'fivex-shots-'));
const vaultDir = join(dir, 'vault');
seedVaultDir(vaultDir, BENCH_PASSPHRASE, { clients: 500, perClient: 10, big: 1000 });
const server = await startPreviewServer({ vaultDir, port: 0, rendererRoot: join(ROOT, 'out/renderer'), passphrase: BENCH_PASSPHRASE, demo: true, log: () => undefined });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
mkdirSync(OUT, { recursive: true });
try {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: scheme });
    await page.goto(`${server.url.replace(/#.*$/, '')}#token=${server.token}`);
    await page.waitForSelector('[role="row"][data-id]');
    const shot = async (name: string): Promise<void> => {
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(OUT, `${name}${scheme === 'dark' ? '-dark' : ''}.png`) });
    };
    await shot('needs-attention');
    await page.fill('#client-search', 'Big Retail Group');
    await page.locator('.client-scroll .client-item').first().click();
    await page.fill('#client-search', '');
    await page.waitForSelector('h1:text-is("Big Retail Group")');
    await shot('client-grid');
    if (scheme === 'dark') {
      await page.close();
      continue;
    }
    await page.locator('[role="row"][data-id] button.link').first().click();
    await page.waitForSelector('.health-chart canvas');
    await shot('connection-detail');
    await page.locator('button.back').click();
    await page.locator('[role="row"][data-id]').first().getByRole('button', { name: /^Revoke… · / }).click();
    await page.waitForSelector('.revoke-dialog input');
    await shot('revoke-confirmation');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.keyboard.press('Control+k');
    await page.keyboard.type('client 4');
    await shot('command-palette');
    await page.keyboard.press('Escape');
    await page.locator('.places').getByRole('button', { name: 'Audit log' }).click();
    await page.getByRole('button', { name: 'Check integrity' }).click();
    await page.waitForSelector('text=/^Intact/');
    await shot('audit-log');
    await page.locator('.places').getByRole('button', { name: 'Settings' }).click();
    await page.locator('.app-item summary').first().click();
    await shot('settings');
    await page.close();
  }
  // Operators (added with the built CLI, as staff would): the sign-in screen after unlock, and a
  // support operator's workspace, where what the role may not do is disabled with the reason.
  const cli = (argv: ReadonlyArray<string>, env: Record<string, string>): void => {
    execFileSync('node', [join(ROOT, 'bin/fivex-connect.js'), ...argv, '--json'], { env: { ...process.env, FIVEX_VAULT_DIR: vaultDir, FIVEX_VAULT_PASSPHRASE: BENCH_PASSPHRASE, ...env }, stdio: 'ignore' });
  };
  cli(['operator', 'add', 'Ana Ruiz', '--role', 'admin', '--pin-env', 'NEW_PIN'], { NEW_PIN: 'admin-pin-1' });
  const asAdmin = { FIVEX_OPERATOR: 'Ana Ruiz', FIVEX_OPERATOR_PIN: 'admin-pin-1' };
  cli(['operator', 'add', 'Luis Gómez', '--role', 'support', '--pin-env', 'NEW_PIN'], { ...asAdmin, NEW_PIN: 'support-pin-1' });
  cli(['grant', 'add', 'Luis Gómez', 'Big Retail Group'], asAdmin);
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  await page.goto(`${server.url.replace(/#.*$/, '')}#token=${server.token}`);
  await page.waitForSelector('h1:text-is("Who is working?")');
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, 'sign-in.png') });
  await page.getByLabel('Operator', { exact: true }).selectOption('Luis Gómez');
  await page.getByLabel('PIN', { exact: true }).fill('support-pin-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.client-scroll .client-item').first().click();
  await page.waitForSelector('[role="row"][data-id]');
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, 'support-workspace.png') });
  await page.close();
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`screenshots in ${OUT}`);
