// The relay page (build/relay): its pure functions in a bare VM, its format against the app's
// decoder, and the page itself in jsdom: forwarding, the completion code, countdown, copy, and
// what it refuses. Also static checks that it loads nothing from elsewhere.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createState, decodeCompletionCode, parseDeepLink, parsePastedCallback } from '../../../main/oauth/protocol';

const RELAY_DIR = join(import.meta.dirname, '../../../build/relay');
const relayJs = readFileSync(join(RELAY_DIR, 'relay.js'), 'utf8');
const indexHtml = readFileSync(join(RELAY_DIR, 'index.html'), 'utf8');
const PAGE = 'https://agency.example/fivex/relay';

type Pairs = Array<[string, string]>;
interface RelayApi {
  readonly CALLBACK: string;
  analyse(search: string, hash: string): { kind: string; hasError?: boolean };
  forwardPairs(search: string, page: string): Pairs;
  deepLink(pairs: Pairs): string;
  completionCode(pairs: Pairs): string;
  formatCountdown(seconds: number): string;
}

/** relay.js in an empty context with only what a browser would give it: no document, so no page. */
function relayApi(): RelayApi {
  const sandbox: Record<string, unknown> = { URLSearchParams, btoa };
  runInNewContext(relayJs, sandbox);
  return sandbox.FiveXRelay as RelayApi;
}

describe('relay.js functions', () => {
  const api = relayApi();
  const state = createState();

  it('produces completion codes the app decodes to the same pairs, non-ASCII included', () => {
    const pairs = api.forwardPairs(`?state=${state}&spapi_oauth_code=ANabc&error_description=${encodeURIComponent('Ñandú ✓')}`, PAGE);
    expect(pairs).toEqual([
      ['state', state],
      ['spapi_oauth_code', 'ANabc'],
      ['error_description', 'Ñandú ✓'],
      ['fxc_relay', PAGE],
    ]);
    const code = api.completionCode(pairs);
    expect(code).toMatch(/^FXC1\.[A-Za-z0-9_-]+$/);
    expect(decodeCompletionCode(code)).toEqual({ ok: true, pairs });
    expect(parsePastedCallback(code)).toMatchObject({ ok: true, source: 'completion_code', raw: { via: PAGE } });
  });

  it('keeps duplicated parameters so the app can refuse them', () => {
    const code = api.completionCode(api.forwardPairs(`?state=${state}&state=other&code=a`, PAGE));
    const decoded = decodeCompletionCode(code);
    expect(decoded.ok && decoded.pairs.filter(([n]) => n === 'state')).toHaveLength(2);
  });

  it('builds the deep link the app accepts, with the page address as the relay marker', () => {
    const link = api.deepLink(api.forwardPairs(`?code=a%2Bb&state=${state}`, PAGE));
    expect(link.startsWith('fivex-connect://oauth/callback?')).toBe(true);
    expect(parseDeepLink(link)).toEqual({ ok: true, raw: { query: [['code', 'a+b'], ['state', state]], fragment: [], via: PAGE } });
  });

  it('tells empty, fragment and error responses apart', () => {
    expect(api.analyse('', '')).toEqual({ kind: 'empty' });
    expect(api.analyse('?code=a', '#code=b')).toEqual({ kind: 'fragment' });
    expect(api.analyse('', '#code=b')).toEqual({ kind: 'fragment' });
    expect(api.analyse('?code=a&state=s', '')).toEqual({ kind: 'callback', hasError: false });
    expect(api.analyse('?error=access_denied&state=s', '')).toEqual({ kind: 'callback', hasError: true });
  });

  it('formats the countdown as m:ss and never below zero', () => {
    expect(api.formatCountdown(300)).toBe('5:00');
    expect(api.formatCountdown(61.9)).toBe('1:01');
    expect(api.formatCountdown(9)).toBe('0:09');
    expect(api.formatCountdown(-3)).toBe('0:00');
  });
});

// ---- the page in jsdom (untyped package: only the slice used here) ----
interface PageElement {
  hidden: boolean;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  click(): void;
}
interface JsdomWindow {
  eval(code: string): unknown;
  readonly document: { getElementById(id: string): PageElement | null; querySelector(selector: string): unknown };
  readonly location: { readonly href: string };
  readonly navigator: object;
  addEventListener(event: string, fn: () => void): void;
  close(): void;
}
interface Jsdom {
  readonly window: JsdomWindow;
}
interface JsdomModule {
  JSDOM: new (html: string, opts: Record<string, unknown>) => Jsdom;
  VirtualConsole: new () => { on(event: string, fn: (e: { type?: string; message: string }) => void): void };
}

async function openPage(url: string, html = indexHtml) {
  const specifier: string = 'jsdom';
  const { JSDOM, VirtualConsole } = (await import(specifier)) as JsdomModule;
  const errors: string[] = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on('jsdomError', (e) => errors.push(e.message));
  const dom = new JSDOM(html, { url, runScripts: 'outside-only', virtualConsole });
  const copied: string[] = [];
  Object.defineProperty(dom.window.navigator, 'clipboard', { value: { writeText: (t: string) => (copied.push(t), Promise.resolve()) } });
  await new Promise<void>((resolve) => dom.window.addEventListener('load', () => resolve()));
  dom.window.eval(relayJs);
  const el = (id: string): PageElement => {
    const found = dom.window.document.getElementById(id);
    if (!found) throw new Error(`no #${id}`);
    return found;
  };
  return { window: dom.window, el, errors, copied, close: () => dom.window.close() };
}

