// The completion code the relay page shows when no app answers (remote consent), and reading what
// a person pastes: a completion code, a callback URL, or a fivex-connect:// link. The same format
// is produced by build/relay/relay.js; keep the two in step.
//
// Format: "FXC1." + base64url(UTF-8 JSON of [[name, value], ...]) — the callback's query pairs in
// order, duplicates kept (so the strict parser can refuse them), plus the relay's fxc_relay marker.
import { MAX_CALLBACK_URL_LENGTH, rawCallbackFromUrl } from './callback';
import { DEEP_LINK_SCHEME, parseDeepLink, splitRelayMarker } from './deeplink';
import type { CallbackRefusal, ParamPairs, RawCallback } from './types';
import { isLoopbackHttpUrl } from '../../../lib/net/loopback';

export const COMPLETION_CODE_PREFIX = 'FXC1.';
/** base64 grows by 4/3; the JSON adds quotes and brackets. */
const MAX_COMPLETION_CODE_LENGTH = Math.ceil(MAX_CALLBACK_URL_LENGTH * 1.5);
const MAX_PAIRS = 64;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

export type PastedCallback =
  | { readonly ok: true; readonly raw: RawCallback; readonly source: 'completion_code' | 'url' | 'deep_link' }
  | { readonly ok: false; readonly reason: CallbackRefusal; readonly message: string };

export function encodeCompletionCode(pairs: ParamPairs): string {
  const json = JSON.stringify(pairs.map(([name, value]) => [name, value]));
  return COMPLETION_CODE_PREFIX + Buffer.from(json, 'utf8').toString('base64url');
}

export type DecodedCompletionCode =
  | { readonly ok: true; readonly pairs: ParamPairs }
  | { readonly ok: false; readonly message: string };

const NOT_A_CODE = 'this is not a FiveX Connect completion code; copy the whole code shown on the page (it starts with FXC1.)';

export function decodeCompletionCode(code: string): DecodedCompletionCode {
  if (!code.startsWith(COMPLETION_CODE_PREFIX)) return { ok: false, message: NOT_A_CODE };
  const body = code.slice(COMPLETION_CODE_PREFIX.length);
  if (body.length === 0 || code.length > MAX_COMPLETION_CODE_LENGTH || !BASE64URL.test(body)) return { ok: false, message: NOT_A_CODE };
  let parsed: unknown;
  try {
    // fatal: a code cut in the middle of a character is refused rather than decoded with U+FFFD.
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(body, 'base64url')));
  } catch {
    return { ok: false, message: `${NOT_A_CODE}; it may be cut short` };
  }
  if (!Array.isArray(parsed) || parsed.length > MAX_PAIRS) return { ok: false, message: NOT_A_CODE };
  const pairs: Array<readonly [string, string]> = [];
  for (const entry of parsed as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') {
      return { ok: false, message: NOT_A_CODE };
    }
    pairs.push([entry[0], entry[1]]);
  }
  return { ok: true, pairs };
}

/**
 * What a person pasted, as a raw callback. Line breaks (from wrapped terminals or mail) and
 * surrounding whitespace are removed; nothing else is repaired.
 */
export function parsePastedCallback(text: string): PastedCallback {
  const cleaned = text.replace(/[\r\n]+/g, '').trim();
  if (cleaned.length === 0) {
    return { ok: false, reason: 'not_a_callback', message: 'nothing was pasted; paste the completion code or the address the browser ended on' };
  }
  if (cleaned.length > MAX_COMPLETION_CODE_LENGTH) {
    return { ok: false, reason: 'too_long', message: 'the pasted text is too long to be a completion code or a callback address' };
  }
  if (cleaned.startsWith(COMPLETION_CODE_PREFIX)) {
    const decoded = decodeCompletionCode(cleaned);
    if (!decoded.ok) return { ok: false, reason: 'malformed_url', message: decoded.message };
    const { query, via } = splitRelayMarker(decoded.pairs, null);
    return { ok: true, raw: { query, fragment: [], via }, source: 'completion_code' };
  }
  if (cleaned.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) {
    const link = parseDeepLink(cleaned);
    return link.ok ? { ok: true, raw: link.raw, source: 'deep_link' } : link;
  }
  let url: URL;
  try {
    url = new URL(cleaned);
  } catch {
    return {
      ok: false,
      reason: 'not_a_callback',
      message: 'paste the completion code (starts with FXC1.) or the full address the browser ended on (starts with https://)',
    };
  }
  if (url.protocol !== 'https:' && !isLoopbackHttpUrl(url)) {
    return { ok: false, reason: 'not_a_callback', message: 'only https addresses (or the app\'s own 127.0.0.1 address) are accepted' };
  }
  if (/\s/.test(cleaned)) return { ok: false, reason: 'control_character', message: 'the pasted address contains spaces; paste it again in one piece' };
  const raw = rawCallbackFromUrl(url);
  return raw.ok ? { ok: true, raw: raw.raw, source: 'url' } : raw;
}
