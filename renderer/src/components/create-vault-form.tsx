// First run: choose the vault passphrase (twice), told that it is the recovery key; on a weak
// keychain, an explicit, unchecked-by-default opt-in to store the key there anyway.
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, CreateVaultArgs, KeychainInfo } from '../../../preload/contract';
import { checkNewPassphrase } from '../state/vault-model';
import { useErrorText } from './error-text';

export interface CreateVaultFormProps {
  readonly minLength: number;
  readonly keychain: KeychainInfo;
  readonly busy: boolean;
  readonly error: ApiError | null;
  readonly onSubmit: (args: CreateVaultArgs) => void;
}

export function CreateVaultForm(props: CreateVaultFormProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [acceptInsecure, setAcceptInsecure] = useState(false);
  const [tried, setTried] = useState(false);
  const problem = checkNewPassphrase(passphrase, confirmation, props.minLength);
  const weakKeychain = props.keychain.available && !props.keychain.secure;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problem !== null || props.busy) return;
    props.onSubmit({ passphrase, acceptInsecureKeychain: weakKeychain && acceptInsecure });
  };

  const problemText = problem === 'too_short' ? t('vault.tooShort', { min: props.minLength }) : problem === 'mismatch' ? t('vault.mismatch') : null;

  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h1 id={`${id}-title`}>{t('vault.firstRunTitle')}</h1>
      <p>{t('vault.firstRunIntro')}</p>
      <p className="callout" id={`${id}-recovery`}>
        {t('vault.recoveryKeyExplainer')}
      </p>
      <div className="field">
        <label htmlFor={`${id}-pass`}>{t('vault.passphrase')}</label>
        <input
          id={`${id}-pass`}
          name="passphrase"
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          aria-describedby={`${id}-hint ${id}-recovery`}
          aria-invalid={tried && problem === 'too_short'}
          required
        />
        <p className="hint" id={`${id}-hint`}>
          {t('vault.passphraseHint', { min: props.minLength })}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-confirm`}>{t('vault.confirm')}</label>
        <input
          id={`${id}-confirm`}
          name="confirmation"
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={(e) => setConfirmation(e.target.value)}
          aria-invalid={tried && problem === 'mismatch'}
          required
        />
      </div>
      <KeychainNote keychain={props.keychain} acceptInsecure={acceptInsecure} onAcceptInsecure={setAcceptInsecure} id={id} />
      {tried && problemText !== null ? (
        <p className="error" role="alert">
          {problemText}
        </p>
      ) : null}
      {props.error !== null ? (
        <p className="error" role="alert">
          {errorText(props.error)}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={props.busy}>
        {props.busy ? t('vault.creating') : t('vault.create')}
      </button>
    </form>
  );
}

function KeychainNote(props: { readonly keychain: KeychainInfo; readonly acceptInsecure: boolean; readonly onAcceptInsecure: (v: boolean) => void; readonly id: string }) {
  const { t } = useTranslation();
  const { keychain } = props;
  if (!keychain.available) return <p className="hint">{t('vault.noKeychain')}</p>;
  if (keychain.secure) return <p className="hint">{t('vault.keychainOk', { backend: keychain.backend })}</p>;
  return (
    <fieldset className="warning">
      <legend>{t('vault.insecureKeychainTitle')}</legend>
      <p id={`${props.id}-weak`}>{t('vault.insecureKeychainText', { backend: keychain.backend })}</p>
      <label className="check">
        <input
          type="checkbox"
          name="acceptInsecureKeychain"
          checked={props.acceptInsecure}
          onChange={(e) => props.onAcceptInsecure(e.target.checked)}
          aria-describedby={`${props.id}-weak`}
        />
        {t('vault.acceptInsecure')}
      </label>
    </fieldset>
  );
}
