// Desktop notifications: one per connection that moved to needs_consent; a click brings the
// window forward. Texts come from main/desktop/health-watch.ts (no secrets in them).
import { Notification } from 'electron';
import type { Notice } from '../desktop/health-watch';

export function showNotice(notice: Notice, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: notice.title, body: notice.body, silent: false });
  notification.on('click', onClick);
  notification.show();
}
