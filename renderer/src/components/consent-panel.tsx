// The consent that waits for the seller: where to approve (in the preview, the sign-in link to
// open; in the app, the browser main opened), and for remote consent a box to paste the relay
// page's completion code or the fivex-connect:// link. The link is only ever an http(s) URL built
// in main, opened in a new tab without an opener or referrer.
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../preload/contract';
import type { PendingConsent } from '../state/workspace-model';
import { formatDate } from '../state/workspace-model';

export interface ConsentPanelProps {
  readonly consent: PendingConsent;
  readonly lang: Lang;
  readonly onPaste: (text: string) => void;
  readonly onDismiss: () => void;
}

export function ConsentPanel(props: ConsentPanelProps) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const { consent } = props;
  const name = consent.connectorName;
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (text.trim() !== '') props.onPaste(text);
  };
  return (
    <section className="consent-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('consent.waitingTitle', { name })}</h2>
      {consent.authorizeUrl !== null ? (
        <p>
          {t('consent.openLinkHint')}{' '}
          <a href={consent.authorizeUrl} target="_blank" rel="noopener noreferrer">
            {t('consent.openLink', { name })}
          </a>
        </p>
      ) : (
        <p>{t('consent.waitingBrowser')}</p>
      )}
      <p className="hint">{t('consent.validUntil', { time: formatDate(consent.expiresAt, props.lang, true) })}</p>
      {consent.acceptsPaste ? (
        <form className="paste-code" onSubmit={submit}>
          <label htmlFor={`${id}-code`}>{t('consent.pasteLabel')}</label>
          <p className="hint" id={`${id}-hint`}>
            {t('consent.pasteHint')}
          </p>
          <input
            id={`${id}-code`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${id}-hint`}
            aria-invalid={consent.pasteError !== null}
          />
          <button type="submit" className="primary" disabled={consent.pasting || text.trim() === ''}>
            {consent.pasting ? t('consent.pasting') : t('consent.pasteSubmit')}
          </button>
          {consent.pasteError !== null ? (
            <p className="error" role="alert">
              {consent.pasteError[props.lang]}
            </p>
          ) : null}
        </form>
      ) : null}
      <button type="button" onClick={props.onDismiss}>
        {t('consent.hide')}
      </button>
    </section>
  );
}
