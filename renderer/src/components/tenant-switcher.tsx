// The tenant (client) switcher: a labelled select over the agency's clients.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TenantDto } from '../../../preload/contract';

export interface TenantSwitcherProps {
  readonly tenants: ReadonlyArray<TenantDto>;
  readonly selectedId: string | null;
  readonly onSelect: (tenantId: string) => void;
}

export function TenantSwitcher(props: TenantSwitcherProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="tenant-switcher">
      <label htmlFor={id}>{t('tenants.label')}</label>
      <select id={id} value={props.selectedId ?? ''} onChange={(e) => props.onSelect(e.target.value)} disabled={props.tenants.length === 0}>
        {props.tenants.length === 0 ? <option value="">{t('tenants.none')}</option> : null}
        {props.tenants.map((tenant) => (
          <option key={tenant.id} value={tenant.id}>
            {tenant.name}
          </option>
        ))}
      </select>
    </div>
  );
}
