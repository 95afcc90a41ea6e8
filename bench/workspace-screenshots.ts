/// <reference lib="dom" />
// Screenshots of the main screens for docs/screenshots/, taken with Playwright in Chromium over
// the preview on a seeded vault (500 clients × 10 + one with 1,000; see workspace-seed.ts):
// needs attention, a client's grid (light and dark), a connection's detail, the revoke
// confirmation, the command palette, the audit log and settings.
//   npx electron-vite build && npx tsx bench/workspace-screenshots.ts
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
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`screenshots in ${OUT}`);
