// Strict reading of an authorization response (RFC 6749 §4.1.2): a URL or its parameters in, a
// discriminated result out. Hostile input is the normal case here (R22): duplicates, oversize or
// control-character values and fragment responses are refused, never repaired.
import type { ConnectorDefinition } from '../../../connectors/types';
import { isWellFormedState } from './pkce';
import { canonicalRedirectUri } from './types';
import type { CallbackRefusal, ParamPairs, RawCallback } from './types';

/** Longest value we accept in any parameter; real codes and ids are far shorter. */
export const MAX_PARAM_VALUE_LENGTH = 4096;
/** Longest callback URL we parse at all (Node's own header limit is 16 KiB). */
export const MAX_CALLBACK_URL_LENGTH = 16 * 1024;
const MAX_PARAMS = 64;
const MAX_DESCRIPTION_LENGTH = 500;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const PARAM_NAME = /^[A-Za-z0-9_.~\-[\]]{1,128}$/;
/**
 * RFC 6749 allows any VSCHAR in a code. eBay's codes carry `^` and `#` (v^1.1#i^1#..., sent
 * URL-encoded; developer.ebay.com "authorization code grant request"), so those stay. We refuse
 * whitespace, quotes, angle brackets, backslash, backtick, `%`, `&` and `?`: no marketplace code
 * we know has them, and they are what double-encoding and injection attempts carry (T6).
 */
const CODE = /^[A-Za-z0-9\-._~+/=:!*$@,;|^#]+$/;
/** RFC 6749 §4.1.2.1: error codes are %x20-21 / %x23-5B / %x5D-7E. */
const ERROR_CODE = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,128}$/;
/** Kept values end up in headers (Walmart's WM_PARTNER.ID): printable ASCII only. */
const KEPT_VALUE = /^[\x20-\x7e]*$/;

export type CallbackParse =
  | {
      readonly kind: 'code';
      readonly state: string;
      readonly code: string;
      /** The connector's keepParams found in the callback (selling_partner_id, sellerId, ...). */
      readonly metadata: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'declined';
      readonly state: string;
      readonly message: string;
      /** The marketplace's error_description: inert text to show as text, never as HTML. */
      readonly description: string | null;
    }
  | {
      readonly kind: 'error';
      readonly state: string;
      readonly error: string;
      readonly message: string;
      readonly description: string | null;
    }
  | { readonly kind: 'invalid'; readonly reason: CallbackRefusal; readonly message: string };

export type RawCallbackResult =
  | { readonly ok: true; readonly raw: RawCallback }
  | { readonly ok: false; readonly reason: CallbackRefusal; readonly message: string };

function invalid(reason: CallbackRefusal, message: string): { kind: 'invalid'; reason: CallbackRefusal; message: string } {
  return { kind: 'invalid', reason, message };
}

function pairsOf(text: string): Array<[string, string]> {
  return [...new URLSearchParams(text)];
}

/**
 * Splits a callback URL into query and fragment pairs. `via` is the URL's own redirect URI
 * (scheme, host, path) unless the caller knows better (the loopback receiver does).
 */
export function rawCallbackFromUrl(input: string | URL, via?: string | null): RawCallbackResult {
  const text = typeof input === 'string' ? input : input.href;
  if (text.length > MAX_CALLBACK_URL_LENGTH) {
    return { ok: false, reason: 'too_long', message: `the callback URL is longer than ${MAX_CALLBACK_URL_LENGTH} characters; it is not a real authorization response` };
  }
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : input;
  } catch {
    return { ok: false, reason: 'malformed_url', message: 'the callback is not a valid URL; paste the whole address from the browser, starting with https://' };
  }
  return {
    ok: true,
    raw: {
      query: pairsOf(url.search),
      fragment: pairsOf(url.hash.slice(1)),
      via: via === undefined ? canonicalRedirectUri(url.href) : via,
    },
  };
}

/** Checks that hold for every parameter whatever the connector: returns the first problem found. */
function checkPairs(pairs: ParamPairs): { reason: CallbackRefusal; message: string } | null {
  if (pairs.length > MAX_PARAMS) return { reason: 'too_long', message: `the callback has more than ${MAX_PARAMS} parameters` };
  const seen = new Set<string>();
  for (const [name, value] of pairs) {
    if (CONTROL.test(name) || CONTROL.test(value)) {
      return { reason: 'control_character', message: 'the callback contains control characters; it was not sent by the marketplace as is' };
    }
    if (!PARAM_NAME.test(name)) return { reason: 'malformed_param', message: 'the callback has a parameter with an unexpected name' };
    if (value.length > MAX_PARAM_VALUE_LENGTH) {
      return { reason: 'too_long', message: `the callback parameter "${name}" is longer than ${MAX_PARAM_VALUE_LENGTH} characters` };
    }
    if (seen.has(name)) return { reason: 'duplicate_param', message: `the callback carries "${name}" more than once; it was refused` };
    seen.add(name);
  }
  return null;
}

