// Renew consent from a connection's detail: what the client will be asked again (the scopes by
// purpose, in plain words) and where the approval comes back, chosen before the browser opens;
// the renewal then runs in the renewal queue panel (progress to active, or why not).
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../preload/contract';
import type { RedirectChoice } from '../../../preload/connect-channels';
import type { GridConnection } from '../../../preload/workspace-channels';
import { useApi } from '../state/api-context';
import type { RenewStrategy } from '../state/renewal-queue-model';
import { useStores } from '../state/stores-context';
import { useReply } from '../views/use-reply';
import { ConnectAsks, StrategyChoice } from './connect-parts';

export function RenewBox(props: { readonly row: GridConnection; readonly lang: Lang }) {
  const { t } = useTranslation();
  const api = useApi();
  const stores = useStores();
  const id = useId();
  const options = useReply(() => api.connect.options(), [api]);
  const option = useMemo(() => (options.state.kind === 'ready' ? options.state.value.find((o) => o.connectorId === props.row.connectorId) : undefined), [options.state, props.row.connectorId]);
  const [strategy, setStrategy] = useState<RedirectChoice | null>(null);
  if (option === undefined || option.mode !== 'browser' || !option.available || props.row.state === 'disconnected') return null;
  const chosen = strategy ?? option.strategies[0]?.id ?? null;
  const renewWith: RenewStrategy | null = chosen === null || chosen === 'manual' ? null : chosen;
  return (
    <section className="panel renew-box" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('cx.renewTitle')}</h2>
      <p className="muted">{t('cx.renewText', { name: option.connectorName })}</p>
      <ConnectAsks option={option} lang={props.lang} />
      {option.strategies.length > 0 ? <StrategyChoice idBase={id} strategies={option.strategies} value={chosen} lang={props.lang} disabled={false} onChange={setStrategy} /> : null}
      <button type="button" onClick={() => stores.connections.getState().actions.renew(props.row, renewWith)}>
        {t('cx.renew', { name: `${props.row.connectorName} · ${props.row.label}` })}
      </button>
    </section>
  );
}
