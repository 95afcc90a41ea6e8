// Deep-link delivery in main/app/deep-links.ts and main/desktop/deep-link-inbox.ts: strict argv
// parsing (exactly one link, Chromium switches anywhere), open-url before ready queued until the
// router is attached, second-instance with an empty argv, and one delivery per click.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { DEEP_LINK_MARKER, deepLinkFromArgv, registerProtocolClient, setupDeepLinks, setupSingleInstance } from '../../main/app/deep-links';
import { DeepLinkInbox } from '../../main/desktop/deep-link-inbox';

const LINK = 'fivex-connect://oauth/callback?code=abc&state=s1';

class FakeApp extends EventEmitter {
  lock = true;
  quit = vi.fn();
  requestSingleInstanceLock = vi.fn(() => this.lock);
  setAsDefaultProtocolClient = vi.fn(() => true);
}

function fakeEvent() {
  return { preventDefault: vi.fn() };
}

describe('argv parsing', () => {
  it('finds the one link wherever Chromium put it', () => {
    const log = vi.fn();
    expect(deepLinkFromArgv(['/opt/FiveX/fivex', '--original-process-start-time=1', LINK, '--enable-features=X'], 'linux', log)).toBe(LINK);
    expect(log).not.toHaveBeenCalled();
  });

  it('uses no link when there are two, or a hidden upper-case variant beside the real one', () => {
    const log = vi.fn();
    expect(deepLinkFromArgv(['fivex', LINK, 'fivex-connect://oauth/callback?code=x&state=y'], 'linux', log)).toBeNull();
    expect(deepLinkFromArgv(['fivex', LINK, 'FIVEX-CONNECT://oauth/callback?code=x'], 'linux', log)).toBeNull();
    expect(log).toHaveBeenCalledTimes(2);
    expect(log.mock.calls.join()).not.toContain('code=');
  });

  it('is quiet for a normal start and for an empty argv (another user\'s second instance)', () => {
    const log = vi.fn();
    expect(deepLinkFromArgv(['fivex', '--inspect=9229'], 'linux', log)).toBeNull();
    expect(deepLinkFromArgv([], 'linux', log)).toBeNull();
    expect(log).not.toHaveBeenCalled();
  });
});

describe('setupDeepLinks', () => {
  it('queues open-url and cold-start links until the router is attached, then routes each once', () => {
    const app = new FakeApp();
    const inbox = new DeepLinkInbox();
    setupDeepLinks(app as never, { argv: ['fivex', LINK], execPath: '/opt/fivex', defaultApp: false, platform: 'linux' }, { inbox, focus: vi.fn(), log: vi.fn() });
    const early = fakeEvent();
    app.emit('open-url', early, 'fivex-connect://oauth/callback?code=mac&state=s2');
    expect(early.preventDefault).toHaveBeenCalled();

    const routed: string[] = [];
    inbox.ready((url) => routed.push(url));
    expect(routed).toEqual([LINK, 'fivex-connect://oauth/callback?code=mac&state=s2']);

    app.emit('open-url', fakeEvent(), 'fivex-connect://oauth/callback?code=late&state=s3');
    expect(routed).toHaveLength(3);
  });

  it('routes a second instance\'s link, focuses the window, and delivers a double click once (T4)', () => {
    const app = new FakeApp();
    const inbox = new DeepLinkInbox();
    const focus = vi.fn();
    const routed: string[] = [];
    setupDeepLinks(app as never, { argv: ['fivex'], execPath: '/opt/fivex', defaultApp: false, platform: 'linux' }, { inbox, focus, log: vi.fn() });
    inbox.ready((url) => routed.push(url));

    app.emit('second-instance', fakeEvent(), ['fivex', LINK], '/home');
    app.emit('open-url', fakeEvent(), LINK);
    app.emit('second-instance', fakeEvent(), [], '/home');
    expect(routed).toEqual([LINK]);
    expect(focus).toHaveBeenCalledTimes(2);
  });

  it('accepts the same link again once the dedupe window has passed, and caps the queue before ready', () => {
    let now = 0;
    const inbox = new DeepLinkInbox({ now: () => now, dedupeMs: 1000, maxQueued: 2 });
    expect(inbox.deliver('a')).toBe(true);
    expect(inbox.deliver('b')).toBe(true);
    expect(inbox.deliver('c')).toBe(false);
    const routed: string[] = [];
    inbox.ready((url) => routed.push(url));
    expect(inbox.deliver('a')).toBe(false);
    now = 2000;
    expect(inbox.deliver('a')).toBe(true);
    expect(routed).toEqual(['a', 'b', 'a']);
  });
});

