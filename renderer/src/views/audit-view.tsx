// The audit log on screen: filters (client, operator, action, outcome, time range) and search,
// the integrity check with its verdict in plain words, and CSV / JSON export saved from the page
// (built in main from the vault: nothing goes over the network).
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditFilter, AuditVerdict } from '../../../preload/workspace-channels';
import { useErrorText } from '../components/error-text';
import { useApi } from '../state/api-context';
import { useConnections, useUi } from '../state/stores-context';
import { formatDate } from '../state/workspace-model';
import { toFilter } from '../state/audit-model';
import type { AuditForm } from '../state/audit-model';
import { useReply } from './use-reply';

const PAGE = 500;
const EMPTY_FORM: AuditForm = { tenantId: '', operator: '', action: '', outcome: '', from: '', to: '', search: '' };

export function AuditView() {
  const { t } = useTranslation();
  const api = useApi();
  const errorText = useErrorText();
  const lang = useUi((s) => s.lang);
  const tenants = useConnections((s) => (s.tenants.kind === 'ready' ? s.tenants.value : []));
  const [form, setForm] = useState<AuditForm>(EMPTY_FORM);
  const [filter, setFilter] = useState<AuditFilter>({});
  const [verdict, setVerdict] = useState<AuditVerdict | 'checking' | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const list = useReply(() => api.workspace.auditList({ filter, limit: PAGE }), [api, filter]);

  const apply = (e: FormEvent<HTMLFormElement>): void => {
    e.preventDefault();
    setFilter(toFilter(form));
  };
  const verify = async (): Promise<void> => {
    setVerdict('checking');
    const reply = await api.workspace.auditVerify();
    setVerdict(reply.ok ? reply.value : null);
  };
  const exportAs = async (format: 'csv' | 'json'): Promise<void> => {
    const reply = await api.workspace.auditExport({ filter, format });
    if (!reply.ok) return;
    const url = URL.createObjectURL(new Blob([reply.value.content], { type: reply.value.mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = reply.value.filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setExported(t('ws.audit.exported', { count: reply.value.events, file: reply.value.filename }));
  };
  const field = (key: keyof AuditForm, label: string, type = 'text') => (
    <div className="field">
      <label htmlFor={`audit-${key}`}>{label}</label>
      <input id={`audit-${key}`} type={type} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </div>
  );

  return (
    <div className="view audit-view">
      <header className="view-head">
        <h1>{t('ws.audit.title')}</h1>
        <p className="muted">{t('ws.audit.intro')}</p>
      </header>
      <section className="panel integrity" aria-labelledby="integrity-title">
        <h2 id="integrity-title">{t('ws.audit.integrity')}</h2>
        <button type="button" onClick={() => void verify()} disabled={verdict === 'checking'}>
          {verdict === 'checking' ? t('ws.audit.checking') : t('ws.audit.verify')}
        </button>
        <p role="status" className={verdict !== null && verdict !== 'checking' && !verdict.ok ? 'error' : undefined}>
          {verdict === null || verdict === 'checking'
            ? ''
            : verdict.ok
              ? t('ws.audit.intact', { count: verdict.events })
              : verdict.firstBadEvent !== null
                ? t('ws.audit.brokenAt', { id: verdict.firstBadEvent, count: verdict.events })
                : t('ws.audit.cutOff', { count: verdict.events })}
        </p>
      </section>
      <form className="audit-filters" onSubmit={apply} aria-label={t('ws.audit.filters')}>
        <div className="field">
          <label htmlFor="audit-tenantId">{t('ws.grid.client')}</label>
          <select id="audit-tenantId" value={form.tenantId} onChange={(e) => setForm({ ...form, tenantId: e.target.value })}>
            <option value="">{t('ws.audit.anyClient')}</option>
            {tenants.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </div>
        {field('operator', t('ws.audit.operator'))}
        {field('action', t('ws.audit.action'))}
        <div className="field">
          <label htmlFor="audit-outcome">{t('ws.audit.outcome')}</label>
          <select id="audit-outcome" value={form.outcome} onChange={(e) => setForm({ ...form, outcome: e.target.value })}>
            <option value="">{t('ws.audit.anyOutcome')}</option>
            <option value="ok">ok</option>
            <option value="failed">failed</option>
            <option value="refused">refused</option>
          </select>
        </div>
        {field('from', t('ws.audit.from'), 'date')}
        {field('to', t('ws.audit.to'), 'date')}
        {field('search', t('ws.audit.search'), 'search')}
        <div className="filter-actions">
          <button type="submit" className="primary">
            {t('ws.audit.apply')}
          </button>
          <button type="button" onClick={() => void exportAs('csv')}>
            {t('ws.audit.exportCsv')}
          </button>
          <button type="button" onClick={() => void exportAs('json')}>
            {t('ws.audit.exportJson')}
          </button>
        </div>
      </form>
      <p role="status" className="muted">
        {exported ?? ''}
      </p>
      {list.state.kind === 'failed' ? (
        <p className="error" role="alert">
          {errorText(list.state.error)}
        </p>
      ) : list.state.kind !== 'ready' ? (
        <p role="status">{t('app.loading')}</p>
      ) : list.state.value.total === 0 ? (
        <p className="empty">{t('ws.audit.none')}</p>
      ) : (
        <>
          <p className="muted small">{t('ws.audit.showing', { shown: list.state.value.events.length, total: list.state.value.total })}</p>
          <table className="audit-table">
            <caption className="visually-hidden">{t('ws.audit.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ws.audit.when')}</th>
                <th scope="col">{t('ws.audit.operator')}</th>
                <th scope="col">{t('ws.grid.client')}</th>
                <th scope="col">{t('ws.audit.action')}</th>
                <th scope="col">{t('ws.audit.outcome')}</th>
                <th scope="col">{t('ws.audit.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {list.state.value.events.map((e) => (
                <tr key={e.id}>
                  <td>
                    <time dateTime={e.at}>{formatDate(e.at, lang, true)}</time>
                  </td>
                  <td>{e.actor}</td>
                  <td>{e.tenantName ?? '—'}</td>
                  <td>{e.action}</td>
                  <td>{e.outcome}</td>
                  <td className="detail-cell">
                    <code>{e.detail}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
