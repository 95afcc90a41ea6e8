// One marketplace in the connect dialog: before anything opens, what the client will be asked
// (the scopes by purpose, in plain words) and where the approval comes back (a choice when the
// marketplace supports several), the connection details it needs (the Shopify shop, the Seller
// Central country); then Connect by browser consent, by the seller's own API credentials, by the
// agency's client credentials, or by a pasted self-authorized refresh token. Secrets are read from
// their password fields at submit, sent once, and the fields are emptied: no React state holds them.
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectorDto, Lang } from '../../../preload/contract';
import type { ConnectOption, DirectConnectResult, RedirectChoice } from '../../../preload/connect-channels';
import type { BrowserConnectChoice } from '../state/workspace-store';
import { useApi } from '../state/api-context';
import { useErrorText } from './error-text';
import { ConnectAsks, ConnectSettingsFields, StrategyChoice } from './connect-parts';
import { ResultLine, takeSecret, type FormResult } from './form-parts';

export interface ConnectFormProps {
  readonly connector: ConnectorDto;
  readonly option: ConnectOption | undefined;
  readonly lang: Lang;
  readonly tenantId: string | null;
  readonly busy: boolean;
  readonly disabled: boolean;
  readonly onBrowser: (connectorId: string, region: string | null, how: BrowserConnectChoice | undefined) => void;
}

export function ConnectForm(props: ConnectFormProps) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const id = useId();
  const { connector, option, lang } = props;
  const [region, setRegion] = useState('');
  const [settings, setSettings] = useState<Record<string, string>>({});
  const [strategy, setStrategy] = useState<RedirectChoice | null>(option?.strategies[0]?.id ?? null);
  const [useToken, setUseToken] = useState(option?.mode === 'refresh_token');
  const [account, setAccount] = useState('');
  const [clientId, setClientId] = useState('');
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<FormResult>(null);
  const available = option?.available ?? connector.consentAvailable;
  const disabled = !available || props.disabled || sending;
  const why = available ? null : (option?.unavailableText ?? connector.unavailableText)?.[lang] ?? null;
  const mode = option === undefined ? 'browser' : useToken ? 'refresh_token' : option.mode;
  const regionArg = region === '' ? null : region;

  const finish = (reply: Awaited<ReturnType<typeof api.connect.refreshToken>>): void => {
    setSending(false);
    if (!reply.ok) return setOutcome({ ok: false, text: errorText(reply.error) });
    const value: DirectConnectResult = reply.value;
    setOutcome(value.outcome === 'connected' ? { ok: true, text: t('cx.connected', { account: value.connection.account }) } : { ok: false, text: `${t('cx.notConnected')} ${value.text[lang]}` });
  };

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const form = event.currentTarget;
    if (props.tenantId === null) return;
    setOutcome(null);
    const target = { tenantId: props.tenantId, connectorId: connector.id, region: regionArg, settings };
    const label = account.trim() === '' ? null : account.trim();
    switch (mode) {
      case 'browser':
        props.onBrowser(connector.id, regionArg, option === undefined || strategy === null || strategy === 'manual' ? undefined : { strategy, settings });
        return;
      case 'seller_credentials': {
        const clientSecret = takeSecret(form, 'clientSecret');
        setSending(true);
        finish(await api.connect.sellerCredentials({ ...target, account: label, clientId: clientId.trim(), clientSecret }));
        setClientId('');
        return;
      }
      case 'agency_credentials':
        setSending(true);
        finish(await api.connect.agencyCredentials({ ...target, account: label }));
        return;
      case 'refresh_token': {
        const refreshToken = takeSecret(form, 'refreshToken');
        setSending(true);
        finish(await api.connect.refreshToken({ ...target, account: label ?? connector.name, refreshToken }));
        return;
      }
    }
  };

  return (
    <li className="connector">
      <div className="connector-text">
        <h3>{connector.name}</h3>
        <p className="hint">{connector.connectText[lang]}</p>
        {option !== undefined ? <ConnectAsks option={option} lang={lang} /> : null}
      </div>
      <form className="connect-form" onSubmit={(e) => void submit(e)} aria-label={t('connectors.connect', { name: connector.name })}>
        {connector.regions.length > 0 ? (
          <div className="field">
            <label htmlFor={`${id}-region`}>{t('connectors.region', { name: connector.name })}</label>
            <select id={`${id}-region`} value={region} onChange={(e) => setRegion(e.target.value)} disabled={disabled}>
              <option value="">{t('connectors.anyRegion')}</option>
              {connector.regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label[lang]}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {option !== undefined && option.settings.length > 0 && available ? (
          <ConnectSettingsFields idBase={id} settings={option.settings} values={settings} disabled={disabled} onChange={setSettings} />
        ) : null}
        {option !== undefined && available && mode === 'browser' && option.strategies.length > 0 ? (
          <StrategyChoice idBase={id} strategies={option.strategies} value={strategy} lang={lang} disabled={disabled} onChange={setStrategy} />
        ) : null}
        {option !== undefined && available && option.acceptsToken && option.mode === 'browser' ? (
          <label className="check">
            <input type="checkbox" checked={useToken} onChange={(e) => setUseToken(e.target.checked)} disabled={disabled} />
            {t('cx.useToken')}
          </label>
        ) : null}
        {available && mode !== 'browser' ? (
          <div className="field">
            <label htmlFor={`${id}-account`}>{t('cx.account')}</label>
            <input id={`${id}-account`} value={account} onChange={(e) => setAccount(e.target.value)} autoComplete="off" aria-describedby={`${id}-account-hint`} disabled={disabled} />
            <span id={`${id}-account-hint`} className="hint small">
              {t('cx.accountHint')}
            </span>
          </div>
        ) : null}
        {available && mode === 'seller_credentials' ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-client`}>{t('cx.sellerClientId')}</label>
              <input id={`${id}-client`} value={clientId} onChange={(e) => setClientId(e.target.value)} required autoComplete="off" spellCheck={false} disabled={disabled} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-secret`}>{t('cx.sellerSecret')}</label>
              <input id={`${id}-secret`} name="clientSecret" type="password" required autoComplete="new-password" aria-describedby={`${id}-secret-hint`} disabled={disabled} />
              <span id={`${id}-secret-hint`} className="hint small">
                {t('cx.sellerHint')}
              </span>
            </div>
          </>
        ) : null}
        {available && mode === 'agency_credentials' ? <p className="hint small">{t('cx.agencyHint')}</p> : null}
        {available && mode === 'refresh_token' ? (
          <div className="field">
            <label htmlFor={`${id}-token`}>{t('cx.token')}</label>
            <input id={`${id}-token`} name="refreshToken" type="password" required autoComplete="off" aria-describedby={`${id}-token-hint`} disabled={disabled} />
            <span id={`${id}-token-hint`} className="hint small">
              {t('cx.tokenHint')}
            </span>
          </div>
        ) : null}
        <button type="submit" disabled={disabled} aria-describedby={why !== null ? `${id}-why` : undefined}>
          {props.busy || sending ? (mode === 'browser' ? t('connectors.opening') : t('cx.connecting')) : t('connectors.connect', { name: connector.name })}
        </button>
        <ResultLine result={outcome} />
      </form>
      {why !== null ? (
        <p className="why" id={`${id}-why`}>
          {why}
        </p>
      ) : null}
    </li>
  );
}
