// The manual strategy: shape checks of a pasted self-authorized refresh token, and messages that
// never repeat it.
import { describe, expect, it } from 'vitest';
import { MAX_REFRESH_TOKEN_LENGTH, validatePastedRefreshToken } from '../../../main/oauth/protocol';

const TOKEN = 'Atzr|IwEBIA-CANARY-RT-0123456789abcdef_~.+/=';

describe('validatePastedRefreshToken', () => {
  it('accepts a token with surrounding whitespace and a trailing newline', () => {
    expect(validatePastedRefreshToken(`  ${TOKEN}\r\n`)).toEqual({ ok: true, refreshToken: TOKEN });
  });

  const refusals: ReadonlyArray<readonly [string, string, string]> = [
    ['empty text', '', 'empty'],
    ['only whitespace', ' \n\t ', 'empty'],
    ['a space inside', `${TOKEN.slice(0, 10)} ${TOKEN.slice(10)}`, 'whitespace'],
    ['a line break inside', `${TOKEN.slice(0, 10)}\n${TOKEN.slice(10)}`, 'whitespace'],
    ['two tokens', `${TOKEN} ${TOKEN}`, 'whitespace'],
    ['a NUL', `${TOKEN}\u0000x`, 'bad_characters'],
    ['non-ASCII', `${TOKEN}é`, 'bad_characters'],
    ['an over-long token', 'a'.repeat(MAX_REFRESH_TOKEN_LENGTH + 1), 'too_long'],
  ];
  for (const [name, text, reason] of refusals) {
    it(`refuses ${name}, without repeating the token`, () => {
      const result = validatePastedRefreshToken(text);
      expect(result).toMatchObject({ ok: false, reason });
      if (!result.ok) {
        expect(result.message).not.toContain('CANARY');
        expect(result.message).not.toContain(TOKEN.slice(0, 10));
        expect(result.message.length).toBeLessThan(200);
      }
    });
  }

  it('accepts a token at the length cap', () => {
    expect(validatePastedRefreshToken('a'.repeat(MAX_REFRESH_TOKEN_LENGTH)).ok).toBe(true);
  });
});