describe('the relay page', () => {
  it('forwards to the app, strips the code from the address bar and offers the completion code', async () => {
    const state = createState();
    const page = await openPage(`${PAGE}?state=${state}&spapi_oauth_code=ANabc&selling_partner_id=A3S`);
    try {
      const api = relayApi();
      const pairs = api.forwardPairs(`?state=${state}&spapi_oauth_code=ANabc&selling_partner_id=A3S`, PAGE);
      expect(page.el('idle').hidden).toBe(true);
      expect(page.el('forwarding').hidden).toBe(false);
      expect(page.el('declined').hidden).toBe(true);
      expect(page.el('open-app').getAttribute('href')).toBe(api.deepLink(pairs));
      // It tried to navigate to the app (jsdom cannot follow, and says so).
      expect(page.errors.some((m) => /navigation/i.test(m))).toBe(true);
      expect(page.window.location.href).toBe(PAGE);
      expect(page.el('code').textContent).toBe(api.completionCode(pairs));
      // A loaded machine may take a second or two to get here.
      expect(page.el('countdown').textContent).toMatch(/^(5:00|4:5\d)$/);
      expect(page.el('completion').hidden).toBe(true);
      page.el('show-code').click();
      expect(page.el('completion').hidden).toBe(false);
      page.el('copy').click();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(page.copied).toEqual([api.completionCode(pairs)]);
      expect(page.el('copied').hidden).toBe(false);
      // What a person copies is what the app accepts.
      expect(parsePastedCallback(page.el('code').textContent ?? '')).toMatchObject({ ok: true, raw: { via: PAGE } });
    } finally {
      page.close();
    }
  });

  it('shows the completion code on its own when no app answers', async () => {
    const page = await openPage(`${PAGE}?state=${createState()}&code=abc`);
    try {
      expect(page.el('completion').hidden).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 2600));
      expect(page.el('completion').hidden).toBe(false);
    } finally {
      page.close();
    }
  });

  it('counts down the code lifetime set on the page and then says the code has expired', async () => {
    const page = await openPage(`${PAGE}?state=${createState()}&code=abc`, indexHtml.replace('data-code-lifetime-seconds="300"', 'data-code-lifetime-seconds="1"'));
    try {
      expect(page.el('countdown').textContent).toBe('0:01');
      expect(page.el('expired').hidden).toBe(true);
      // Ticks come once a second, so the one after the deadline may come up to a second late.
      await new Promise((resolve) => setTimeout(resolve, 2200));
      expect(page.el('expired').hidden).toBe(false);
      expect(page.el('countdown').textContent).toBe('0:00');
      expect(page.el('time-left').hidden).toBe(true);
    } finally {
      page.close();
    }
  });

  it('says the authorization did not complete when the marketplace sent an error, and still forwards it', async () => {
    const page = await openPage(`${PAGE}?error=access_denied&error_description=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&state=${createState()}`);
    try {
      expect(page.el('declined').hidden).toBe(false);
      expect(page.window.document.querySelector('img')).toBeNull();
      expect(page.el('open-app').getAttribute('href')).toMatch(/^fivex-connect:\/\/oauth\/callback\?error=access_denied/);
    } finally {
      page.close();
    }
  });

  it('refuses a fragment response and does nothing without a query', async () => {
    const fragment = await openPage(`${PAGE}#code=abc&state=${createState()}`);
    try {
      expect(fragment.el('bad').hidden).toBe(false);
      expect(fragment.el('forwarding').hidden).toBe(true);
      expect(fragment.errors).toEqual([]);
    } finally {
      fragment.close();
    }
    const idle = await openPage(PAGE);
    try {
      expect(idle.el('idle').hidden).toBe(false);
      expect(idle.el('forwarding').hidden).toBe(true);
      expect(idle.errors).toEqual([]);
    } finally {
      idle.close();
    }
  });
});

describe('relay files', () => {
  it('carry a closed CSP and no-referrer, and load nothing from elsewhere', () => {
    expect(indexHtml).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self';[^"]*base-uri 'none'/);
    expect(indexHtml).toContain('<meta name="referrer" content="no-referrer">');
    const refs = [...indexHtml.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(refs.sort()).toEqual(['#', 'relay.css', 'relay.js']);
    // No inline script or style: the CSP would block them, and they are where injection lives.
    expect(indexHtml).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(indexHtml).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(readFileSync(join(RELAY_DIR, 'relay.css'), 'utf8')).not.toMatch(/url\(|@import/);
  });

  it('make no network requests and hold no secrets', () => {
    expect(relayJs).not.toMatch(/\bfetch\(|XMLHttpRequest|sendBeacon|WebSocket|EventSource|\bimport\b|innerHTML|document\.write|eval\(/);
    expect(relayJs).not.toMatch(/https?:\/\//);
    expect(relayJs).not.toMatch(/client_secret|clientSecret|app_secret|api[_-]?key|client_id/i);
    // No long opaque literal that could be a key or token.
    expect(relayJs).not.toMatch(/['"][A-Za-z0-9+/_-]{32,}['"]/);
  });
});
