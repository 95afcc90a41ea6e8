// A page object for the FiveX Connect renderer: what a person does (create the vault, add a
// client, switch language) and what they see, by accessible names, plus a record of console
// errors and CSP violations the spec can assert on.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

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

  async addTenant(name: string): Promise<void> {
    await this.page.getByLabel('Client name').fill(name);
    await this.page.getByRole('button', { name: 'Add client' }).click();
  }

  tenantSwitcher(label = 'Client'): Locator {
    return this.page.getByRole('combobox', { name: label, exact: true });
  }

  async switchLanguage(current: 'Language' | 'Idioma', to: 'English' | 'Español'): Promise<void> {
    await this.page.getByRole('combobox', { name: current, exact: true }).selectOption({ label: to });
  }
}
