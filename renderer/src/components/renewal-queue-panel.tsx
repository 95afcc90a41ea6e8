// The renewal queue's progress: one line per connection with its status and outcome, the
// consent link to open when the browser cannot be opened for you (preview), and Cancel (nothing
// new starts) / Close once everything ended.
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../preload/contract';
import { progress } from '../state/renewal-queue-model';
import type { RenewalQueue } from '../state/renewal-queue-model';
import { safeAuthorizeLink } from '../state/workspace-model';

export function RenewalQueuePanel(props: { readonly queue: RenewalQueue; readonly lang: Lang; readonly onCancel: () => void; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const p = progress(props.queue);
  return (
    <section className="queue-panel" aria-labelledby="queue-title">
      <h2 id="queue-title">{t('ws.queue.title', { done: p.done, total: p.total })}</h2>
      <progress max={p.total} value={p.done} aria-label={t('ws.queue.progress')} />
      <ol className="queue-items">
        {props.queue.items.map((i) => {
          const link = i.link === null ? null : safeAuthorizeLink(i.link);
          return (
            <li key={i.connectionId} data-status={i.status}>
              <span className="clamp1">{i.label}</span>
              <span role="status" className={`queue-status status-${i.status}`}>
                {t(`ws.queue.status.${i.status}`)}
              </span>
              {link !== null && i.status === 'waiting' ? (
                <a href={link} target="_blank" rel="noopener noreferrer">
                  {t('ws.queue.openLink')}
                </a>
              ) : null}
              {i.message !== null && i.status !== 'renewed' ? <span className="muted small">{i.message[props.lang]}</span> : null}
            </li>
          );
        })}
      </ol>
      <div className="actions">
        {p.running && !props.queue.cancelled ? (
          <button type="button" onClick={props.onCancel}>
            {t('ws.queue.cancel')}
          </button>
        ) : null}
        {!p.running || props.queue.cancelled ? (
          <button type="button" onClick={props.onClose}>
            {t('ws.queue.close')}
          </button>
        ) : null}
      </div>
    </section>
  );
}
