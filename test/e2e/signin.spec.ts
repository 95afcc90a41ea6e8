/// <reference lib="dom" />
// Operators in the desktop workspace, end to end over the preview: the OS user works until it adds
// the first operator (an admin) in Settings, and the CLI adds a support person granted one client; the page then asks who
// is working, a support operator signs in by keyboard alone and sees only the granted client, with
// the actions the role may not take disabled and saying why (and main refusing them anyway); the
// access dossier shows in a sandboxed frame and downloads as HTML (no PDF in the preview); a
// wrong PIN is refused; switching operator to the admin shows everything again, and the admin
// adds, grants, re-roles and removes an operator in Settings. axe on the
// sign-in screen and on the support operator's workspace; the sign-in screen in Spanish too.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { AppPage } from './app-page';

const token = process.env.FIVEX_PREVIEW_TOKEN ?? '';
const vaultDir = process.env.FIVEX_E2E_VAULT ?? '';
const PASSPHRASE = 'correct horse battery staple';
const AXE_SOURCE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const ADMIN = 'Ana Admin';
const SUPPORT = 'Sol Support';
const ADMIN_PIN = 'admin-pin-2468';
const SUPPORT_PIN = 'support-pin-1357';
const GRANTED = 'Signin Granted';
const HIDDEN = 'Signin Hidden';

test.describe.configure({ mode: 'serial' });

/** The built CLI (`node bin/fivex-connect.js`) on the preview's own vault folder. */
function cli(args: ReadonlyArray<string>, as: { name: string; pin: string } | null): unknown {
  const env: NodeJS.ProcessEnv = { ...process.env, FIVEX_VAULT_DIR: vaultDir, FIVEX_VAULT_PASSPHRASE: PASSPHRASE, NEW_PIN: '' };
  if (as !== null) Object.assign(env, { FIVEX_OPERATOR: as.name, FIVEX_OPERATOR_PIN: as.pin });
  const pinIndex = args.indexOf('--pin');
  const argv = [...args];
  if (pinIndex >= 0) {
    env.NEW_PIN = argv[pinIndex + 1];
    argv.splice(pinIndex, 2, '--pin-env', 'NEW_PIN');
  }
  return JSON.parse(execFileSync('node', ['bin/fivex-connect.js', ...argv, '--json'], { env, encoding: 'utf8' })) as unknown;
}

async function axeCheck(page: Page, screen: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `axe on ${screen}: ${JSON.stringify(serious)}`).toEqual([]);
}

