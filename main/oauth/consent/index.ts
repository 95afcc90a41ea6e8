// The consent API the CLI and the app use: start an attempt, receive its callback by loopback,
// paste or deep link, and hand the result to the token exchange. Lower-level pieces are exported
// for the app's deep-link wiring and for tests.
export { ConsentService, createConsentService } from './service';
export type { BeginInput, ConsentServiceOptions } from './service';
export type { ConsentFlow, ConsentResult, FinalConsentResult } from './flow';
export { CONSENT_SESSION_TTL_MS, ConsentSessions } from './sessions';
export type { ConsumeOptions, ConsumeResult, StartSessionInput, StartedSession } from './sessions';
export { buildAuthorizeUrl, scopesFor } from './authorize-url';
export type { AuthorizeUrlInput } from './authorize-url';
export { interpretCallback, parseCallbackUrl, rawCallbackFromUrl, MAX_PARAM_VALUE_LENGTH } from './callback';
export type { CallbackParse } from './callback';
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
