// After unlock: who acts. In a vault without operators the OS user does and the workspace opens at
// once; in one with operators the sign-in screen comes first. The workspace gets the principal and
// what main says it may do (session:permissions); switching operator signs out, forgets what the
// last operator saw, and shows the sign-in screen again.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../preload/contract';
import type { SessionOperator, SessionPermissions, SessionPrincipal } from '../../../preload/session-channels';
import { useErrorText } from '../components/error-text';
import { SignInForm } from '../components/sign-in-form';
import { useApi } from '../state/api-context';
import { SessionContext } from '../state/session-context';
import type { SessionInfo } from '../state/session-context';
import { useStores } from '../state/stores-context';

type Gate =
  | { readonly kind: 'loading' }
  | { readonly kind: 'sign_in'; readonly operators: ReadonlyArray<SessionOperator>; readonly busy: boolean; readonly error: ApiError | null }
  | { readonly kind: 'acting'; readonly principal: SessionPrincipal; readonly permissions: SessionPermissions }
  | { readonly kind: 'failed'; readonly error: ApiError };

export function SessionGate(props: { readonly children: ReactNode }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const api = useApi();
  const stores = useStores();
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });

  const enter = useCallback(
    async (principal: SessionPrincipal | null, error: ApiError | null = null, asked?: ReturnType<typeof api.session.permissions>): Promise<void> => {
      if (principal === null) {
        const operators = await api.session.operators();
        setGate(operators.ok ? { kind: 'sign_in', operators: operators.value, busy: false, error } : { kind: 'failed', error: operators.error });
        return;
      }
      const permissions = await (asked ?? api.session.permissions());
      if (!permissions.ok) setGate({ kind: 'failed', error: permissions.error });
      else if (permissions.value === null) await enter(null);
      else setGate({ kind: 'acting', principal, permissions: permissions.value });
    },
    [api],
  );

  useEffect(() => {
    // Who acts and what they may do, asked together: one round trip less before the workspace.
    const permissions = api.session.permissions();
    void api.session.current().then((reply) => (reply.ok ? enter(reply.value, null, permissions) : setGate({ kind: 'failed', error: reply.error })));
  }, [api, enter]);

  // Operators added or removed meanwhile (by the CLI, say): looked at again when the window
  // comes back to the front, so the page never goes on as someone main no longer lets act.
  const shown = useRef(gate);
  useEffect(() => {
    shown.current = gate;
  }, [gate]);
  useEffect(() => {
    const recheck = (): void => {
      const was = shown.current;
      if (was.kind !== 'acting') return;
      void api.session.current().then((reply) => {
        if (!reply.ok || (reply.value !== null && reply.value.name === was.principal.name)) return;
        stores.workspace.getState().actions.reset();
        stores.connections.getState().actions.reset();
        return enter(reply.value);
      });
    };
    window.addEventListener('focus', recheck);
    return () => window.removeEventListener('focus', recheck);
  }, [api, stores, enter]);

  const signIn = async (args: { name: string; pin: string }): Promise<void> => {
    setGate((g) => (g.kind === 'sign_in' ? { ...g, busy: true, error: null } : g));
    const reply = await api.session.signIn(args);
    if (reply.ok) await enter(reply.value);
    else setGate((g) => (g.kind === 'sign_in' ? { ...g, busy: false, error: reply.error } : g));
  };

  const switchOperator = useCallback(() => {
    void api.session.signOut().then((reply) => {
      // What the last operator saw is not left for the next one.
      stores.workspace.getState().actions.reset();
      stores.connections.getState().actions.reset();
      return enter(reply.ok ? reply.value : null);
    });
  }, [api, stores, enter]);

  const info = useMemo<SessionInfo | null>(
    () => (gate.kind === 'acting' ? { principal: gate.principal, permissions: gate.permissions, switchOperator } : null),
    [gate, switchOperator],
  );

  switch (gate.kind) {
    case 'loading':
      return <p role="status">{t('app.loading')}</p>;
    case 'failed':
      return (
        <p className="error" role="alert">
          {errorText(gate.error)}
        </p>
      );
    case 'sign_in':
      return gate.operators.length === 0 ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <div className="signin-screen">
          <SignInForm operators={gate.operators} busy={gate.busy} error={gate.error} onSubmit={(args) => void signIn(args)} />
        </div>
      );
    case 'acting':
      return <SessionContext.Provider value={info}>{props.children}</SessionContext.Provider>;
  }
}
