/// <reference lib="dom" />
// The workspace end to end in Chromium over the preview (--demo): lost consent found across
// clients in "Needs attention" and renewed in bulk through the consent flow (each seller approves
// in a new tab) back to active; the audit log reviewed, checked and exported; settings (an app
// registration whose secret is never shown back, a webhook that must be https); the command
// palette and a revocation by keyboard alone, in Spanish; and an axe check of every main screen.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { AppPage } from './app-page';

const token = process.env.FIVEX_PREVIEW_TOKEN ?? '';
const PASSPHRASE = 'correct horse battery staple';
const AXE_SOURCE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

test.describe.configure({ mode: 'serial' });

async function demoOrigin(page: Page, app: AppPage, client: string): Promise<string> {
  await app.addTenant(client);
  await expect(app.clientHeading(client)).toBeVisible();
  await app.connectButton('Demo marketplace').click();
  const link = app.signInLink('Demo marketplace');
  const href = (await link.getAttribute('href')) ?? '';
  await app.approveInNewTab(page.context(), 'Demo marketplace');
  await expect(app.connectionRow('Demo marketplace').getByText('Active', { exact: true })).toBeVisible();
  return new URL(href).origin;
}

async function axeCheck(page: Page, screen: string): Promise<void> {
  // page.addScriptTag would add an inline <script>, which the app's CSP (script-src 'self')
  // rightly refuses; evaluating the same source through the DevTools protocol is not page script.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `axe on ${screen}: ${JSON.stringify(serious)}`).toEqual([]);
}

test('needs attention across clients → bulk renewal through consent → active again', async ({ page, context }) => {
  test.skip(token === '', 'playwright.config.ts sets FIVEX_PREVIEW_TOKEN for the preview server');
  const app = new AppPage(page);
  await app.open(token);
  await app.reachWorkspace(PASSPHRASE);
  const origin = await demoOrigin(page, app, 'Bulk A');
  await demoOrigin(page, app, 'Bulk B');

  // Both sellers remove the app; a refresh of each finds out.
  expect((await page.request.post(`${origin}/demo/revoke-all`)).ok()).toBe(true);
  for (const client of ['Bulk A', 'Bulk B']) {
    await app.sidebarClient(client).click();
    await expect(app.clientHeading(client)).toBeVisible();
    const row = app.connectionRow('Demo marketplace');
    await row.getByRole('button', { name: /^Refresh now · Demo marketplace/ }).click();
    await expect(row.getByText('Needs consent', { exact: true })).toBeVisible();
  }

  await app.place(/^Needs attention/).click();
  await expect(app.heading('Needs attention')).toBeVisible();
  const rowOf = (client: string) => page.locator('[role="row"][data-id]').filter({ hasText: client });
  await expect(rowOf('Bulk A').getByText('Needs consent', { exact: true })).toBeVisible();
  await expect(rowOf('Bulk B').getByText('Needs consent', { exact: true })).toBeVisible();
  // Lost consent comes first.
  await expect(page.locator('[role="row"][data-id]').first().getByText('Needs consent', { exact: true })).toBeVisible();
  await axeCheck(page, 'needs attention');

  await rowOf('Bulk A').getByRole('checkbox').check();
  await rowOf('Bulk B').getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Renew 2 selected' }).click();
  const queue = page.locator('.queue-panel');
  await expect(queue.getByRole('heading', { name: 'Renewing consent: 0 of 2 done' })).toBeVisible();
  // One after another: the first waits for its seller, the second for its turn.
  await expect(queue.getByText('Waiting for the seller to approve')).toHaveCount(1);
  await expect(queue.getByText('Waiting its turn')).toHaveCount(1);
  await app.approveInNewTab(context, queue.getByRole('link', { name: 'Open the consent page' }));
  await expect(queue.getByRole('heading', { name: 'Renewing consent: 1 of 2 done' })).toBeVisible();
  await app.approveInNewTab(context, queue.getByRole('link', { name: 'Open the consent page' }));
  await expect(queue.getByRole('heading', { name: 'Renewing consent: 2 of 2 done' })).toBeVisible();
  await expect(queue.getByText('Renewed: active again')).toHaveCount(2);
  // Renewed connections leave the list.
  await expect(rowOf('Bulk A')).toHaveCount(0);
  await expect(rowOf('Bulk B')).toHaveCount(0);
  await queue.getByRole('button', { name: 'Close' }).click();

  await app.sidebarClient('Bulk A').click();
  await expect(app.connectionRow('Demo marketplace').getByText('Active', { exact: true })).toBeVisible();
  expect(app.problems).toEqual([]);
});