function inertDescription(value: string | undefined): string | null {
  if (value === undefined || value.length === 0) return null;
  return value.length > MAX_DESCRIPTION_LENGTH ? `${value.slice(0, MAX_DESCRIPTION_LENGTH)}…` : value;
}

export interface InterpretOptions {
  /** RFC 9207: when the marketplace sends `iss`, it must equal this (mix-up defence, R6). */
  readonly expectedIssuer?: string | null;
}

/** Reads a raw callback for one connector: its code parameter, kept values and hook. */
export function interpretCallback(raw: RawCallback, connector: ConnectorDefinition, opts: InterpretOptions = {}): CallbackParse {
  if (raw.fragment.length > 0) {
    // We always ask for query responses; parameters in the fragment (alone or beside the query)
    // mean someone else shaped this URL.
    return invalid('fragment_params', 'the callback carries parameters after "#"; FiveX Connect only accepts them in the query');
  }
  const problem = checkPairs(raw.query);
  if (problem) return invalid(problem.reason, problem.message);
  const params = new Map(raw.query);

  const state = params.get('state');
  if (state === undefined || state.length === 0) return invalid('missing_state', 'the callback has no state; it does not belong to a connection attempt');
  if (!isWellFormedState(state)) return invalid('malformed_state', 'the callback state is not one FiveX Connect made');

  const iss = params.get('iss');
  if (opts.expectedIssuer && iss !== undefined && iss !== opts.expectedIssuer) {
    return invalid('issuer_mismatch', `the callback names another authorization server than ${connector.name}; it was refused`);
  }

  const error = params.get('error');
  if (error !== undefined) {
    if (params.has(connector.callback.codeParam)) {
      return invalid('ambiguous_response', 'the callback carries both an error and a code; it was refused');
    }
    if (!ERROR_CODE.test(error)) return invalid('malformed_param', 'the callback error code is malformed');
    // error_uri is deliberately never read: it points wherever the sender likes (R12).
    const description = inertDescription(params.get('error_description'));
    if (error === 'access_denied') {
      return {
        kind: 'declined',
        state,
        message: `The consent on ${connector.name} was declined, so nothing was connected. Start the connection again if that was a mistake.`,
        description,
      };
    }
    return {
      kind: 'error',
      state,
      error,
      message: `${connector.name} did not authorize the connection (error "${error}"). Check the app registration and start the connection again.`,
      description,
    };
  }

  let code: string | undefined;
  let metadata: Record<string, string> = {};
  const hooked = connector.hooks.parseCallback?.(new URLSearchParams(raw.query.map(([k, v]): [string, string] => [k, v])));
  if (hooked) {
    code = hooked.code;
    metadata = { ...hooked.metadata };
  } else {
    code = params.get(connector.callback.codeParam);
    for (const name of connector.callback.keepParams) {
      const value = params.get(name);
      if (value !== undefined) metadata[name] = value;
    }
  }
  if (code === undefined || code.length === 0) {
    return invalid('missing_code', `the callback has no "${connector.callback.codeParam}"; start the connection again`);
  }
  if (code.length > MAX_PARAM_VALUE_LENGTH || !CODE.test(code)) return invalid('malformed_code', 'the authorization code in the callback is malformed');
  for (const [name, value] of Object.entries(metadata)) {
    if (value.length > MAX_PARAM_VALUE_LENGTH || !KEPT_VALUE.test(value)) {
      return invalid('malformed_param', `the callback value "${name}" has characters FiveX Connect does not accept`);
    }
  }
  return { kind: 'code', state, code, metadata };
}

/** Convenience: a URL straight to a result for one connector. */
export function parseCallbackUrl(input: string | URL, connector: ConnectorDefinition, opts: InterpretOptions = {}): CallbackParse {
  const raw = rawCallbackFromUrl(input);
  if (!raw.ok) return invalid(raw.reason, raw.message);
  return interpretCallback(raw.raw, connector, opts);
}
