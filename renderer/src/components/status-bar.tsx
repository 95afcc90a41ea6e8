// The status bar: the vault (folder, how it opened), the operator acting (the OS user until
// operators exist) and when the scheduler last refreshed or checked a connection.
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../preload/contract';
import type { WorkspaceStatus } from '../../../preload/workspace-channels';
import { useAccess } from '../state/session-context';
import { formatDate } from '../state/workspace-model';

export function StatusBar(props: { readonly status: WorkspaceStatus | null; readonly unlockedWith: string | null; readonly lang: Lang }) {
  const { t } = useTranslation();
  const s = props.status;
  const access = useAccess();
  const p = access.principal;
  const who = p === null ? (s?.operator ?? '—') : p.role === null ? t('session.osUser', { name: p.name.replace(/^os:/, '') }) : t('session.nameWithRole', { name: p.name, role: t(`session.role.${p.role}`) });
  return (
    <footer className="status-bar" aria-label={t('ws.status.label')}>
      <span className="clamp1" title={s?.vaultDir ?? ''}>
        {t('ws.status.vault')}: {props.unlockedWith === null ? '—' : t(`ws.settings.via.${props.unlockedWith}`)} · {s?.vaultDir ?? '—'}
      </span>
      <span className="status-operator">
        {t('ws.status.operator')}: <strong>{who}</strong>
        {access.switchOperator !== null ? (
          <button type="button" className="small-btn" onClick={access.switchOperator}>
            {t('session.switch')}
          </button>
        ) : null}
      </span>
      <span>
        {t('ws.status.lastRun')}: {s?.lastRunAt == null ? t('connections.never') : formatDate(s.lastRunAt, props.lang, true)}
      </span>
    </footer>
  );
}
