// The connect use case (consent → token exchange → connection) the CLI and the desktop app share.
// The protocol pieces it drives live in main/oauth/protocol/.
export { ConnectService } from './connect-service';
export type { BeginOptions, ConnectServiceDeps, DeepLinkResult, PreparedConnect } from './connect-service';
export { ConsentAttempt, PASTE_TIMEOUT_MESSAGE } from './consent-attempt';
export type { AbandonReason, AcceptResult } from './consent-attempt';
export { CONSENT_SESSION_TTL_MS, ConsentSessions } from './consent-sessions';
export type { ConsumeOptions, ConsumeResult, FinishedConsent, StartSessionInput, StartedSession } from './consent-sessions';
export { ConnectError } from './types';
export type { AuthorizeStep, BrowserStrategy, ConnectErrorCode, ConnectListener, ConnectOutcome, ConnectRequest, RefusedCallback } from './types';
