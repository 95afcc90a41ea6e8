// A row's actions: only those that can help in its state (grid-actions-model.ts), each saying
// while it runs and how it ended, in the row itself (role=status), so no result lands far away
// in a banner. Refresh on an outage says "Try again now"; an imported one says "Check now".
import { useTranslation } from 'react-i18next';
import type { GridConnection } from '../../../preload/workspace-channels';
import { helpfulActions, reasonKind } from '../state/grid-actions-model';
import { useErrorText } from './error-text';
import type { GridAction, RowFeedback } from '../state/grid-actions-model';

export function GridRowActions(props: {
  readonly row: GridConnection;
  readonly name: string;
  readonly feedback: RowFeedback | null;
  readonly onAction: (action: GridAction) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { row, feedback } = props;
  const busy = feedback?.kind === 'busy';
  const kind = reasonKind(row);
  const label = (a: GridAction): string => {
    if (a === 'refresh') return kind === 'unchecked' ? t('ws.action.check') : row.state === 'degraded' ? t('ws.action.retry') : t('connections.refresh');
    return t(`ws.action.${a}`);
  };
  // The accessible name starts with the visible text (WCAG 2.5.3), then says which connection.
  const ariaLabel = (a: GridAction): string => `${label(a)} · ${props.name}`;
  return (
    <div className="row-actions">
      {helpfulActions(row).map((a) => (
        <button
          key={a}
          type="button"
          className={a === 'revoke' ? 'danger small-btn' : a === 'reconnect' ? 'primary small-btn' : 'small-btn'}
          disabled={busy}
          onClick={() => props.onAction(a)}
          aria-label={ariaLabel(a)}
        >
          {busy && feedback.action === a ? t('ws.action.working') : label(a)}
        </button>
      ))}
      <span role="status" className={`row-feedback ${feedback?.kind === 'failed' ? 'error' : 'muted'}`}>
        {feedback === null || feedback.kind === 'busy'
          ? ''
          : feedback.kind === 'done'
            ? t('ws.feedback.done', { state: t(`health.${feedback.state}`) })
            : errorText(feedback.error)}
      </span>
    </div>
  );
}
