// The status bar: the vault (folder, how it opened), the operator acting (the OS user until
// operators exist) and when the scheduler last refreshed or checked a connection.
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../preload/contract';
import type { WorkspaceStatus } from '../../../preload/workspace-channels';
import { formatDate } from '../state/workspace-model';

export function StatusBar(props: { readonly status: WorkspaceStatus | null; readonly unlockedWith: string | null; readonly lang: Lang }) {
  const { t } = useTranslation();
  const s = props.status;
  return (
    <footer className="status-bar" aria-label={t('ws.status.label')}>
      <span className="clamp1" title={s?.vaultDir ?? ''}>
        {t('ws.status.vault')}: {props.unlockedWith === null ? '—' : t(`ws.settings.via.${props.unlockedWith}`)} · {s?.vaultDir ?? '—'}
      </span>
      <span>
        {t('ws.status.operator')}: {s?.operator ?? '—'}
      </span>
      <span>
        {t('ws.status.lastRun')}: {s?.lastRunAt == null ? t('connections.never') : formatDate(s.lastRunAt, props.lang, true)}
      </span>
    </footer>
  );
}
