// The operator sign-in screen after unlock, in a vault with operators: pick your name (with your
// role beside it), type your PIN. The PIN goes from the field to the bridge and is never kept.
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../preload/contract';
import type { SessionOperator } from '../../../preload/session-channels';
import { useErrorText } from './error-text';

export function SignInForm(props: {
  readonly operators: ReadonlyArray<SessionOperator>;
  readonly busy: boolean;
  readonly error: ApiError | null;
  readonly onSubmit: (args: { name: string; pin: string }) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [name, setName] = useState(props.operators[0]?.name ?? '');
  const [pin, setPin] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (name === '' || pin === '') return;
    props.onSubmit({ name, pin });
    setPin('');
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('session.title')}</h1>
      <p>{t('session.intro')}</p>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('session.operator')}</label>
        <select id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} disabled={props.busy}>
          {props.operators.map((o) => (
            <option key={o.name} value={o.name}>
              {t('session.nameWithRole', { name: o.name, role: t(`session.role.${o.role}`) })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-pin`}>{t('session.pin')}</label>
        <input id={`${id}-pin`} type="password" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} disabled={props.busy} required />
      </div>
      {props.error !== null ? (
        <p className="error" role="alert">
          {errorText(props.error)}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={props.busy || name === '' || pin === ''}>
        {props.busy ? t('session.signingIn') : t('session.signIn')}
      </button>
    </form>
  );
}
