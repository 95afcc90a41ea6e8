// Settings → operators: who may use this vault, with which role, within which clients (what the
// CLI's `operator …` and `grant …` do). Shown to whoever may administer operators (an admin, or
// this computer's user while the vault has none). The PIN is read from its fields at submit and
// the fields emptied; it is never kept in React state nor shown back. Adding the first operator
// ends acting as this computer's user: the sign-in screen follows.
import { useContext, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reply } from '../../../preload/contract';
import type { OperatorDto } from '../../../preload/operator-channels';
import { useApi } from '../state/api-context';
import { SessionContext } from '../state/session-context';
import { useConnections, useWorkspace } from '../state/stores-context';
import { formatDate } from '../state/workspace-model';
import { useReply } from '../views/use-reply';
import { useErrorText } from './error-text';
import { ResultLine, takeSecret, type FormResult } from './form-parts';

type Operators = ReadonlyArray<OperatorDto>;
type Role = OperatorDto['role'];
/** The roles in the order they are offered (the renderer imports only types from preload). */
const OPERATOR_ROLES = ['admin', 'account_manager', 'support', 'finance', 'partner', 'auditor'] as const satisfies ReadonlyArray<Role>;
/** A role added to the contract and not offered here fails to compile. */
const EVERY_ROLE_OFFERED: Exclude<Role, (typeof OPERATOR_ROLES)[number]> extends never ? true : false = true;
void EVERY_ROLE_OFFERED;
/** Runs a change and shows its outcome; the reply is the list as it now is. */
type Apply = (change: () => Promise<Reply<Operators>>, done: string) => Promise<boolean>;

export function OperatorsSettings(props: { readonly lang: 'en' | 'es' }) {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const session = useContext(SessionContext);
  const operators = useReply(() => api.operators.list(), [api]);
  const [result, setResult] = useState<FormResult>(null);
  const apply: Apply = async (change, done) => {
    setResult(null);
    const reply = await change();
    if (!reply.ok) {
      setResult({ ok: false, text: errorText(reply.error) });
      return false;
    }
    operators.set(reply.value);
    setResult({ ok: true, text: done });
    return true;
  };
  const first = operators.state.kind === 'ready' && operators.state.value.length === 0;
  return (
    <section className="panel" aria-labelledby="s-operators">
      <h2 id="s-operators">{t('ws.operators.title')}</h2>
      <p className="muted">{first ? t('ws.operators.none') : t('ws.operators.intro')}</p>
      {operators.state.kind === 'failed' ? (
        <p className="error" role="alert">
          {errorText(operators.state.error)}
        </p>
      ) : operators.state.kind !== 'ready' ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <ul className="operators plain">
          {operators.state.value.map((op) => (
            <OperatorItem key={op.name} op={op} self={session?.principal.kind === 'operator' && session.principal.name === op.name} lang={props.lang} apply={apply} />
          ))}
        </ul>
      )}
      <AddOperator
        first={first}
        apply={apply}
        // The vault now has operators: nobody acts until one signs in.
        onFirstAdded={() => session?.switchOperator()}
      />
      <ResultLine result={result} />
    </section>
  );
}

/** `self`: the operator signed in here, who changes neither their own role nor removes themselves (another admin does). */
function OperatorItem(props: { readonly op: OperatorDto; readonly self: boolean; readonly lang: 'en' | 'es'; readonly apply: Apply }) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const { op, apply } = props;
  const roleOf = (role: string): string => t(`session.role.${role}`);
  return (
    <li className="operator">
      <div className="operator-head">
        <strong>{props.self ? t('ws.operators.you', { name: op.name }) : op.name}</strong>
        <label htmlFor={`${id}-role`} className="visually-hidden">
          {t('ws.operators.roleOf', { name: op.name })}
        </label>
        <select
          id={`${id}-role`}
          value={op.role}
          disabled={props.self}
          title={props.self ? t('ws.operators.notSelf') : undefined}
          onChange={(e) => void apply(() => api.operators.setRole({ name: op.name, role: e.target.value as OperatorDto['role'] }), t('ws.operators.roleChanged', { name: op.name, role: roleOf(e.target.value) }))}
        >
          {OPERATOR_ROLES.map((r) => (
            <option key={r} value={r}>
              {roleOf(r)}
            </option>
          ))}
        </select>
        {props.self ? (
          <span className="muted small">{t('ws.operators.notSelf')}</span>
        ) : (
          <button type="button" onClick={() => void apply(() => api.operators.remove({ name: op.name }), t('ws.operators.removed', { name: op.name }))}>
            {t('ws.operators.remove', { name: op.name })}
          </button>
        )}
      </div>
      {op.role === 'admin' || op.role === 'auditor' ? (
        <p className="muted small">{t('ws.operators.everyClient')}</p>
      ) : (
        <>
          <ul className="plain grants" aria-label={t('ws.operators.grantsOf', { name: op.name })}>
            {op.grants.length === 0 ? <li className="muted small">{t('ws.operators.noGrants')}</li> : null}
            {op.grants.map((g) => (
              <li key={`${g.tenantId}-${g.connector ?? '*'}`}>
                {g.tenant} · {g.connector ?? t('ws.operators.everyMarketplace')}
                {g.until === null ? '' : ` · ${t('ws.operators.until', { date: formatDate(g.until, props.lang, false) })}`}{' '}
                <button type="button" className="link" onClick={() => void apply(() => api.operators.removeGrant({ operator: op.name, tenantId: g.tenantId, connector: g.connector }), t('ws.operators.grantRemoved', { name: op.name, tenant: g.tenant }))}>
                  {t('ws.operators.removeGrant', { tenant: g.tenant })}
                </button>
              </li>
            ))}
          </ul>
          <AddGrant operator={op.name} apply={apply} />
        </>
      )}
    </li>
  );
}

