// Deep links: only the canonical fivex-connect://oauth/callback form (T7), the relay marker, and
// exactly one link in a launch argv (R20, T8, T10).
import { describe, expect, it } from 'vitest';
import { DEEP_LINK_CALLBACK, createState, findDeepLinkInArgv, parseDeepLink } from '../../../main/oauth/protocol';

const state = createState();
const QUERY = `code=abc&state=${state}`;

describe('parseDeepLink', () => {
  it('accepts the canonical form and reads its query', () => {
    const result = parseDeepLink(`${DEEP_LINK_CALLBACK}?${QUERY}`);
    expect(result).toEqual({ ok: true, raw: { query: [['code', 'abc'], ['state', state]], fragment: [], via: DEEP_LINK_CALLBACK } });
  });

  const variants: ReadonlyArray<readonly [string, string]> = [
    ['upper-case scheme', `FIVEX-CONNECT://oauth/callback?${QUERY}`],
    ['mixed-case scheme', `Fivex-Connect://oauth/callback?${QUERY}`],
    ['upper-case host', `fivex-connect://OAUTH/callback?${QUERY}`],
    ['upper-case path', `fivex-connect://oauth/CALLBACK?${QUERY}`],
    ['three slashes', `fivex-connect:///oauth/callback?${QUERY}`],
    ['one slash', `fivex-connect:/oauth/callback?${QUERY}`],
    ['userinfo', `fivex-connect://user@oauth/callback?${QUERY}`],
    ['userinfo with password', `fivex-connect://user:pw@oauth/callback?${QUERY}`],
    ['a port', `fivex-connect://oauth:443/callback?${QUERY}`],
    ['dot segments', `fivex-connect://oauth/x/../callback?${QUERY}`],
    ['dot segments after the path', `fivex-connect://oauth/callback/../callback?${QUERY}`],
    ['a trailing slash', `fivex-connect://oauth/callback/?${QUERY}`],
    ['an extra path segment', `fivex-connect://oauth/callback/extra?${QUERY}`],
    ['a path suffix', `fivex-connect://oauth/callbackx?${QUERY}`],
    ['an encoded slash', `fivex-connect://oauth/callback%2F..?${QUERY}`],
    ['another host', `fivex-connect://evil/callback?${QUERY}`],
    ['another scheme', `fivex-connect-evil://oauth/callback?${QUERY}`],
    ['a backslash', `fivex-connect://oauth\\callback?${QUERY}`],
    ['leading whitespace', ` ${DEEP_LINK_CALLBACK}?${QUERY}`],
    ['an embedded newline', `${DEEP_LINK_CALLBACK}?code=a\nb&state=${state}`],
    ['a space in the query', `${DEEP_LINK_CALLBACK}?code=a b&state=${state}`],
  ];
  for (const [name, url] of variants) {
    it(`refuses ${name} (T7)`, () => {
      expect(parseDeepLink(url).ok).toBe(false);
    });
  }

  it('refuses links over the length cap', () => {
    expect(parseDeepLink(`${DEEP_LINK_CALLBACK}?code=${'a'.repeat(20_000)}&state=${state}`)).toMatchObject({ ok: false, reason: 'too_long' });
  });

  it('keeps fragments for the callback parser to refuse', () => {
    const result = parseDeepLink(`${DEEP_LINK_CALLBACK}?${QUERY}#code=evil`);
    expect(result.ok && result.raw.fragment).toEqual([['code', 'evil']]);
  });

  it('takes the relay marker out of the query and uses it as the redirect URI seen', () => {
    const marker = encodeURIComponent('https://agency.example/fivex/relay?ignored=1');
    const result = parseDeepLink(`${DEEP_LINK_CALLBACK}?${QUERY}&fxc_relay=${marker}`);
    expect(result).toEqual({ ok: true, raw: { query: [['code', 'abc'], ['state', state]], fragment: [], via: 'https://agency.example/fivex/relay' } });
  });

  it('leaves duplicated relay markers in place (so they are refused) and an unreadable one as unknown', () => {
    const twice = parseDeepLink(`${DEEP_LINK_CALLBACK}?${QUERY}&fxc_relay=https%3A%2F%2Fa.example%2F&fxc_relay=https%3A%2F%2Fb.example%2F`);
    expect(twice.ok && twice.raw.query.filter(([n]) => n === 'fxc_relay')).toHaveLength(2);
    const bad = parseDeepLink(`${DEEP_LINK_CALLBACK}?${QUERY}&fxc_relay=javascript%3Aalert(1)`);
    expect(bad.ok && bad.raw.via).toBeNull();
  });
});

describe('findDeepLinkInArgv', () => {
  const link = `${DEEP_LINK_CALLBACK}?${QUERY}`;

  it('finds the link wherever Chromium put its switches (R20)', () => {
    expect(findDeepLinkInArgv(['/opt/FiveX/fivex', link, '--original-process-start-time=13372'])).toEqual({ ok: true, url: link });
    expect(findDeepLinkInArgv(['/opt/FiveX/fivex', '--allow-file-access-from-files', link])).toEqual({ ok: true, url: link });
  });

  it('refuses two links, even when one is a case variant (T8)', () => {
    expect(findDeepLinkInArgv(['app', link, link])).toMatchObject({ ok: false, reason: 'several' });
    expect(findDeepLinkInArgv(['app', link, `FIVEX-CONNECT://oauth/callback?${QUERY}`])).toMatchObject({ ok: false, reason: 'several' });
  });

  it('finds nothing in an empty argv (different-user second instance, T10) or without a link', () => {
    expect(findDeepLinkInArgv([])).toMatchObject({ ok: false, reason: 'none' });
    expect(findDeepLinkInArgv(['app', '--inspect=9229', 'https://example.com'])).toMatchObject({ ok: false, reason: 'none' });
  });

  it('requires the launch marker when one is configured', () => {
    expect(findDeepLinkInArgv(['app', link], { marker: '--protocol-launcher' })).toMatchObject({ ok: false, reason: 'missing_marker' });
    expect(findDeepLinkInArgv(['app', '--protocol-launcher', link], { marker: '--protocol-launcher' })).toEqual({ ok: true, url: link });
  });

  it('hands back a variant so parseDeepLink refuses it, instead of guessing', () => {
    const found = findDeepLinkInArgv(['app', `FIVEX-CONNECT://oauth/callback?${QUERY}`]);
    expect(found.ok).toBe(true);
    if (found.ok) expect(parseDeepLink(found.url).ok).toBe(false);
  });
});
