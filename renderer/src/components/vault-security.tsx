// Settings → vault security: the OS keychain in use and whether it opens the vault on this
// machine, the key slots, changing the recovery passphrase (old, new, repeated; the fields are
// read at submit and emptied, never kept in React state), and moving to a new machine (a copied
// vault opened with the recovery passphrase gets this machine's keychain slot; no client consents
// again). Passphrase checks here are for the person; main checks again.
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultSecurity as VaultSecurityDto } from '../../../preload/security-channels';
import { useApi } from '../state/api-context';
import { useConnections } from '../state/stores-context';
import { useReply } from '../views/use-reply';
import { useErrorText } from './error-text';
import { ResultLine, takeSecret, type FormResult } from './form-parts';

export function VaultSecurity() {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const status = useConnections((s) => s.status);
  const security = useReply(() => api.security.get(), [api]);
  return (
    <section className="panel" aria-labelledby="s-vault">
      <h2 id="s-vault">{t('ws.settings.vault')}</h2>
      {security.state.kind === 'failed' ? (
        <p className="error" role="alert">
          {errorText(security.state.error)}
        </p>
      ) : security.state.kind !== 'ready' ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <Facts info={security.state.value} vaultDir={status?.vaultDir ?? '—'} />
          <ChangePassphrase min={security.state.value.minPassphraseLength} onChanged={security.set} />
          <MoveMachine info={security.state.value} onChanged={security.set} />
        </>
      )}
    </section>
  );
}

function Facts(props: { readonly info: VaultSecurityDto; readonly vaultDir: string }) {
  const { t } = useTranslation();
  const { info } = props;
  const backend = info.keychain.backend === 'none' || !info.keychain.available ? t('cx.security.backendNone') : info.keychain.secure ? info.keychain.backend : `${info.keychain.backend} (${t('cx.security.insecure')})`;
  return (
    <dl className="facts">
      <dt>{t('ws.settings.vaultDir')}</dt>
      <dd>
        <code>{props.vaultDir}</code>
      </dd>
      <dt>{t('cx.security.backend')}</dt>
      <dd>{backend}</dd>
      <dt>{t('ws.settings.unlockedWith')}</dt>
      <dd>{t(`ws.settings.via.${info.unlockedWith}`)}</dd>
      <dt>{t('cx.security.rememberedHere')}</dt>
      <dd>{info.rememberedHere ? t('cx.security.yes') : t('cx.security.no')}</dd>
      <dt>{t('cx.security.slots')}</dt>
      <dd>
        <ul className="plain">
          {info.slots.map((s, i) => (
            <li key={`${s.kind}-${i}`}>{s.kind === 'passphrase' ? t('cx.security.slot.passphrase') : t('cx.security.slot.keychain', { backend: s.backend ?? '?' })}</li>
          ))}
        </ul>
      </dd>
    </dl>
  );
}

function ChangePassphrase(props: { readonly min: number; readonly onChanged: (info: VaultSecurityDto) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<FormResult>(null);
  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget;
    const oldPassphrase = takeSecret(form, 'old');
    const newPassphrase = takeSecret(form, 'new');
    const confirm = takeSecret(form, 'confirm');
    if (newPassphrase !== confirm) return setResult({ ok: false, text: t('cx.security.mismatch') });
    if ([...newPassphrase.normalize('NFC')].length < props.min) return setResult({ ok: false, text: t('cx.security.tooShort', { min: props.min }) });
    setBusy(true);
    setResult(null);
    const reply = await api.security.changePassphrase({ oldPassphrase, newPassphrase });
    setBusy(false);
    if (!reply.ok) return setResult({ ok: false, text: errorText(reply.error) });
    props.onChanged(reply.value);
    setResult({ ok: true, text: t('cx.security.changed') });
  };
  return (
    <form className="passphrase-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('cx.security.changeTitle')}</h3>
      <p className="muted">{t('cx.security.changeText')}</p>
      <div className="field">
        <label htmlFor={`${id}-old`}>{t('cx.security.old')}</label>
        <input id={`${id}-old`} name="old" type="password" required autoComplete="current-password" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-new`}>{t('cx.security.new')}</label>
        <input id={`${id}-new`} name="new" type="password" required autoComplete="new-password" aria-describedby={`${id}-new-hint`} />
        <span id={`${id}-new-hint`} className="hint small">
          {t('cx.security.newHint', { min: props.min })}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-confirm`}>{t('cx.security.confirm')}</label>
        <input id={`${id}-confirm`} name="confirm" type="password" required autoComplete="new-password" />
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('cx.security.changing') : t('cx.security.change')}
      </button>
      <ResultLine result={result} />
    </form>
  );
}

function MoveMachine(props: { readonly info: VaultSecurityDto; readonly onChanged: (info: VaultSecurityDto) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const id = useId();
  const [accept, setAccept] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<FormResult>(null);
  const { keychain } = props.info;
  const remember = async (): Promise<void> => {
    setBusy(true);
    setResult(null);
    const already = props.info.rememberedHere;
    const reply = await api.security.rememberHere({ acceptInsecureKeychain: accept });
    setBusy(false);
    if (!reply.ok) return setResult({ ok: false, text: errorText(reply.error) });
    props.onChanged(reply.value);
    setResult({ ok: true, text: already ? t('cx.security.already') : t('cx.security.remembered') });
  };
  return (
    <div className="move-machine" aria-labelledby={`${id}-title`} role="group">
      <h3 id={`${id}-title`}>{t('cx.security.moveTitle')}</h3>
      <p className="muted">{t('cx.security.moveText')}</p>
      {!keychain.available || keychain.backend === 'none' ? (
        <p className="hint">{t('cx.security.noKeychain')}</p>
      ) : (
        <>
          {!keychain.secure ? (
            <label className="check">
              <input type="checkbox" checked={accept} onChange={(e) => setAccept(e.target.checked)} />
              {t('cx.security.acceptInsecure')}
            </label>
          ) : null}
          <button type="button" onClick={() => void remember()} disabled={busy || props.info.rememberedHere}>
            {busy ? t('cx.security.remembering') : t('cx.security.remember')}
          </button>
        </>
      )}
      <ResultLine result={result} />
    </div>
  );
}