function AddGrant(props: { readonly operator: string; readonly apply: Apply }) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const tenants = useConnections((s) => (s.tenants.kind === 'ready' ? s.tenants.value : []));
  const connectors = useWorkspace((s) => (s.connectors.kind === 'ready' ? s.connectors.value : []));
  const [tenantId, setTenantId] = useState('');
  const [connector, setConnector] = useState('');
  const [until, setUntil] = useState('');
  const submit = async (e: FormEvent<HTMLFormElement>): Promise<void> => {
    e.preventDefault();
    const tenant = tenants.find((x) => x.id === tenantId);
    if (tenant === undefined) return;
    // A date means "through the end of that day" in UTC.
    const end = until === '' ? null : `${until}T23:59:59.000Z`;
    const done = await props.apply(() => api.operators.addGrant({ operator: props.operator, tenantId, connector: connector === '' ? null : connector, until: end }), t('ws.operators.granted', { name: props.operator, tenant: tenant.name }));
    if (done) setTenantId('');
  };
  return (
    <form className="grant-form" onSubmit={(e) => void submit(e)} aria-label={t('ws.operators.grantFor', { name: props.operator })}>
      <label htmlFor={`${id}-t`}>{t('ws.operators.client')}</label>
      <select id={`${id}-t`} value={tenantId} onChange={(e) => setTenantId(e.target.value)} required>
        <option value="">{t('ws.operators.chooseClient')}</option>
        {tenants.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-c`}>{t('ws.operators.marketplace')}</label>
      <select id={`${id}-c`} value={connector} onChange={(e) => setConnector(e.target.value)}>
        <option value="">{t('ws.operators.everyMarketplace')}</option>
        {connectors.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-u`}>{t('ws.operators.untilLabel')}</label>
      <input id={`${id}-u`} type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
      <button type="submit" disabled={tenantId === ''}>
        {t('ws.operators.grant')}
      </button>
    </form>
  );
}

function AddOperator(props: { readonly first: boolean; readonly apply: Apply; readonly onFirstAdded: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [role, setRole] = useState<OperatorDto['role']>('account_manager');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>): Promise<void> => {
    e.preventDefault();
    const form = e.currentTarget;
    const nameInput = form.elements.namedItem('name');
    const name = nameInput instanceof HTMLInputElement ? nameInput.value.trim() : '';
    const pin = takeSecret(form, 'pin');
    const again = takeSecret(form, 'again');
    if (pin !== again) return setProblem(t('ws.operators.pinMismatch'));
    if (pin.length < 6) return setProblem(t('ws.operators.pinShort'));
    setProblem(null);
    const chosen = props.first ? 'admin' : role;
    const done = await props.apply(() => api.operators.add({ name, role: chosen, pin }), t('ws.operators.added', { name }));
    if (!done) return;
    if (nameInput instanceof HTMLInputElement) nameInput.value = '';
    if (props.first) props.onFirstAdded();
  };
  return (
    <form className="operator-form" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{props.first ? t('ws.operators.addFirst') : t('ws.operators.add')}</h3>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('ws.operators.name')}</label>
        <input id={`${id}-name`} name="name" required maxLength={64} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>{t('ws.operators.role')}</label>
        <select id={`${id}-role`} value={props.first ? 'admin' : role} disabled={props.first} onChange={(e) => setRole(e.target.value as OperatorDto['role'])} aria-describedby={props.first ? `${id}-first` : undefined}>
          {OPERATOR_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`session.role.${r}`)}
            </option>
          ))}
        </select>
        {props.first ? (
          <span id={`${id}-first`} className="hint small">
            {t('ws.operators.firstIsAdmin')}
          </span>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-pin`}>{t('ws.operators.pin')}</label>
        <input id={`${id}-pin`} name="pin" type="password" required autoComplete="new-password" aria-describedby={`${id}-pin-hint`} />
        <span id={`${id}-pin-hint`} className="hint small">
          {t('ws.operators.pinHint')}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-again`}>{t('ws.operators.pinAgain')}</label>
        <input id={`${id}-again`} name="again" type="password" required autoComplete="new-password" />
      </div>
      <button type="submit" className="primary">
        {t('ws.operators.addButton')}
      </button>
      {problem === null ? null : (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
