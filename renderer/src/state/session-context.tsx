// Who acts in this window and what main says they may do (session:permissions, read from main's
// permission matrix: the page never holds its own copy). Components ask `may(action)` to hide or
// disable what the role may not do and `reason(action)` for the words why; main refuses anyway.
// Without a provider (component tests) everything is allowed.
import { createContext, useContext } from 'react';
import type { SessionPermissions, SessionPrincipal } from '../../../preload/session-channels';

export interface SessionInfo {
  readonly principal: SessionPrincipal;
  readonly permissions: SessionPermissions;
  /** Signs out and shows the sign-in screen (operators only). */
  readonly switchOperator: () => void;
}

export const SessionContext = createContext<SessionInfo | null>(null);

export interface Access {
  readonly principal: SessionPrincipal | null;
  readonly may: (action: string) => boolean;
  readonly switchOperator: (() => void) | null;
}

export function accessOf(info: SessionInfo | null): Access {
  if (info === null) return { principal: null, may: () => true, switchOperator: null };
  const allowed = new Set(info.permissions.allowed);
  return { principal: info.principal, may: (action) => allowed.has(action), switchOperator: info.principal.kind === 'operator' ? info.switchOperator : null };
}

export function useAccess(): Access {
  return accessOf(useContext(SessionContext));
}
