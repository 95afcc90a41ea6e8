// Renew consent from a connection's detail: what the client will be asked again (the scopes by
// purpose, in plain words) and where the approval comes back, chosen before the browser opens;
// the renewal then runs in the renewal queue panel (progress to active, or why not). For the
// seller's own API credentials (bol.com, Zalando), the seller's new pair, sent once.
import { useId, useMemo, useState } from 'react';
import type { FormEvent, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../preload/contract';
import type { RedirectChoice } from '../../../preload/connect-channels';
import type { GridConnection } from '../../../preload/workspace-channels';
import { useApi } from '../state/api-context';
import type { RenewStrategy } from '../state/renewal-queue-model';
import { useStores } from '../state/stores-context';
import { useReply } from '../views/use-reply';
import { ConnectAsks, StrategyChoice } from './connect-parts';
import { useErrorText } from './error-text';

export function RenewBox(props: { readonly row: GridConnection; readonly lang: Lang; readonly onStarted?: () => void; readonly headingRef?: Ref<HTMLHeadingElement> }) {
  const { t } = useTranslation();
  const api = useApi();
  const stores = useStores();
  const id = useId();
  const options = useReply(() => api.connect.options(), [api]);
  const option = useMemo(() => (options.state.kind === 'ready' ? options.state.value.find((o) => o.connectorId === props.row.connectorId) : undefined), [options.state, props.row.connectorId]);
  const [strategy, setStrategy] = useState<RedirectChoice | null>(null);
  if (option === undefined || !option.available || props.row.state === 'disconnected') return null;
  if (option.mode === 'seller_credentials') return <SellerRenew row={props.row} lang={props.lang} />;
  if (option.mode !== 'browser') return null;
  const chosen = strategy ?? option.strategies[0]?.id ?? null;
  const renewWith: RenewStrategy | null = chosen === null || chosen === 'manual' ? null : chosen;
  return (
    <section className="panel renew-box" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={props.headingRef} tabIndex={-1}>
        {t('cx.renewTitle')}
      </h2>
      <p className="muted">{t('cx.renewText', { name: option.connectorName })}</p>
      <ConnectAsks option={option} lang={props.lang} />
      {option.strategies.length > 0 ? <StrategyChoice idBase={id} strategies={option.strategies} value={chosen} lang={props.lang} disabled={false} onChange={setStrategy} /> : null}
      <button
        type="button"
        onClick={() => {
          stores.connections.getState().actions.renew(props.row, renewWith);
          props.onStarted?.();
        }}
      >
        {t('cx.renew', { name: `${props.row.connectorName} · ${props.row.label}` })}
      </button>
    </section>
  );
}

function SellerRenew(props: { readonly row: GridConnection; readonly lang: Lang }) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const id = useId();
  const [clientId, setClientId] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ readonly ok: boolean; readonly text: string } | null>(null);
  const name = `${props.row.connectorName} · ${props.row.label}`;
  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('clientSecret');
    if (!(input instanceof HTMLInputElement)) return;
    const clientSecret = input.value;
    input.value = '';
    setBusy(true);
    const reply = await api.connect.sellerCredentials({
      tenantId: props.row.tenantId,
      connectorId: props.row.connectorId,
      region: props.row.region,
      settings: {},
      account: null,
      clientId: clientId.trim(),
      clientSecret,
      connectionId: props.row.id,
    });
    setBusy(false);
    setClientId('');
    if (!reply.ok) return setResult({ ok: false, text: errorText(reply.error) });
    const v = reply.value;
    setResult(v.outcome === 'connected' ? { ok: true, text: t('cx.connected', { account: v.connection.account }) } : { ok: false, text: `${t('cx.notConnected')} ${v.text[props.lang]}` });
  };
  return (
    <section className="panel renew-box" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('cx.renewTitle')}</h2>
      <p className="muted">{t('cx.renewSellerText')}</p>
      <form onSubmit={(e) => void submit(e)} className="connect-form">
        <div className="field">
          <label htmlFor={`${id}-client`}>{t('cx.sellerClientId')}</label>
          <input id={`${id}-client`} value={clientId} onChange={(e) => setClientId(e.target.value)} required autoComplete="off" spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-secret`}>{t('cx.sellerSecret')}</label>
          <input id={`${id}-secret`} name="clientSecret" type="password" required autoComplete="new-password" />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? t('cx.connecting') : t('cx.renewSeller', { name })}
        </button>
        <p role={result?.ok === false ? 'alert' : 'status'} className={result === null ? 'visually-hidden' : result.ok ? 'muted' : 'error'}>
          {result?.text ?? ''}
        </p>
      </form>
    </section>
  );
}
