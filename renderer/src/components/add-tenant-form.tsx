// Adds a client by name; clears itself when the add succeeded.
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../preload/contract';
import { useErrorText } from './error-text';

export interface AddTenantFormProps {
  readonly busy: boolean;
  readonly error: ApiError | null;
  readonly onAdd: (name: string) => Promise<boolean>;
}

export function AddTenantForm(props: AddTenantFormProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [name, setName] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim().length === 0 || props.busy) return;
    if (await props.onAdd(name)) setName('');
  };

  return (
    <form className="add-tenant" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        {t('tenants.addTitle')}
      </h2>
      <label htmlFor={`${id}-name`}>{t('tenants.addLabel')}</label>
      <input id={`${id}-name`} name="tenantName" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} aria-invalid={props.error !== null} />
      <button type="submit" disabled={props.busy || name.trim().length === 0}>
        {props.busy ? t('tenants.adding') : t('tenants.add')}
      </button>
      {props.error !== null ? (
        <p className="error" role="alert">
          {errorText(props.error)}
        </p>
      ) : null}
    </form>
  );
}
