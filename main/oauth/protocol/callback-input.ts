// The edge: whatever carries an authorization response into the app (a hit on the loopback
// receiver, a fivex-connect:// link, text a person pasted) is parsed here, once, into one typed
// value. The consent attempt consumes that value; nothing downstream re-reads the URL or the text.
import { rawCallbackFromUrl } from './callback';
import { parsePastedCallback } from './completion-code';
import { parseDeepLink } from './deeplink';
import { hashState, isWellFormedState } from './pkce';
import type { CallbackRefusal, RawCallback } from './types';

/** How the response arrived; lands in audit details. */
export type CallbackChannel = 'loopback' | 'deeplink' | 'paste';

export type CallbackInput =
  | {
      readonly ok: true;
      readonly channel: CallbackChannel;
      readonly raw: RawCallback;
      /**
       * SHA-256 of the one well-formed state it carries (how a registry finds the attempt it is
       * for), or null when it carries none, several, or a malformed one.
       */
      readonly stateHash: string | null;
    }
  | { readonly ok: false; readonly channel: CallbackChannel; readonly reason: CallbackRefusal; readonly message: string };

function accepted(channel: CallbackChannel, raw: RawCallback): CallbackInput {
  const states = raw.query.filter(([name]) => name === 'state').map(([, value]) => value);
  const state = states.length === 1 ? states[0]! : null;
  return { ok: true, channel, raw, stateHash: state !== null && isWellFormedState(state) ? hashState(state) : null };
}

/** A request that reached the loopback receiver; `via` is the receiver's own redirect URI. */
export function callbackFromLoopback(url: URL, redirectUri: string): CallbackInput {
  const raw = rawCallbackFromUrl(url, redirectUri);
  return raw.ok ? accepted('loopback', raw.raw) : { ok: false, channel: 'loopback', reason: raw.reason, message: raw.message };
}

/** A fivex-connect://oauth/callback link delivered to the app (open-url, second instance, argv). */
export function callbackFromDeepLink(url: string): CallbackInput {
  const link = parseDeepLink(url);
  return link.ok ? accepted('deeplink', link.raw) : { ok: false, channel: 'deeplink', reason: link.reason, message: link.message };
}

/** A completion code, callback address or fivex-connect:// link a person pasted. */
export function callbackFromPaste(text: string): CallbackInput {
  const pasted = parsePastedCallback(text);
  return pasted.ok ? accepted('paste', pasted.raw) : { ok: false, channel: 'paste', reason: pasted.reason, message: pasted.message };
}
