// Vault-wide settings. Owns the settings table's SQL for product settings (the audit log keeps its
// own keys). The webhook URL is sealed: a Slack incoming-webhook URL is itself a credential.
import type { Vault } from '../vault/types';

const WEBHOOK_KEY = 'webhook_url';
const SEALED_PREFIX = 'sealed:v1:';
const REF = { table: 'settings', rowId: WEBHOOK_KEY, column: 'value' } as const;

export class SettingsRepo {
  constructor(private readonly vault: Pick<Vault, 'db' | 'seal' | 'openString'>) {}

  webhookUrl(): string | null {
    const row = this.vault.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(WEBHOOK_KEY);
    if (!row || row.value.trim() === '') return null;
    if (!row.value.startsWith(SEALED_PREFIX)) return row.value.trim();
    return this.vault.openString(Buffer.from(row.value.slice(SEALED_PREFIX.length), 'base64'), REF);
  }

  setWebhookUrl(url: string | null): void {
    if (url === null) {
      this.vault.db.prepare('DELETE FROM settings WHERE key = ?').run(WEBHOOK_KEY);
      return;
    }
    const sealed = SEALED_PREFIX + this.vault.seal(url, REF).toString('base64');
    this.vault.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(WEBHOOK_KEY, sealed);
  }
}

// ---- desktop notifications preference (main/desktop/workspace settings) ----------------------

const NOTIFICATIONS_KEY = 'desktop_notifications';

/** Whether the app shows a desktop notification when a connection needs someone; on by default. */
export function notificationsEnabled(vault: Pick<Vault, 'db'>): boolean {
  const row = vault.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(NOTIFICATIONS_KEY);
  return row?.value !== 'off';
}

export function setNotificationsEnabled(vault: Pick<Vault, 'db'>, on: boolean): void {
  vault.db
    .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
    .run(NOTIFICATIONS_KEY, on ? 'on' : 'off');
}
