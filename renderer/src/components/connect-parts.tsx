// Pure parts of the connect dialog: what the client will be asked (purposes in plain words, with
// the marketplace's own scope names beside them), the connection details a marketplace needs
// (a text field checked by its pattern, or a choice), and where the approval comes back.
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../preload/contract';
import type { ConnectOption, RedirectChoice } from '../../../preload/connect-channels';

export function ConnectAsks(props: { readonly option: ConnectOption; readonly lang: Lang }) {
  const { t } = useTranslation();
  const { option, lang } = props;
  return (
    <div className="connect-asks">
      <h4>{t('cx.asksTitle', { name: option.connectorName })}</h4>
      <ul>
        {option.purposes.map((p) => (
          <li key={p.purpose}>
            <strong>{t(`ws.purpose.${p.purpose}`, { defaultValue: p.purpose })}</strong>: {p.text[lang]}{' '}
            {p.scopes.length > 0 ? <span className="hint small">({t('cx.scopesNamed', { name: option.connectorName, scopes: p.scopes.join(', ') })})</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ConnectSettingsFields(props: {
  readonly idBase: string;
  readonly settings: ConnectOption['settings'];
  readonly values: Readonly<Record<string, string>>;
  readonly disabled: boolean;
  readonly onChange: (values: Record<string, string>) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="connect-settings">
      <legend>{t('cx.settingsTitle')}</legend>
      {props.settings.map((s) => {
        const fieldId = `${props.idBase}-set-${s.name}`;
        const value = props.values[s.name] ?? '';
        const change = (next: string): void => props.onChange({ ...props.values, [s.name]: next });
        return (
          <div className="field" key={s.name}>
            <label htmlFor={fieldId}>
              {s.name}
              {s.required ? ' *' : ` (${t('cx.optional')})`}
            </label>
            {s.choices !== null ? (
              <select id={fieldId} value={value} onChange={(e) => change(e.target.value)} required={s.required} disabled={props.disabled} aria-describedby={`${fieldId}-hint`}>
                <option value="">—</option>
                {s.choices.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={fieldId}
                value={value}
                onChange={(e) => change(e.target.value)}
                required={s.required}
                disabled={props.disabled}
                autoComplete="off"
                spellCheck={false}
                aria-describedby={`${fieldId}-hint`}
              />
            )}
            <span id={`${fieldId}-hint`} className="hint small">
              {s.description}
            </span>
          </div>
        );
      })}
    </fieldset>
  );
}

export function StrategyChoice(props: {
  readonly idBase: string;
  readonly strategies: ConnectOption['strategies'];
  readonly value: RedirectChoice | null;
  readonly lang: Lang;
  readonly disabled: boolean;
  readonly onChange: (value: RedirectChoice) => void;
}) {
  const { t } = useTranslation();
  const fieldId = `${props.idBase}-redirect`;
  const chosen = props.strategies.find((s) => s.id === props.value) ?? props.strategies[0];
  if (chosen === undefined) return null;
  if (props.strategies.length === 1) {
    return (
      <p className="hint small">
        {t('cx.redirectOne', { strategy: t(`cx.strategy.${chosen.id}`) })} — {chosen.text[props.lang]}
      </p>
    );
  }
  return (
    <div className="field">
      <label htmlFor={fieldId}>{t('cx.redirect')}</label>
      <select id={fieldId} value={chosen.id} onChange={(e) => props.onChange(e.target.value as RedirectChoice)} disabled={props.disabled} aria-describedby={`${fieldId}-hint`}>
        {props.strategies.map((s) => (
          <option key={s.id} value={s.id}>
            {t(`cx.strategy.${s.id}`)}
          </option>
        ))}
      </select>
      <span id={`${fieldId}-hint`} className="hint small">
        {chosen.text[props.lang]}
      </span>
    </div>
  );
}
