// OS notifications: one per connection that moved to needs_consent (told by the change stream
// through the desktop API's attention updates); a click brings the window forward. The texts come
// from main/desktop/attention.ts and carry no secret.
import { Notification } from 'electron';
import type { AttentionUpdate, Notice } from '../desktop/attention';
import { needsConsentNotice } from '../desktop/attention';
import type { Lang } from '../../preload/contract';

export interface NotificationElectron {
  readonly Notification: Pick<typeof Notification, 'isSupported'> & (new (options: { title: string; body: string; silent: boolean }) => Pick<Notification, 'on' | 'show'>);
}

export function showNotice(notice: Notice, onClick: () => void, electron: NotificationElectron = { Notification }): void {
  if (!electron.Notification.isSupported()) return;
  const notification = new electron.Notification({ title: notice.title, body: notice.body, silent: false });
  notification.on('click', onClick);
  notification.show();
}

/** One notice per connection that has just lost consent, in the system's language. */
export function noticesFor(update: AttentionUpdate, lang: Lang): Notice[] {
  return update.nowNeedConsent.map((conn) => needsConsentNotice(conn, lang));
}