describe('single instance and registration', () => {
  it('quits when another instance holds the lock', () => {
    const app = new FakeApp();
    app.lock = false;
    expect(setupSingleInstance(app as never)).toBe(false);
    expect(app.quit).toHaveBeenCalled();
  });

  it('registers the scheme, passing the app path in a dev run', () => {
    const app = new FakeApp();
    registerProtocolClient(app as never, { argv: ['/usr/bin/electron', 'out/main/index.js'], execPath: '/usr/bin/electron', defaultApp: true, platform: 'linux' });
    expect(app.setAsDefaultProtocolClient).toHaveBeenCalledWith('fivex-connect', '/usr/bin/electron', [expect.stringMatching(/\/out\/main\/index\.js$/)]);
    registerProtocolClient(app as never, { argv: ['/opt/fivex'], execPath: '/opt/fivex', defaultApp: false, platform: 'linux' });
    expect(app.setAsDefaultProtocolClient).toHaveBeenLastCalledWith('fivex-connect');
  });

  it('on Windows registers the executable with the marker before the link, and takes a link from argv only with it', () => {
    const app = new FakeApp();
    registerProtocolClient(app as never, { argv: ['C:\\FiveX\\fivex.exe'], execPath: 'C:\\FiveX\\fivex.exe', defaultApp: false, platform: 'win32' });
    expect(app.setAsDefaultProtocolClient).toHaveBeenLastCalledWith('fivex-connect', 'C:\\FiveX\\fivex.exe', [DEEP_LINK_MARKER]);
    registerProtocolClient(app as never, { argv: ['electron.exe', 'out/main/index.js'], execPath: 'electron.exe', defaultApp: true, platform: 'win32' });
    expect(app.setAsDefaultProtocolClient).toHaveBeenLastCalledWith('fivex-connect', 'electron.exe', [expect.stringMatching(/index\.js$/), DEEP_LINK_MARKER]);

    const log = vi.fn();
    // As Windows starts it for a link: the marker, then "%1" (Chromium may add switches anywhere).
    expect(deepLinkFromArgv(['C:\\FiveX\\fivex.exe', '--allow-file-access', DEEP_LINK_MARKER, LINK], 'win32', log)).toBe(LINK);
    // Typed on a command line, or passed by another program: no marker, no link.
    expect(deepLinkFromArgv(['C:\\FiveX\\fivex.exe', LINK], 'win32', log)).toBeNull();
    expect(log).toHaveBeenCalledWith('[deep-link] a fivex-connect link arrived without the launch marker; it was ignored');
    expect(log.mock.calls.join()).not.toContain('code=');
  });

  it('a second instance on Windows delivers the marked link only', () => {
    const app = new FakeApp();
    const inbox = new DeepLinkInbox();
    const routed: string[] = [];
    setupDeepLinks(app as never, { argv: ['fivex.exe'], execPath: 'fivex.exe', defaultApp: false, platform: 'win32' }, { inbox, focus: vi.fn(), log: vi.fn() });
    inbox.ready((url) => routed.push(url));
    app.emit('second-instance', fakeEvent(), ['fivex.exe', LINK], 'C:\\');
    app.emit('second-instance', fakeEvent(), ['fivex.exe', DEEP_LINK_MARKER, LINK], 'C:\\');
    expect(routed).toEqual([LINK]);
  });
});
