// A page object for the FiveX Connect renderer: what a person does (create or unlock the vault,
// add a client, connect a marketplace and approve it as the seller, refresh, revoke or reconnect a
// connection, switch language) and what they see, by accessible names, plus a record of console
// errors and CSP violations the spec can assert on.
import { expect } from '@playwright/test';
import type { BrowserContext, Locator, Page } from '@playwright/test';

export class AppPage {
  readonly problems: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.problems.push(msg.text());
    });
    page.on('pageerror', (err) => this.problems.push(err.message));
  }

  /** Opens the preview with its per-run token in the fragment, as printed by the server. */
  async open(token: string): Promise<void> {
    await this.page.goto(`/#token=${token}`);
  }

  heading(name: string | RegExp): Locator {
    return this.page.getByRole('heading', { name });
  }

  async createVault(passphrase: string): Promise<void> {
    await expect(this.heading('Create your vault')).toBeVisible();
    await this.page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await this.page.getByLabel('Repeat the passphrase').fill(passphrase);
    await this.page.getByRole('button', { name: 'Create vault' }).click();
  }

  /** Whatever state an earlier spec left the shared preview vault in: create, unlock or use it. */
  async reachWorkspace(passphrase: string): Promise<void> {
    const create = this.heading('Create your vault');
    const unlock = this.heading('Unlock your vault');
    const workspace = this.page.getByLabel('Client name');
    await expect(create.or(unlock).or(workspace).first()).toBeVisible();
    if (await create.isVisible()) await this.createVault(passphrase);
    else if (await unlock.isVisible()) {
      await this.page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
      await this.page.getByRole('button', { name: 'Unlock' }).click();
    }
    await expect(workspace).toBeVisible();
  }

  async addTenant(name: string): Promise<void> {
    await this.page.getByLabel('Client name').fill(name);
    await this.page.getByRole('button', { name: 'Add client' }).click();
  }

  connectButton(marketplace: string): Locator {
    return this.page.getByRole('button', { name: `Connect ${marketplace}`, exact: true });
  }

  /** The row of a marketplace in the connection grid on screen (a client's, or needs attention). */
  connectionRow(marketplace: string): Locator {
    return this.page.locator('[role="row"][data-id]').filter({ has: this.page.getByRole('rowheader', { name: marketplace }) });
  }

  /** The open client's name: the main pane's level-1 heading. */
  clientHeading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }

  /** A client in the sidebar (its accessible name starts with the client's name, then its counts). */
  sidebarClient(name: string): Locator {
    return this.page.locator('.client-scroll').getByRole('button', { name });
  }

  /** A place in the sidebar: Needs attention, Audit log, Settings (or their Spanish names). */
  place(name: string | RegExp): Locator {
    return this.page.locator('.places').getByRole('button', { name });
  }

  /** Types the account's label into the revoke dialog's confirmation, read from its label. */
  async confirmRevokeTyped(dialog: Locator): Promise<void> {
    const label = await dialog.locator('label').filter({ hasText: /type the account|escriba la cuenta/ }).textContent();
    const account = (label ?? '').replace(/^.*?: /, '');
    await dialog.getByRole('textbox').fill(account);
  }

  /** The sign-in link the preview shows in the consent panel. */
  signInLink(marketplace: string): Locator {
    return this.page.getByRole('link', { name: `open the ${marketplace} sign-in page` });
  }

  /**
   * The seller's part: opens the preview's sign-in link in a new tab, presses Approve at the demo
   * marketplace, waits for the loopback receiver's answer and closes the tab.
   */
  async approveInNewTab(context: BrowserContext, marketplace: string | Locator, decision: 'Approve' | 'Decline' = 'Approve'): Promise<void> {
    const link = typeof marketplace === 'string' ? this.signInLink(marketplace) : marketplace;
    const [consentTab] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await expect(consentTab.getByRole('heading', { name: /Allow .* to access your demo shop\?/ })).toBeVisible();
    await consentTab.getByRole('button', { name: decision }).click();
    await expect(consentTab).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback\?/);
    await consentTab.close();
  }

  /** A row's action button by the start of its accessible name (e.g. "Revoke", "Reconnect"). */
  rowAction(row: Locator, verb: string): Locator {
    return row.getByRole('button', { name: new RegExp(`^${verb}…? · `) });
  }

  async switchLanguage(current: 'Language' | 'Idioma', to: 'English' | 'Español'): Promise<void> {
    await this.page.getByRole('combobox', { name: current, exact: true }).selectOption({ label: to });
  }
}