test('audit log: filters, the integrity verdict in plain words, CSV export', async ({ page }) => {
  test.skip(token === '', 'playwright.config.ts sets FIVEX_PREVIEW_TOKEN for the preview server');
  const app = new AppPage(page);
  await app.open(token);
  await app.reachWorkspace(PASSPHRASE);
  await app.place('Audit log').click();
  await expect(app.heading('Audit log')).toBeVisible();
  await page.getByRole('button', { name: 'Check integrity' }).click();
  await expect(page.getByText(/^Intact: all \d+ events checked, none changed, removed or added\.$/)).toBeVisible();

  await page.getByLabel('Client', { exact: true }).selectOption({ label: 'Bulk A' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const table = page.getByRole('table', { name: 'Audit log' });
  await expect(table.getByRole('cell', { name: 'connection.create' }).first()).toBeVisible();
  const clients = await table.locator('tbody tr td:nth-child(3)').allTextContents();
  expect(new Set(clients)).toEqual(new Set(['Bulk A']));
  await axeCheck(page, 'audit log');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^fivex-audit-.*\.csv$/);
  const csv = readFileSync((await download.path()), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('id,at,actor,tenantId,tenantName,connectionId,action,outcome,detail');
  expect(csv).toContain('"Bulk A"');
  expect(csv).not.toContain('"Bulk B"');
  expect(csv).not.toMatch(/demo_at_|demo_rt_|refresh_token|access_token/);
  await expect(page.getByText(/^Exported \d+ events to fivex-audit-/)).toBeVisible();
  expect(app.problems).toEqual([]);
});

test('settings: an app registration with a write-only secret, and an https-only webhook', async ({ page }) => {
  test.skip(token === '', 'playwright.config.ts sets FIVEX_PREVIEW_TOKEN for the preview server');
  const app = new AppPage(page);
  await app.open(token);
  await app.reachWorkspace(PASSPHRASE);
  await app.place('Settings').click();
  await expect(app.heading('Settings')).toBeVisible();
  await axeCheck(page, 'settings');

  const ebay = page.locator('.app-item').filter({ hasText: 'eBay' });
  await ebay.locator('summary').click();
  await ebay.getByLabel('Client id').fill('agency-ebay-app');
  await ebay.getByRole('button', { name: 'Save' }).click();
  await expect(ebay.getByRole('alert')).toContainText('client secret');
  const secret = 'e2e-secret-never-shown-7f3a';
  await ebay.getByLabel('Client secret').fill(secret);
  await ebay.getByRole('button', { name: 'Save' }).click();
  await expect(ebay.getByRole('status')).toHaveText('Saved.');
  await expect(ebay.getByText('Set up', { exact: true })).toBeVisible();
  await expect(ebay.getByText(/^A secret is stored \(set /)).toBeVisible();
  await expect(ebay.getByLabel('Client secret')).toHaveValue('');
  expect(await page.content()).not.toContain(secret);

  await page.getByLabel('Webhook (https)').fill('http://hooks.example.com/x');
  await page.locator('.notify-form').getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('.notify-form [role="alert"]')).toContainText('https://');
  await page.getByLabel('Webhook (https)').fill('https://hooks.example.com/services/T0/B0/secretpart');
  await page.locator('.notify-form').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('A webhook to hooks.example.com is set', { exact: false })).toBeVisible();
  expect(await page.content()).not.toContain('secretpart');
  expect(app.problems).toEqual([]);
});

test('keyboard alone, in Spanish: the palette switches client, and a revocation is typed and confirmed', async ({ page }) => {
  test.skip(token === '', 'playwright.config.ts sets FIVEX_PREVIEW_TOKEN for the preview server');
  const app = new AppPage(page);
  await app.open(token);
  await app.reachWorkspace(PASSPHRASE);
  // Set-up (not under test): a client with one active demo connection, then another client open.
  await demoOrigin(page, app, 'Keys Client');
  await app.addTenant('Keys Other');
  await expect(app.clientHeading('Keys Other')).toBeVisible();
  await app.switchLanguage('Language', 'Español');

  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Paleta de comandos' });
  await expect(palette.getByRole('combobox')).toBeFocused();
  await axeCheck(page, 'palette');
  await page.keyboard.type('Keys Client');
  await expect(palette.getByRole('option', { name: 'Keys Client' })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(app.clientHeading('Keys Client')).toBeVisible();
  await axeCheck(page, 'client grid (es)');

  // Reach the row's Revocar… by Tab alone, then confirm by typing the account.
  const revoke = page.getByRole('button', { name: /^Revocar… · Demo marketplace/ });
  for (let i = 0; i < 40 && !(await revoke.evaluate((el) => el === document.activeElement)); i += 1) await page.keyboard.press('Tab');
  await expect(revoke).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: /^¿Revocar Demo marketplace · .*\?$/ });
  await expect(dialog.getByRole('button', { name: 'Cancelar' })).toBeFocused();
  await expect(dialog.getByRole('button', { name: 'Revocar conexión' })).toBeDisabled();
  const label = ((await dialog.locator('label').textContent()) ?? '').replace(/^.*?: /, '');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.type(label);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: /está desconectada$/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(app.connectionRow('Demo marketplace').getByText('Desconectada', { exact: true })).toBeVisible();

  // The palette also runs actions: open the audit log.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('Registro de auditoría');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Registro de auditoría' })).toBeVisible();
  await app.switchLanguage('Idioma', 'English');
  expect(app.problems).toEqual([]);
});
