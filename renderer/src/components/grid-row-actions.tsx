// A row's actions: only those that can help in its state (grid-actions-model.ts), each saying
// while it runs and how it ended, in the row itself (role=status), so no result lands far away
// in a banner. Refresh on an outage says "Try again now"; an imported one says "Check now".
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../preload/contract';
import type { GridConnection } from '../../../preload/workspace-channels';
import { helpfulActions, reasonKind } from '../state/grid-actions-model';
import { useDenied } from './denied-reason';
import { useErrorText } from './error-text';
import type { GridAction, RowFeedback } from '../state/grid-actions-model';

/** The permission-matrix action (main/access/matrix.ts names) each row action takes. */
const MATRIX_ACTION: Readonly<Record<GridAction, string>> = {
  refresh: 'connection.refresh',
  reconnect: 'connection.reconnect',
  pause: 'connection.pause',
  resume: 'connection.resume',
  revoke: 'connection.revoke',
  app_settings: 'app.set',
};

export interface RowActionsProps {
  readonly row: GridConnection;
  readonly name: string;
  readonly feedback: RowFeedback | null;
  readonly onAction: (action: GridAction) => void;
}

export function GridRowActions(props: RowActionsProps) {
  const { t } = useTranslation();
  return <GridRowActionsView {...props} t={t} errorText={useErrorText()} deniedFor={useDenied()} />;
}

/**
 * The same without hooks, for the grid: its rows get the words and the permission check from the
 * grid (one lookup per grid, not three per row, which a scroll through 1,000 rows would pay).
 */
export function GridRowActionsView(
  props: RowActionsProps & { readonly t: TFunction; readonly errorText: (error: ApiError) => string; readonly deniedFor: (action: string, what: string) => string | null },
) {
  const { t, errorText, deniedFor } = props;
  const { row, feedback } = props;
  const busy = feedback?.kind === 'busy';
  const kind = reasonKind(row);
  /** Why the role may not take the action (main's permissions), or null when it may. */
  const denied = (a: GridAction): string | null => deniedFor(MATRIX_ACTION[a], a);
  const label = (a: GridAction): string => {
    if (a === 'refresh') return kind === 'unchecked' ? t('ws.action.check') : row.state === 'degraded' ? t('ws.action.retry') : t('connections.refresh');
    return t(`ws.action.${a}`);
  };
  // The accessible name starts with the visible text (WCAG 2.5.3), then says which connection.
  return (
    <div className="row-actions">
      {helpfulActions(row).map((a) => {
        // Each looked up once per button (a grid renders a screenful of rows on every switch).
        const why = denied(a);
        const text = label(a);
        return (
          <button
            key={a}
            type="button"
            className={a === 'revoke' ? 'danger small-btn' : a === 'reconnect' ? 'primary small-btn' : 'small-btn'}
            disabled={busy || why !== null}
            title={why ?? undefined}
            onClick={() => props.onAction(a)}
            aria-label={why === null ? `${text} · ${props.name}` : `${text} · ${props.name} · ${why}`}
          >
            {busy && feedback.action === a ? t('ws.action.working') : text}
          </button>
        );
      })}
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
