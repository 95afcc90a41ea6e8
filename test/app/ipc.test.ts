// main/app/ipc.ts with a mocked electron: every contract channel is registered, a call from the
// app's own top frame reaches the validating dispatch of a real DesktopApi, and calls from foreign
// frames (another origin, an iframe, a data: URL, no frame at all) are refused before dispatch.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS } from '../../preload/contract';
import { APP_ENTRY_URL, appUrlCheck } from '../../main/app/app-origin';
import { PASSPHRASE, tempVaultDir, testApi } from './helpers';

type Handler = (event: unknown, ...args: unknown[]) => unknown;
const handlers = new Map<string, Handler>();

vi.mock('electron', () => ({
  ipcMain: {
    handle: vi.fn((channel: string, handler: Handler) => handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  },
}));

const { forwardEvents, isTrustedSender, registerInvokeHandlers } = await import('../../main/app/ipc');

const isAppUrl = appUrlCheck(null);
const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });
const appEvent = frame(APP_ENTRY_URL);

beforeEach(() => handlers.clear());

describe('sender check', () => {
  it('trusts only the top frame of the app origin', () => {
    expect(isTrustedSender(appEvent as never, isAppUrl)).toBe(true);
    expect(isTrustedSender(frame('fivex-app://ui/some/page.html') as never, isAppUrl)).toBe(true);
  });

  it.each([
    ['another origin', frame('https://evil.example/index.html')],
    ['a look-alike host', frame('fivex-app://ui.evil/index.html')],
    ['userinfo in the URL', frame('fivex-app://evil@ui/index.html')],
    ['an iframe inside the app', frame(APP_ENTRY_URL, { url: APP_ENTRY_URL })],
    ['a data: document', frame('data:text/html,<script>1</script>')],
    ['file://', frame('file:///tmp/index.html')],
    ['the dev server origin when not in dev', frame('http://localhost:5173/')],
    ['no frame (destroyed or navigated)', { senderFrame: null }],
  ])('refuses %s', (_what, event) => {
    expect(isTrustedSender(event as never, isAppUrl)).toBe(false);
  });

  it('trusts the dev server origin only when one is configured, and only on loopback http', () => {
    expect(isTrustedSender(frame('http://localhost:5173/') as never, appUrlCheck('http://localhost:5173'))).toBe(true);
    expect(isTrustedSender(frame('http://localhost:5174/') as never, appUrlCheck('http://localhost:5173'))).toBe(false);
    expect(isTrustedSender(frame('https://evil.example/') as never, appUrlCheck('https://evil.example'))).toBe(false);
  });
});

describe('registerInvokeHandlers', () => {
  it('registers exactly the contract channels and removes them again', () => {
    const unregister = registerInvokeHandlers({ dispatch: vi.fn() }, isAppUrl, () => undefined);
    expect([...handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('hands trusted calls to a real desktop API, arguments untouched, and refuses foreign frames before dispatch', async () => {
    const api = testApi(tempVaultDir());
    const dispatch = vi.spyOn(api, 'dispatch');
    const lines: string[] = [];
    registerInvokeHandlers(api, isAppUrl, (line) => lines.push(line));
    const create = handlers.get('vault:create')!;

    expect(() => create(frame('https://evil.example/'), { passphrase: PASSPHRASE, acceptInsecureKeychain: false })).toThrow(/not FiveX Connect's own page/);
    expect(dispatch).not.toHaveBeenCalled();
    expect(lines).toEqual(['[ipc] refused vault:create from an untrusted frame']);
    expect(lines.join()).not.toContain(PASSPHRASE);

    const reply = await create(appEvent, { passphrase: PASSPHRASE, acceptInsecureKeychain: false });
    expect(reply).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect(dispatch).toHaveBeenCalledWith('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false });

    const bad = await handlers.get('tenants:add')!(appEvent, { name: 'Acme', isAdmin: true });
    expect(bad).toEqual({ ok: false, error: { code: 'invalid_args', message: 'Invalid arguments for tenants:add: args.isAdmin: is not a known field' } });
    dispatch.mockClear();
    const two = await handlers.get('tenants:add')!(appEvent, { name: 'Acme' }, { name: 'Other' });
    expect(two).toEqual({ ok: false, error: { code: 'invalid_args', message: 'Invalid arguments for tenants:add: a channel takes one argument, got 2' } });
    expect(dispatch).not.toHaveBeenCalled();
  });
});

describe('forwardEvents', () => {
  it('sends desktop events to the window only while it shows the app', async () => {
    const api = testApi(tempVaultDir());
    const send = vi.fn();
    let url = APP_ENTRY_URL;
    const contents = { isDestroyed: () => false, getURL: () => url, send };
    forwardEvents(api, () => contents as never, isAppUrl);

    await api.call('vault:create', { passphrase: PASSPHRASE, acceptInsecureKeychain: false });
    expect(send).toHaveBeenCalledWith('vault:changed', expect.objectContaining({ state: 'unlocked' }));

    url = 'https://evil.example/';
    send.mockClear();
    await api.call('vault:lock');
    expect(send).not.toHaveBeenCalled();
  });
});
