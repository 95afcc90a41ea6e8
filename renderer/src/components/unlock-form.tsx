// Unlock with the passphrase; says why the vault did not open by itself, and offers to remember
// it in the system keychain (with the same explicit opt-in as first run on a weak keychain).
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, KeychainInfo, KeychainProblem, UnlockVaultArgs } from '../../../preload/contract';
import { useErrorText } from './error-text';

export interface UnlockFormProps {
  readonly dir: string;
  readonly keychain: KeychainInfo;
  readonly keychainProblem: KeychainProblem | null;
  readonly busy: boolean;
  readonly error: ApiError | null;
  readonly onSubmit: (args: UnlockVaultArgs) => void;
}

export function UnlockForm(props: UnlockFormProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [passphrase, setPassphrase] = useState('');
  const [remember, setRemember] = useState(props.keychain.available && props.keychain.secure);
  const [acceptInsecure, setAcceptInsecure] = useState(false);
  const weakKeychain = props.keychain.available && !props.keychain.secure;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (passphrase.length === 0 || props.busy) return;
    props.onSubmit({ passphrase, rememberOnThisDevice: props.keychain.available && remember, acceptInsecureKeychain: weakKeychain && acceptInsecure });
  };

  return (
    <form className="card" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('vault.unlockTitle')}</h1>
      {props.keychainProblem !== null ? <p className="callout">{t(`vault.problem.${props.keychainProblem}`)}</p> : null}
      <p>{t('vault.unlockIntro')}</p>
      <div className="field">
        <label htmlFor={`${id}-pass`}>{t('vault.passphrase')}</label>
        <input
          id={`${id}-pass`}
          name="passphrase"
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          aria-invalid={props.error?.code === 'wrong_passphrase'}
          required
        />
      </div>
      {props.keychain.available ? (
        <label className="check">
          <input type="checkbox" name="remember" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          {t('vault.remember')}
        </label>
      ) : null}
      {props.keychain.available && remember && weakKeychain ? (
        <fieldset className="warning">
          <legend>{t('vault.insecureKeychainTitle')}</legend>
          <p id={`${id}-weak`}>{t('vault.insecureKeychainText', { backend: props.keychain.backend })}</p>
          <label className="check">
            <input type="checkbox" name="acceptInsecureKeychain" checked={acceptInsecure} onChange={(e) => setAcceptInsecure(e.target.checked)} aria-describedby={`${id}-weak`} />
            {t('vault.acceptInsecure')}
          </label>
        </fieldset>
      ) : null}
      {props.error !== null ? (
        <p className="error" role="alert">
          {errorText(props.error)}
        </p>
      ) : null}
      <button type="submit" className="primary" disabled={props.busy || passphrase.length === 0}>
        {props.busy ? t('vault.unlocking') : t('vault.unlock')}
      </button>
      <p className="hint">{t('vault.vaultFolder', { dir: props.dir })}</p>
    </form>
  );
}
