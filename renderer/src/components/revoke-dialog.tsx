// Revoke…: what revoking a connection stops, what remains and who can reconnect, in the UI
// language, and a Revoke button that is the only way to go ahead, enabled only once the person
// typed the account's label (a destructive action is never one stray click); the focus starts
// on Cancel. Then how it ended at the marketplace (done, no remote revocation with the seller's
// removal steps, pending, shared).
import { useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../preload/contract';
import { assertNever } from '../state/assert-never';
import { outcomeView } from '../state/connection-actions-model';
import type { RevokeFlow } from '../state/connection-actions-model';
import { useErrorText } from './error-text';

export interface RevokeDialogProps {
  readonly flow: RevokeFlow;
  readonly lang: Lang;
  readonly onConfirm: () => void;
  readonly onClose: () => void;
}

function ImpactList(props: { readonly title: string; readonly items: ReadonlyArray<string> }) {
  if (props.items.length === 0) return null;
  return (
    <>
      <h3>{props.title}</h3>
      <ul>
        {props.items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    </>
  );
}

export function RevokeDialog(props: RevokeDialogProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const [typed, setTyped] = useState('');
  const { flow } = props;
  const names = { marketplace: flow.target.marketplace, account: flow.target.account };
  const matches = typed.trim() === flow.target.account.trim();

  // The confirmation step starts on Cancel (the safe choice); the other steps move the focus to
  // their heading, so a screen reader hears what changed.
  useEffect(() => {
    if (flow.step === 'confirm') cancel.current?.focus();
    else heading.current?.focus();
  }, [flow.step]);

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key === 'Escape' && flow.step !== 'revoking') props.onClose();
  };

  let title: string;
  let body;
  switch (flow.step) {
    case 'loading':
      title = t('revoke.title', names);
      body = (
        <>
          <p role="status">{t('revoke.loading')}</p>
          <div className="actions">
            <button type="button" onClick={props.onClose}>
              {t('revoke.cancel')}
            </button>
          </div>
        </>
      );
      break;
    case 'confirm':
    case 'revoking': {
      const impact = flow.impact[props.lang];
      const busy = flow.step === 'revoking';
      title = t('revoke.title', names);
      body = (
        <>
          <ImpactList title={t('revoke.stops')} items={impact.stops} />
          <ImpactList title={t('revoke.remains')} items={impact.remains} />
          <ImpactList title={t('revoke.canReconnect')} items={impact.canReconnect} />
          <p className="hint" id={`${id}-hint`}>
            {t('revoke.confirmHint')}
          </p>
          <div className="field">
            <label htmlFor={`${id}-typed`}>{t('revoke.typeToConfirm', { account: flow.target.account })}</label>
            <input
              id={`${id}-typed`}
              autoComplete="off"
              spellCheck={false}
              value={typed}
              disabled={busy}
              onChange={(e) => setTyped(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && matches && !busy) props.onConfirm();
              }}
            />
          </div>
          <div className="actions">
            <button type="button" ref={cancel} onClick={props.onClose} disabled={busy}>
              {t('revoke.cancel')}
            </button>
            <button type="button" className="danger" onClick={props.onConfirm} disabled={busy || !matches} aria-describedby={`${id}-hint`}>
              {busy ? t('revoke.revoking') : t('revoke.confirm')}
            </button>
          </div>
        </>
      );
      break;
    }
    case 'done': {
      const outcome = outcomeView(flow.outcome, props.lang);
      title = t('revoke.doneTitle', names);
      body = (
        <>
          <p role="status">{t(outcome.key, { count: outcome.count })}</p>
          {outcome.steps !== null ? (
            <p>
              {t('revoke.removeSteps')} {outcome.steps}
            </p>
          ) : null}
          <div className="actions">
            <button type="button" onClick={props.onClose}>
              {t('revoke.close')}
            </button>
          </div>
        </>
      );
      break;
    }
    case 'failed':
      title = t('revoke.failedTitle', names);
      body = (
        <>
          <p className="error" role="alert">
            {errorText(flow.error)}
          </p>
          <div className="actions">
            <button type="button" onClick={props.onClose}>
              {t('revoke.close')}
            </button>
          </div>
        </>
      );
      break;
    default:
      return assertNever(flow);
  }

  return (
    <section className="revoke-dialog" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} aria-busy={flow.step === 'loading' || flow.step === 'revoking'} onKeyDown={onKeyDown}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {body}
    </section>
  );
}
