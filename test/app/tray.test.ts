// The app shell with a mocked electron: the tray shows the attention count the change stream
// keeps (tooltip in both languages, the title beside the icon), notices are shown once per lost
// consent and bring the window forward, and launch at login is opt-in and only where the OS has it.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ Tray: class {}, Menu: { buildFromTemplate: vi.fn() }, nativeImage: { createFromPath: vi.fn() }, Notification: class {} }));

const { attentionTooltip, setupTray } = await import('../../main/app/tray');
const { noticesFor, showNotice } = await import('../../main/app/notifications');
const { electronLaunchAtLogin } = await import('../../main/app/login-item');

class FakeTray {
  static last: FakeTray | null = null;
  tooltip = '';
  title = '';
  menu: unknown = null;
  readonly handlers = new Map<string, () => void>();
  constructor(readonly image: unknown) {
    FakeTray.last = this;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setTitle(text: string): void {
    this.title = text;
  }
  setContextMenu(menu: unknown): void {
    this.menu = menu;
  }
  on(event: string, handler: () => void): void {
    this.handlers.set(event, handler);
  }
  destroy(): void {}
}

const image = (empty: boolean) => ({ isEmpty: () => empty, resize: () => 'resized' });
const electron = (empty = false) => ({
  Tray: FakeTray as never,
  Menu: { buildFromTemplate: (template: unknown) => template as never },
  nativeImage: { createFromPath: () => image(empty) as never },
});

describe('tray', () => {
  it('shows the number of connections needing attention, in the system language', () => {
    const onOpen = vi.fn();
    const tray = setupTray({ iconPath: '/icon.png', lang: 'en', onOpen, onLock: vi.fn(), onQuit: vi.fn() }, electron());
    const fake = FakeTray.last!;
    expect(fake.tooltip).toBe('FiveX Connect');
    tray?.setAttention(3);
    expect(fake.tooltip).toBe('FiveX Connect: 3 connections need attention');
    expect(fake.title).toBe('3');
    tray?.setAttention(0);
    expect([fake.tooltip, fake.title]).toEqual(['FiveX Connect', '']);
    fake.handlers.get('click')?.();
    expect(onOpen).toHaveBeenCalled();
    expect(attentionTooltip(1, 'es')).toBe('FiveX Connect: 1 conexión necesita atención');
    expect(attentionTooltip(2, 'en')).toBe('FiveX Connect: 2 connections need attention');
  });

  it('is not created without an icon', () => {
    expect(setupTray({ iconPath: '/missing.png', lang: 'en', onOpen: vi.fn(), onLock: vi.fn(), onQuit: vi.fn() }, electron(true))).toBeNull();
  });
});

describe('notifications', () => {
  const conn = { connectionId: 'c1', tenantName: 'Acme', connectorName: 'TestMart', account: 'Shop' };

  it('shows one notice per connection that lost consent, and a click brings the window forward', () => {
    const shown: Array<{ title: string; body: string }> = [];
    const clicks = new Map<string, () => void>();
    class FakeNotification {
      static isSupported = () => true;
      constructor(readonly options: { title: string; body: string; silent: boolean }) {}
      on(event: string, handler: () => void) {
        clicks.set(event, handler);
        return this;
      }
      show() {
        shown.push({ title: this.options.title, body: this.options.body });
      }
    }
    const focus = vi.fn();
    const notices = noticesFor({ count: 2, nowNeedConsent: [conn] }, 'es');
    for (const notice of notices) showNotice(notice, focus, { Notification: FakeNotification as never });
    expect(shown).toEqual([{ title: 'Hace falta reconectar', body: 'Acme: TestMart (Shop) necesita de nuevo el consentimiento del vendedor.' }]);
    clicks.get('click')?.();
    expect(focus).toHaveBeenCalledTimes(1);
    expect(noticesFor({ count: 2, nowNeedConsent: [] }, 'en')).toEqual([]);
  });

  it('shows nothing where the OS has no notifications', () => {
    const show = vi.fn();
    class Unsupported {
      static isSupported = () => false;
      on() {
        return this;
      }
      show = show;
    }
    showNotice({ title: 't', body: 'b' }, vi.fn(), { Notification: Unsupported as never });
    expect(show).not.toHaveBeenCalled();
  });
});

describe('launch at login', () => {
  const fakeApp = () => {
    let openAtLogin = false;
    return {
      getLoginItemSettings: vi.fn(() => ({ openAtLogin }) as never),
      setLoginItemSettings: vi.fn((s: { openAtLogin?: boolean }) => {
        openAtLogin = s.openAtLogin === true;
      }),
    };
  };

  it('is off until turned on, and turns off again (macOS, Windows)', () => {
    const app = fakeApp();
    const login = electronLaunchAtLogin(app, 'win32');
    expect([login.supported, login.enabled()]).toEqual([true, false]);
    expect(login.set(true)).toBe(true);
    expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true });
    expect(login.enabled()).toBe(true);
    expect(login.set(false)).toBe(false);
  });

  it('is unsupported on Linux and touches nothing there', () => {
    const app = fakeApp();
    const login = electronLaunchAtLogin(app, 'linux');
    expect([login.supported, login.enabled(), login.set(true)]).toEqual([false, false, false]);
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
  });
});
