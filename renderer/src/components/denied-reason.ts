// Why the acting role may not take an action, in words ("Your role (support) may not revoke
// connections"), or null when main's permissions allow it. `what` names a session.action key.
import { useTranslation } from 'react-i18next';
import { useAccess } from '../state/session-context';

export function useDenied(): (action: string, what: string) => string | null {
  const { t } = useTranslation();
  const access = useAccess();
  const role = access.principal?.role ?? null;
  return (action, what) => (access.may(action) ? null : t('session.denied', { role: role === null ? '' : t(`session.role.${role}`), what: t(`session.action.${what}`) }));
}