test('operators sign in, see only what their role and grants allow, and switch', async ({ page }) => {
  test.skip(token === '' || vaultDir === '', 'playwright.config.ts sets FIVEX_PREVIEW_TOKEN and FIVEX_E2E_VAULT for the preview server');
  const app = new AppPage(page);
  await app.open(token);
  await app.reachWorkspace(PASSPHRASE);
  const statusBar = page.locator('footer.status-bar');
  // No operators yet: the OS user works, and nobody switches.
  await expect(statusBar.getByText(/this computer’s user/)).toBeVisible();
  await expect(statusBar.getByRole('button', { name: 'Switch operator' })).toHaveCount(0);

  // Two clients, one with a live demo connection.
  await app.addTenant(HIDDEN);
  await expect(app.clientHeading(HIDDEN)).toBeVisible();
  await app.addTenant(GRANTED);
  await expect(app.clientHeading(GRANTED)).toBeVisible();
  await app.connectButton('Demo marketplace').click();
  await app.approveInNewTab(page.context(), 'Demo marketplace');
  await expect(app.connectionRow('Demo marketplace').getByText('Active', { exact: true })).toBeVisible();

  // The first operator, from Settings (this computer's user may, while the vault has none): an admin.
  await app.place('Settings').click();
  const ops = page.getByRole('region', { name: 'Operators and roles' });
  await expect(ops.getByText(/This vault has no operators/)).toBeVisible();
  await ops.getByLabel('Name').fill(ADMIN);
  await expect(ops.getByLabel('Role', { exact: true })).toBeDisabled();
  await ops.getByLabel('PIN', { exact: true }).fill(ADMIN_PIN);
  await ops.getByLabel('Repeat the PIN').fill('a-different-pin');
  await ops.getByRole('button', { name: 'Add operator' }).click();
  await expect(ops.getByRole('alert')).toHaveText('The two PINs differ.');
  await ops.getByLabel('PIN', { exact: true }).fill(ADMIN_PIN);
  await ops.getByLabel('Repeat the PIN').fill(ADMIN_PIN);
  await ops.getByRole('button', { name: 'Add operator' }).click();
  // The vault has operators now: nobody acts until someone signs in.
  await expect(app.heading('Who is working?')).toBeVisible();

  // The admin adds the rest from the CLI.
  const admin = { name: ADMIN, pin: ADMIN_PIN };
  cli(['operator', 'add', SUPPORT, '--role', 'support', '--pin', SUPPORT_PIN], admin);
  cli(['grant', 'add', SUPPORT, GRANTED], admin);

  // The vault has operators now: the page asks who is working.
  await page.reload();
  await expect(app.heading('Who is working?')).toBeVisible();
  await expect(page.getByLabel('Client name')).toHaveCount(0);
  await axeCheck(page, 'sign-in');
  await app.switchLanguage('Language', 'Español');
  await expect(app.heading('¿Quién va a trabajar?')).toBeVisible();
  await expect(page.getByLabel('Operador')).toBeVisible();
  await app.switchLanguage('Idioma', 'English');

  // A wrong PIN is refused, saying so.
  await page.getByLabel('Operator').selectOption({ label: `${ADMIN} (admin)` });
  await page.getByLabel('PIN').fill('not-the-pin');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText(/Unknown operator or wrong PIN/);

  // Keyboard alone: focus the operator list, pick Sol, type the PIN, press Enter.
  await page.getByLabel('Operator').focus();
  await page.keyboard.press('End');
  await expect(page.getByLabel('Operator')).toHaveValue(SUPPORT);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('PIN')).toBeFocused();
  await page.keyboard.type(SUPPORT_PIN);
  await page.keyboard.press('Enter');

  // Support: name and role always visible; only the granted client; no adding clients.
  await expect(statusBar.getByText(`${SUPPORT} (support)`)).toBeVisible();
  await expect(statusBar.getByRole('button', { name: 'Switch operator' })).toBeVisible();
  await expect(app.sidebarClient(GRANTED)).toBeVisible();
  await expect(app.sidebarClient(HIDDEN)).toHaveCount(0);
  await expect(page.getByLabel('Client name')).toHaveCount(0);
  await expect(app.place('Audit log')).toHaveCount(0);
  await app.sidebarClient(GRANTED).click();
  await expect(page.getByText('Your role (support) may not connect marketplace accounts')).toBeVisible();
  await expect(app.clientHeading(GRANTED)).toBeVisible();
  const row = app.connectionRow('Demo marketplace');
  const revoke = app.rowAction(row, 'Revoke');
  await expect(revoke).toBeDisabled();
  await expect(revoke).toHaveAccessibleName(/Your role \(support\) may not revoke connections/);
  await expect(revoke).toHaveAttribute('title', 'Your role (support) may not revoke connections');
  await expect(app.rowAction(row, 'Pause')).toBeDisabled();
  await expect(app.rowAction(row, 'Refresh now')).toBeEnabled();
  await axeCheck(page, 'workspace as support');

  // Main refuses it anyway, whatever the page shows.
  const connectionId = (await row.getAttribute('data-id')) ?? '';
  // From the page itself (same origin, the preview's token), as a tampered page would.
  const refused = await page.evaluate(
    async ([id, tok]) => {
      const response = await fetch('/api/invoke/connections:revoke', {
        method: 'POST',
        headers: { 'x-fivex-preview-token': tok ?? '', 'content-type': 'application/json' },
        body: JSON.stringify({ args: { connectionId: id } }),
      });
      return (await response.json()) as unknown;
    },
    [connectionId, token],
  );
  expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  await expect(row.getByText('Active', { exact: true })).toBeVisible();

  // The access dossier: in a frame that runs nothing, downloadable as HTML (no PDF here).
  await page.getByRole('button', { name: 'Access dossier' }).click();
  const frame = page.locator('iframe.dossier-frame');
  await expect(frame).toHaveAttribute('sandbox', '');
  await expect(page.frameLocator('iframe.dossier-frame').getByText('Demo marketplace').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save as PDF' })).toHaveCount(0);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download HTML' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.html$/);
  await page.getByRole('button', { name: 'Close dossier' }).click();

  // Switching operator: back to the sign-in screen, then the admin sees everything.
  await statusBar.getByRole('button', { name: 'Switch operator' }).click();
  await expect(app.heading('Who is working?')).toBeVisible();
  await page.getByLabel('Operator').selectOption({ label: `${ADMIN} (admin)` });
  await page.getByLabel('PIN').fill(ADMIN_PIN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(statusBar.getByText(`${ADMIN} (admin)`)).toBeVisible();
  await expect(app.sidebarClient(HIDDEN)).toBeVisible();
  await expect(page.getByLabel('Client name')).toBeVisible();
  await expect(app.place('Audit log')).toBeVisible();
  await app.sidebarClient(GRANTED).click();
  await expect(app.rowAction(app.connectionRow('Demo marketplace'), 'Revoke')).toBeEnabled();

  // The admin manages operators in Settings: adds one, grants a client, changes the role, takes back.
  await app.place('Settings').click();
  const FINA = 'Fina Finance';
  // The signed-in admin neither re-roles nor removes themselves here (another admin does).
  await expect(ops.getByText(`${ADMIN} (you)`)).toBeVisible();
  await expect(ops.getByLabel(`Role of ${ADMIN}`)).toBeDisabled();
  await expect(ops.getByRole('button', { name: `Remove ${ADMIN}` })).toHaveCount(0);
  await ops.getByLabel('Name').fill(FINA);
  await ops.getByLabel('Role', { exact: true }).selectOption({ label: 'finance' });
  await ops.getByLabel('PIN', { exact: true }).fill('fina-pin-8642');
  await ops.getByLabel('Repeat the PIN').fill('fina-pin-8642');
  await ops.getByRole('button', { name: 'Add operator' }).click();
  await expect(ops.getByRole('status')).toHaveText(`${FINA} was added.`);
  const fina = ops.locator('li.operator').filter({ hasText: FINA });
  await expect(fina.getByText('No client granted yet')).toBeVisible();
  const grantForm = fina.getByRole('form', { name: `Grant a client to ${FINA}` });
  await grantForm.getByLabel('Client').selectOption({ label: GRANTED });
  await grantForm.getByRole('button', { name: 'Grant' }).click();
  await expect(fina.getByRole('list', { name: `Clients granted to ${FINA}` })).toContainText(GRANTED);
  await fina.getByLabel(`Role of ${FINA}`).selectOption({ label: 'account manager' });
  await expect(ops.getByRole('status')).toHaveText(`${FINA} now has the role account manager.`);
  await axeCheck(page, 'Settings, operators');
  await fina.getByRole('button', { name: `Remove the grant for ${GRANTED}` }).click();
  await expect(fina.getByText('No client granted yet')).toBeVisible();
  await ops.getByRole('button', { name: `Remove ${FINA}` }).click();
  await expect(ops.locator('li.operator').filter({ hasText: FINA })).toHaveCount(0);
  const listed = cli(['operator', 'list'], admin) as Array<{ name: string }>;
  expect(listed.map((o) => o.name).sort()).toEqual([ADMIN, SUPPORT].sort());
  expect(app.problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
});
