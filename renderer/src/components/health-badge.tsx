// A connection's health as a badge: the word always, the colour only as a second cue.
import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../../../preload/contract';
import type { HealthTone } from '../state/workspace-model';

export function HealthBadge(props: { readonly state: ConnectionState; readonly tone: HealthTone; readonly paused: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-${props.tone}`}>
      {t(`health.${props.state}`)}
      {props.paused ? ` · ${t('connections.paused')}` : ''}
    </span>
  );
}
