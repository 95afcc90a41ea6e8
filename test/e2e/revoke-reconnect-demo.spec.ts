// End to end in Chromium over the browser preview with --demo: an account manager connects the
// demo marketplace for a new client, presses Revoke…, reads what stops, what remains and who can
// reconnect, confirms, and sees the row read "Disconnected" with the marketplace's confirmation;
// then presses Reconnect, approves in a new tab as the seller, and the same row is Active again.
import { expect, test } from '@playwright/test';
import { AppPage } from './app-page';

const token = process.env.FIVEX_PREVIEW_TOKEN ?? '';

test('revoke a demo connection after reading the impact, then reconnect it and see it active again', async ({ page, context }) => {
  test.skip(token === '', 'playwright.config.ts sets FIVEX_PREVIEW_TOKEN for the preview server');
  const app = new AppPage(page);
  await app.open(token);
  await app.reachWorkspace('correct horse battery staple');
  await app.addTenant('Revoke Client');
  await expect(app.clientHeading('Revoke Client')).toBeVisible();

  await app.connectButton('Demo marketplace').click();
  await app.approveInNewTab(context, 'Demo marketplace');
  const row = app.connectionRow('Demo marketplace');
  await expect(row.getByText('Active', { exact: true })).toBeVisible();
  await expect(row).toHaveCount(1);
  // An active connection is not offered Reconnect.
  await expect(app.rowAction(row, 'Reconnect')).toHaveCount(0);

  // Revoke… shows the impact first and changes nothing until confirmed.
  await app.rowAction(row, 'Revoke').click();
  const dialog = page.getByRole('dialog', { name: /^Revoke Demo marketplace · .*\?$/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'What stops' })).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'What remains' })).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Who can reconnect' })).toBeVisible();
  await expect(dialog.getByText('FiveX Connect stops renewing and checking', { exact: false })).toBeVisible();
  await expect(dialog.getByText('for Revoke Client', { exact: false })).toBeVisible();
  await expect(dialog.getByRole('listitem').filter({ hasText: 'The seller has to approve again' })).toBeVisible();
  await expect(row.getByText('Active', { exact: true })).toBeVisible();

  // The focus starts on Cancel; Revoke connection waits for the account's label to be typed.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expect(dialog.getByRole('button', { name: 'Revoke connection' })).toBeDisabled();
  await app.confirmRevokeTyped(dialog);
  await dialog.getByRole('button', { name: 'Revoke connection' }).click();
  await expect(page.getByRole('dialog', { name: /^Demo marketplace · .* is disconnected$/ })).toBeVisible();
  await expect(page.getByText('The marketplace confirmed the revocation', { exact: false })).toBeVisible();
  await expect(row.getByText('Disconnected', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(app.rowAction(row, 'Revoke')).toHaveCount(0);

  // Reconnect: a renewal with its progress; the seller approves again in a new tab.
  await app.rowAction(row, 'Reconnect').click();
  const queue = page.locator('.queue-panel');
  await expect(queue.getByText('Waiting for the seller to approve')).toBeVisible();
  await app.approveInNewTab(context, queue.getByRole('link', { name: 'Open the consent page' }));
  await expect(queue.getByText('Renewed: active again')).toBeVisible();
  await expect(row.getByText('Active', { exact: true })).toBeVisible();
  // The same connection came back: still one row.
  await expect(row).toHaveCount(1);

  expect(app.problems).toEqual([]);
});
