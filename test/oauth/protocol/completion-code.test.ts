// Completion codes and pasted callbacks: round trips, every accepted paste form, and refusals.
import { describe, expect, it } from 'vitest';
import { COMPLETION_CODE_PREFIX, createState, decodeCompletionCode, encodeCompletionCode, parsePastedCallback } from '../../../main/oauth/protocol';

const state = createState();

describe('completion codes', () => {
  it('round-trip pairs in order, with duplicates and non-ASCII text intact', () => {
    const pairs = [
      ['code', 'ANdNAVhyhqirUelHGEHA'],
      ['state', state],
      ['state', 'second'],
      ['error_description', 'Ñandú — declinó ✓'],
    ] as const;
    const code = encodeCompletionCode(pairs);
    expect(code.startsWith(COMPLETION_CODE_PREFIX)).toBe(true);
    expect(code.slice(COMPLETION_CODE_PREFIX.length)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCompletionCode(code)).toEqual({ ok: true, pairs: pairs.map(([a, b]) => [a, b]) });
  });

  it('refuses codes that are cut short, padded with junk or of another shape', () => {
    const code = encodeCompletionCode([['code', 'abc'], ['state', state]]);
    expect(decodeCompletionCode(code.slice(0, -5)).ok).toBe(false);
    expect(decodeCompletionCode(`${code}!`).ok).toBe(false);
    expect(decodeCompletionCode('FXC1.').ok).toBe(false);
    expect(decodeCompletionCode('FXC2.' + code.slice(5)).ok).toBe(false);
    const notPairs = COMPLETION_CODE_PREFIX + Buffer.from(JSON.stringify({ code: 'abc' })).toString('base64url');
    expect(decodeCompletionCode(notPairs).ok).toBe(false);
    const badEntry = COMPLETION_CODE_PREFIX + Buffer.from(JSON.stringify([['code', 1]])).toString('base64url');
    expect(decodeCompletionCode(badEntry).ok).toBe(false);
  });
});

describe('parsePastedCallback', () => {
  it('reads a completion code, trimming whitespace and line breaks from wrapping', () => {
    const code = encodeCompletionCode([['code', 'abc'], ['state', state], ['fxc_relay', 'https://agency.example/relay']]);
    const wrapped = `\n  ${code.slice(0, 20)}\r\n${code.slice(20)}  \n`;
    expect(parsePastedCallback(wrapped)).toEqual({
      ok: true,
      source: 'completion_code',
      raw: { query: [['code', 'abc'], ['state', state]], fragment: [], via: 'https://agency.example/relay' },
    });
  });

  it('reads a full https callback URL, its address being the redirect URI seen', () => {
    const result = parsePastedCallback(` https://Agency.example/relay?code=abc&state=${state}\n`);
    expect(result).toEqual({ ok: true, source: 'url', raw: { query: [['code', 'abc'], ['state', state]], fragment: [], via: 'https://agency.example/relay' } });
  });

  it('reads the app\'s own loopback address and a fivex-connect link', () => {
    expect(parsePastedCallback(`http://127.0.0.1:50123/oauth/callback?code=abc&state=${state}`)).toMatchObject({
      ok: true,
      raw: { via: 'http://127.0.0.1:50123/oauth/callback' },
    });
    expect(parsePastedCallback(`fivex-connect://oauth/callback?code=abc&state=${state}`)).toMatchObject({ ok: true, source: 'deep_link' });
  });

  it('takes every loopback spelling the receiver may have been registered with (the shared loopback check)', () => {
    for (const via of ['http://[::1]:50123/oauth/callback', 'http://localhost:50123/oauth/callback']) {
      expect(parsePastedCallback(`${via}?code=abc&state=${state}`)).toMatchObject({ ok: true, source: 'url', raw: { via } });
    }
  });

  it('refuses other schemes, plain http, spaces, empty text and prose', () => {
    for (const text of [
      `javascript:alert(1)//?code=abc&state=${state}`,
      `file:///etc/passwd?code=abc&state=${state}`,
      `http://agency.example/relay?code=abc&state=${state}`,
      `https://agency.example/relay?code=abc def&state=${state}`,
      '   \n ',
      'I approved it, thanks!',
      `FIVEX-CONNECT://oauth/callback?code=abc&state=${state}`,
    ]) {
      expect(parsePastedCallback(text).ok).toBe(false);
    }
  });

  it('says what to paste when it cannot read the text', () => {
    const result = parsePastedCallback('hello');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/completion code.*FXC1\./);
  });
});
