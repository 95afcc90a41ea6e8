// Vault-wide settings. Owns the settings table's SQL for product settings (the audit log keeps its
// own keys). The webhook URL is sealed: a Slack incoming-webhook URL is itself a credential.
// Every statement is prepared once per repository.
import type { Statement } from 'better-sqlite3';
import type { Vault } from '../vault/types';

const WEBHOOK_KEY = 'webhook_url';
/** The desktop notifications preference (main/desktop/workspace settings). */
const NOTIFICATIONS_KEY = 'desktop_notifications';
const SEALED_PREFIX = 'sealed:v1:';
const REF = { table: 'settings', rowId: WEBHOOK_KEY, column: 'value' } as const;

export class SettingsRepo {
  readonly #get: Statement<[string], { value: string }>;
  readonly #put: Statement<[string, string]>;
  readonly #remove: Statement<[string]>;

  constructor(private readonly vault: Pick<Vault, 'db' | 'seal' | 'openString'>) {
    this.#get = vault.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.#put = vault.db.prepare<[string, string]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.#remove = vault.db.prepare<[string]>('DELETE FROM settings WHERE key = ?');
  }

  webhookUrl(): string | null {
    const row = this.#get.get(WEBHOOK_KEY);
    if (!row || row.value.trim() === '') return null;
    if (!row.value.startsWith(SEALED_PREFIX)) return row.value.trim();
    return this.vault.openString(Buffer.from(row.value.slice(SEALED_PREFIX.length), 'base64'), REF);
  }

  setWebhookUrl(url: string | null): void {
    if (url === null) {
      this.#remove.run(WEBHOOK_KEY);
      return;
    }
    this.#put.run(WEBHOOK_KEY, SEALED_PREFIX + this.vault.seal(url, REF).toString('base64'));
  }

  /** Whether the app shows a desktop notification when a connection needs someone; on by default. */
  notificationsEnabled(): boolean {
    return this.#get.get(NOTIFICATIONS_KEY)?.value !== 'off';
  }

  setNotificationsEnabled(on: boolean): void {
    this.#put.run(NOTIFICATIONS_KEY, on ? 'on' : 'off');
  }
}
