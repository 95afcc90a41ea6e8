// One Connect button per marketplace, with a region choice where the marketplace has regions.
// A button that cannot work yet is disabled and says why, next to it (aria-describedby). With the
// connect options (what each marketplace asks, its redirects, settings and ways to connect), each
// marketplace is the connect dialog's form instead (connect-form.tsx).
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectorDto, Lang } from '../../../preload/contract';
import type { ConnectOption } from '../../../preload/connect-channels';
import type { BrowserConnectChoice } from '../state/workspace-store';
import { ConnectForm } from './connect-form';

export interface ConnectorListProps {
  readonly connectors: ReadonlyArray<ConnectorDto>;
  readonly lang: Lang;
  readonly connecting: string | null;
  readonly canConnect: boolean;
  readonly onConnect: (connectorId: string, region: string | null, how?: BrowserConnectChoice) => void;
  /** The connect dialog's options by connector id, with the client they are for. */
  readonly options?: ReadonlyMap<string, ConnectOption>;
  readonly tenantId?: string | null;
}

export function ConnectorList(props: ConnectorListProps) {
  const { t } = useTranslation();
  if (props.connectors.length === 0) return <p className="empty">{t('connectors.empty')}</p>;
  // The marketplaces the agency has set up come first: those are the ones a person can connect now.
  const availableOf = (c: ConnectorDto): boolean => props.options?.get(c.id)?.available ?? c.consentAvailable;
  const ordered = [...props.connectors].sort((a, b) => Number(availableOf(b)) - Number(availableOf(a)));
  const { options } = props;
  return (
    <ul className="connectors">
      {ordered.map((connector) =>
        options === undefined ? (
          <ConnectorItem key={connector.id} connector={connector} {...props} />
        ) : (
          <ConnectForm
            key={connector.id}
            connector={connector}
            option={options.get(connector.id)}
            lang={props.lang}
            tenantId={props.tenantId ?? null}
            busy={props.connecting === connector.id}
            disabled={!props.canConnect || props.connecting !== null}
            onBrowser={props.onConnect}
          />
        ),
      )}
    </ul>
  );
}

function ConnectorItem(props: ConnectorListProps & { readonly connector: ConnectorDto }) {
  const { t } = useTranslation();
  const id = useId();
  const { connector } = props;
  const [region, setRegion] = useState<string>('');
  const busy = props.connecting === connector.id;
  const disabled = !connector.consentAvailable || !props.canConnect || props.connecting !== null;
  const why = connector.unavailableText?.[props.lang] ?? null;
  return (
    <li className="connector">
      <div className="connector-text">
        <h3>{connector.name}</h3>
        <p className="hint">{connector.connectText[props.lang]}</p>
      </div>
      <div className="connector-actions">
        {connector.regions.length > 0 ? (
          <>
            <label htmlFor={`${id}-region`} className="visually-hidden">
              {t('connectors.region', { name: connector.name })}
            </label>
            <select id={`${id}-region`} value={region} onChange={(e) => setRegion(e.target.value)} disabled={disabled}>
              <option value="">{t('connectors.anyRegion')}</option>
              {connector.regions.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label[props.lang]}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <button
          type="button"
          onClick={() => props.onConnect(connector.id, region === '' ? null : region)}
          disabled={disabled}
          aria-describedby={why !== null ? `${id}-why` : undefined}
        >
          {busy ? t('connectors.opening') : t('connectors.connect', { name: connector.name })}
        </button>
      </div>
      {why !== null ? (
        <p className="why" id={`${id}-why`}>
          {why}
        </p>
      ) : null}
    </li>
  );
}
