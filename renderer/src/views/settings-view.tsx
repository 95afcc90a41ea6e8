// Settings: app registrations (what `fivex-connect app set` does; the client secret is typed,
// stored encrypted and never shown back), vault security (components/vault-security.tsx), the
// operators, roles and grants (components/operators-settings.tsx), the language, desktop
// notifications and the webhook (write-only: only its host is shown).
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppRegistrationDto } from '../../../preload/workspace-channels';
import { useErrorText } from '../components/error-text';
import { LanguageSwitch } from '../components/language-switch';
import { OperatorsSettings } from '../components/operators-settings';
import { VaultSecurity } from '../components/vault-security';
import { useApi } from '../state/api-context';
import { useAccess } from '../state/session-context';
import { useUi } from '../state/stores-context';
import { formatDate } from '../state/workspace-model';
import { useReply } from './use-reply';

/** What a view shows for a reply it did not ask for (never rendered). */
const NOT_ASKED = { ok: false, error: { code: 'forbidden', message: 'not asked' } } as const;

export function SettingsView() {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const { lang, setLang } = useUi((s) => ({ lang: s.lang, setLang: s.actions.setLang }));
  // Only what the role may do is asked for (main would refuse and audit the rest).
  const access = useAccess();
  const canApps = access.may('app.list');
  const canAdmin = access.may('settings.set');
  const canNotify = access.may('webhook');
  const canOperators = access.may('operator');
  const apps = useReply(() => (canApps ? api.workspace.appsList() : Promise.resolve(NOT_ASKED)), [api, canApps]);
  const settings = useReply(() => (canNotify ? api.workspace.settingsGet() : Promise.resolve(NOT_ASKED)), [api, canNotify]);
  const role = access.principal?.kind === 'operator' ? access.principal.role : null;
  return (
    <div className="view settings-view">
      <header className="view-head">
        <h1>{t('ws.settings.title')}</h1>
      </header>
      {role !== null && !(canApps && canAdmin && canNotify) ? <p className="muted">{t('ws.settings.adminOnly', { role })}</p> : null}
      {canApps ? (
        <section className="panel" aria-labelledby="s-apps">
          <h2 id="s-apps">{t('ws.settings.apps')}</h2>
          <p className="muted">{t('ws.settings.appsIntro')}</p>
          {apps.state.kind === 'failed' ? (
            <p className="error" role="alert">
              {errorText(apps.state.error)}
            </p>
          ) : apps.state.kind !== 'ready' ? (
            <p role="status">{t('app.loading')}</p>
          ) : (
            <ul className="apps">
              {apps.state.value.map((a) => (
                <AppItem key={a.connectorId} app={a} lang={lang} onSaved={() => apps.reload()} />
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {canAdmin ? <VaultSecurity /> : null}
      {canOperators ? <OperatorsSettings lang={lang} /> : null}
      <section className="panel" aria-labelledby="s-general">
        <h2 id="s-general">{t('ws.settings.general')}</h2>
        <LanguageSwitch lang={lang} onChange={setLang} />
        {canNotify && settings.state.kind === 'ready' ? <NotifyForm value={settings.state.value} onSaved={settings.set} /> : null}
      </section>
    </div>
  );
}

function AppItem(props: { readonly app: AppRegistrationDto; readonly lang: 'en' | 'es'; readonly onSaved: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const a = props.app;
  const [clientId, setClientId] = useState(a.clientId ?? '');
  const [secret, setSecret] = useState('');
  const [params, setParams] = useState<Record<string, string>>(Object.fromEntries(a.params.map((p) => [p.name, p.value ?? ''])));
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `app-${a.connectorId}`;
  const submit = async (e: FormEvent<HTMLFormElement>): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    const reply = await api.workspace.appsSet({ connectorId: a.connectorId, clientId, params, ...(secret === '' ? {} : { clientSecret: secret }) });
    setBusy(false);
    // The secret field empties either way: it is never kept in the page longer than needed.
    setSecret('');
    if (reply.ok) {
      setResult({ ok: true, text: t('ws.settings.saved') });
      props.onSaved();
    } else setResult({ ok: false, text: errorText(reply.error) });
  };
  return (
    <li className="app-item">
      <details>
        <summary>
          <strong>{a.connectorName}</strong>{' '}
          <span className={a.configured ? 'badge badge-ok' : 'badge badge-off'}>{a.configured ? t('ws.settings.configured') : t('ws.settings.notConfigured')}</span>
          {a.brokenReason !== null ? <span className="badge badge-bad">{a.brokenReason}</span> : null}
        </summary>
        <form onSubmit={(e) => void submit(e)} className="app-form">
          <div className="field">
            <label htmlFor={`${id}-client`}>{t('ws.settings.clientId')}</label>
            <input id={`${id}-client`} value={clientId} onChange={(e) => setClientId(e.target.value)} required autoComplete="off" />
          </div>
          {a.needsSecret ? (
            <div className="field">
              <label htmlFor={`${id}-secret`}>{t('ws.settings.clientSecret')}</label>
              <input id={`${id}-secret`} type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="new-password" aria-describedby={`${id}-secret-hint`} />
              <span id={`${id}-secret-hint`} className="hint small">
                {a.secretSetAt !== null ? t('ws.settings.secretSet', { date: formatDate(a.secretSetAt, props.lang, false) }) : t('ws.settings.secretNone')}
              </span>
            </div>
          ) : null}
          {a.params.map((p) => (
            <div className="field" key={p.name}>
              <label htmlFor={`${id}-${p.name}`}>
                {p.name}
                {p.required ? ' *' : ''}
              </label>
              <input id={`${id}-${p.name}`} value={params[p.name] ?? ''} onChange={(e) => setParams({ ...params, [p.name]: e.target.value })} aria-describedby={`${id}-${p.name}-hint`} />
              <span id={`${id}-${p.name}-hint`} className="hint small">
                {p.description}
              </span>
            </div>
          ))}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('ws.settings.saving') : t('ws.settings.save')}
          </button>
          <p role={result?.ok === false ? 'alert' : 'status'} className={result?.ok === false ? 'error' : 'muted'}>
            {result?.text ?? ''}
          </p>
        </form>
      </details>
    </li>
  );
}

function NotifyForm(props: { readonly value: { webhookHost: string | null; notifications: boolean }; readonly onSaved: (v: { webhookHost: string | null; notifications: boolean }) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const [notifications, setNotifications] = useState(props.value.notifications);
  const [webhook, setWebhook] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (e: FormEvent<HTMLFormElement>, remove = false): Promise<void> => {
    e.preventDefault();
    const reply = await api.workspace.settingsSet({ notifications, ...(remove ? { webhookUrl: null } : webhook.trim() === '' ? {} : { webhookUrl: webhook.trim() }) });
    if (reply.ok) {
      setWebhook('');
      props.onSaved(reply.value);
      setResult({ ok: true, text: t('ws.settings.saved') });
    } else setResult({ ok: false, text: errorText(reply.error) });
  };
  return (
    <form onSubmit={(e) => void save(e)} className="notify-form">
      <label className="check">
        <input type="checkbox" checked={notifications} onChange={(e) => setNotifications(e.target.checked)} />
        {t('ws.settings.notifications')}
      </label>
      <div className="field">
        <label htmlFor="webhook-url">{t('ws.settings.webhook')}</label>
        <input id="webhook-url" type="url" value={webhook} onChange={(e) => setWebhook(e.target.value)} placeholder="https://" autoComplete="off" aria-describedby="webhook-hint" />
        <span id="webhook-hint" className="hint small">
          {props.value.webhookHost === null ? t('ws.settings.webhookNone') : t('ws.settings.webhookSet', { host: props.value.webhookHost })}
        </span>
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          {t('ws.settings.save')}
        </button>
        {props.value.webhookHost !== null ? (
          <button type="button" onClick={(e) => void save(e as unknown as FormEvent<HTMLFormElement>, true)}>
            {t('ws.settings.webhookRemove')}
          </button>
        ) : null}
      </div>
      <p role={result?.ok === false ? 'alert' : 'status'} className={result?.ok === false ? 'error' : 'muted'}>
        {result?.text ?? ''}
      </p>
    </form>
  );
}
