// A dismissible notice above the workspace (consent opened, finished, or an error).
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../preload/contract';
import type { Notice } from '../state/workspace-model';
import { assertNever } from '../state/assert-never';
import { useErrorText } from './error-text';

export function NoticeBanner(props: { readonly notice: Notice; readonly lang: Lang; readonly onDismiss: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { notice } = props;
  let text: string;
  switch (notice.kind) {
    case 'error':
      text = errorText(notice.error);
      break;
    case 'info':
      text = t(notice.key);
      break;
    case 'text':
      text = notice.text[props.lang];
      break;
    case 'failure':
      // The general words first (declined, expired, failed), then the marketplace's own.
      text = `${t('cx.notConnected')} ${t(notice.key)}${notice.text === null ? '' : ` ${notice.text[props.lang]}`}`;
      break;
    default:
      return assertNever(notice);
  }
  return (
    <div className={`notice notice-${notice.kind === 'failure' ? 'error' : notice.kind}`} role={notice.kind === 'error' || notice.kind === 'failure' ? 'alert' : 'status'}>
      <p>{text}</p>
      <button type="button" onClick={props.onDismiss}>
        {t('dismiss')}
      </button>
    </div>
  );
}
