// The manual strategy: a self-authorized refresh token pasted by a person (SP-API private apps
// issue them in the developer console). Only its shape is checked here; the engine proves it by
// refreshing at once. Messages never contain the token, not even a prefix of it.

/** Far above real refresh tokens (SP-API's are ~400 characters, JWT-style ones ~2 KiB). */
export const MAX_REFRESH_TOKEN_LENGTH = 8192;

export type PastedRefreshToken =
  | { readonly ok: true; readonly refreshToken: string }
  | { readonly ok: false; readonly reason: 'empty' | 'whitespace' | 'too_long' | 'bad_characters'; readonly message: string };

/** Printable ASCII without space: what RFC 6749 allows in a token (VSCHAR) minus the space. */
const TOKEN = /^[\x21-\x7e]+$/;

export function validatePastedRefreshToken(text: string): PastedRefreshToken {
  // Surrounding whitespace and a trailing newline come from copy and paste; anything inside
  // means two things were pasted or the token was wrapped, and guessing would store a broken one.
  const token = text.trim();
  if (token.length === 0) {
    return { ok: false, reason: 'empty', message: 'no refresh token was given; paste the refresh token from the marketplace console' };
  }
  if (token.length > MAX_REFRESH_TOKEN_LENGTH) {
    return { ok: false, reason: 'too_long', message: `the refresh token is longer than ${MAX_REFRESH_TOKEN_LENGTH} characters; paste only the token` };
  }
  if (/\s/.test(token)) {
    return { ok: false, reason: 'whitespace', message: 'the refresh token contains spaces or line breaks; paste it again as one piece' };
  }
  if (!TOKEN.test(token)) {
    return { ok: false, reason: 'bad_characters', message: 'the refresh token contains characters a token cannot have; copy it again from the marketplace console' };
  }
  return { ok: true, refreshToken: token };
}
