// End to end in Chromium over the browser preview started with --demo (a local demo marketplace,
// its app registered on the vault): a person adds a client, presses Connect on the demo
// marketplace, opens the sign-in link the preview shows in a new tab, presses Approve there, and
// sees the connection active; then the seller removes the app (the demo's /demo/revoke-all knob),
// and Refresh now shows "needs consent" with its reason in plain words.
import { expect, test } from '@playwright/test';
import { AppPage } from './app-page';

const token = process.env.FIVEX_PREVIEW_TOKEN ?? '';

test('connect the demo marketplace, approve in a new tab, then see it need consent after the seller removes the app', async ({ page, context }) => {
  test.skip(token === '', 'playwright.config.ts sets FIVEX_PREVIEW_TOKEN for the preview server');
  const app = new AppPage(page);
  await app.open(token);
  await app.reachWorkspace('correct horse battery staple');
  await app.addTenant('Demo Client');
  await expect(app.clientHeading('Demo Client')).toBeVisible();
  await expect(page.getByText('No connections yet for this client.')).toBeVisible();

  // Without an app registration, Connect stays disabled and says what to set up.
  await expect(app.connectButton('eBay')).toBeDisabled();
  await expect(page.getByText('fivex-connect app set ebay --client-id ID').first()).toBeVisible();

  const connect = app.connectButton('Demo marketplace');
  await expect(connect).toBeEnabled();
  await connect.click();
  await expect(app.heading('Waiting for approval on Demo marketplace')).toBeVisible();
  // One attempt at a time: Connect waits while the seller has not answered.
  await expect(connect).toBeDisabled();
  const link = page.getByRole('link', { name: 'open the Demo marketplace sign-in page' });
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/authorize\?/);
  const demoOrigin = new URL(href!).origin;

  const [consentTab] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await expect(consentTab.getByRole('heading', { name: /Allow .* to access your demo shop\?/ })).toBeVisible();
  await consentTab.getByRole('button', { name: 'Approve' }).click();
  // The loopback receiver answers the browser once the code is in.
  await expect(consentTab).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback\?/);
  await consentTab.close();

  const row = app.connectionRow('Demo marketplace');
  await expect(row.getByText('Active', { exact: true })).toBeVisible();
  await expect(page.getByText('Connected.')).toBeVisible();
  await expect(app.heading('Waiting for approval on Demo marketplace')).toHaveCount(0);

  // The seller removes the app at the marketplace; the next refresh finds out.
  const revoked = await page.request.post(`${demoOrigin}/demo/revoke-all`);
  expect(revoked.ok()).toBe(true);
  await row.getByRole('button', { name: /^Refresh now · Demo marketplace · / }).click();
  await expect(row.getByText('Needs consent', { exact: true })).toBeVisible();
  // Refresh cannot help lost consent: the row offers Reconnect instead, and says who acts.
  await expect(row.getByRole('button', { name: /^Refresh / })).toHaveCount(0);
  await expect(app.rowAction(row, 'Reconnect')).toBeVisible();
  await expect(row.getByText('the seller approves again', { exact: false })).toBeVisible();
  await expect(row.getByText("the demo marketplace no longer accepts this connection's authorization", { exact: false })).toBeVisible();

  expect(app.problems).toEqual([]);
});
