// The OAuth 2.0 consent protocol pieces, free of any use case: the authorization URL, PKCE and
// state, strict callback parsing, the loopback receiver, the deep-link shape, relay completion
// codes, pasted refresh tokens, and the edge parser that turns any incoming response into one
// typed CallbackInput. The connect use case (main/connect/) drives them.
export { buildAuthorizeUrl, scopesFor } from './authorize-url';
export type { AuthorizeUrlInput } from './authorize-url';
export { interpretCallback, parseCallbackUrl, rawCallbackFromUrl, MAX_PARAM_VALUE_LENGTH } from './callback';
export type { CallbackParse } from './callback';
export { callbackFromDeepLink, callbackFromLoopback, callbackFromPaste } from './callback-input';
export type { CallbackChannel, CallbackInput } from './callback-input';
export { COMPLETION_CODE_PREFIX, decodeCompletionCode, encodeCompletionCode, parsePastedCallback } from './completion-code';
export type { PastedCallback } from './completion-code';
export { DEEP_LINK_CALLBACK, DEEP_LINK_SCHEME, RELAY_MARKER_PARAM, findDeepLinkInArgv, parseDeepLink } from './deeplink';
export type { ArgvDeepLink, DeepLinkParse } from './deeplink';
export { DEFAULT_LOOPBACK_PATH, startLoopbackReceiver } from './loopback';
export type { LoopbackEnd, LoopbackReceiver, LoopbackReceiverOptions, LoopbackVerdict } from './loopback';
export { validatePastedRefreshToken, MAX_REFRESH_TOKEN_LENGTH } from './manual';
export type { PastedRefreshToken } from './manual';
export { createCodeVerifier, createPkcePair, createState, hashState, isValidCodeVerifier, s256Challenge, statesMatch } from './pkce';
export type { PkcePair } from './pkce';
export { canonicalRedirectUri } from './types';
export type { AuditSink, CallbackRefusal, Clock, ConsentAuditEvent, RawCallback } from './types';
