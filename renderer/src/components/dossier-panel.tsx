// A client's access dossier (dossier:html, built by main): shown in a sandboxed frame (srcdoc,
// sandbox="" so its HTML runs no script and reaches nothing), with "Save as PDF" in the app
// (dossier:save-pdf, main asks where) and, in the browser preview where main refuses the PDF,
// a download of the HTML to print from the browser.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, Lang } from '../../../preload/contract';
import { useApi } from '../state/api-context';
import { useDenied } from './denied-reason';
import { useErrorText } from './error-text';

type Shown =
  | { readonly kind: 'closed' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly filename: string; readonly html: string }
  | { readonly kind: 'failed'; readonly error: ApiError };

export function DossierPanel(props: { readonly tenantId: string; readonly tenant: string; readonly lang: Lang; readonly mode: 'desktop' | 'preview' }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const api = useApi();
  const denied = useDenied();
  const [shown, setShown] = useState<Shown>({ kind: 'closed' });
  const [saving, setSaving] = useState<'idle' | 'busy' | { path: string } | { error: ApiError }>('idle');
  const [href, setHref] = useState<string | null>(null);

  // Another client, another dossier.
  useEffect(() => {
    setShown({ kind: 'closed' });
    setSaving('idle');
  }, [props.tenantId]);

  useEffect(() => {
    if (shown.kind !== 'ready' || props.mode !== 'preview') return;
    const url = URL.createObjectURL(new Blob([shown.html], { type: 'text/html' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [shown, props.mode]);

  const open = async (): Promise<void> => {
    setShown({ kind: 'loading' });
    setSaving('idle');
    const reply = await api.workspace.dossierHtml({ tenantId: props.tenantId, lang: props.lang });
    setShown(reply.ok ? { kind: 'ready', filename: reply.value.filename, html: reply.value.html } : { kind: 'failed', error: reply.error });
  };

  const savePdf = async (): Promise<void> => {
    setSaving('busy');
    const reply = await api.workspace.dossierSavePdf({ tenantId: props.tenantId, lang: props.lang });
    if (!reply.ok) setSaving({ error: reply.error });
    else setSaving(reply.value.saved && reply.value.path !== null ? { path: reply.value.path } : 'idle');
  };

  const reason = denied('dossier', 'dossier');
  const allowed = reason === null;

  if (shown.kind === 'closed') {
    return (
      <div className="dossier-open">
        <button type="button" className="small-btn" disabled={!allowed} title={reason ?? undefined} aria-describedby={reason === null ? undefined : `dossier-why-${props.tenantId}`} onClick={() => void open()}>
          {t('dossier.open')}
        </button>
        {reason !== null ? (
          <span className="muted" id={`dossier-why-${props.tenantId}`}>
            {reason}
          </span>
        ) : null}
      </div>
    );
  }
  return (
    <section className="dossier-panel card" aria-label={t('dossier.title', { tenant: props.tenant })}>
      <h2>{t('dossier.title', { tenant: props.tenant })}</h2>
      {shown.kind === 'loading' ? <p role="status">{t('dossier.loading')}</p> : null}
      {shown.kind === 'failed' ? (
        <p className="error" role="alert">
          {errorText(shown.error)}
        </p>
      ) : null}
      {shown.kind === 'ready' ? (
        <>
          <iframe className="dossier-frame" title={t('dossier.frame', { tenant: props.tenant })} sandbox="" srcDoc={shown.html} />
          <div className="dossier-actions">
            {props.mode === 'desktop' ? (
              <button type="button" className="primary small-btn" disabled={saving === 'busy'} onClick={() => void savePdf()}>
                {saving === 'busy' ? t('dossier.saving') : t('dossier.savePdf')}
              </button>
            ) : (
              <>
                {href !== null ? (
                  <a className="small-btn" href={href} download={shown.filename}>
                    {t('dossier.download')}
                  </a>
                ) : null}
                <span className="muted">{t('dossier.previewNote')}</span>
              </>
            )}
            <span role="status" className={typeof saving === 'object' && 'error' in saving ? 'error' : 'muted'}>
              {typeof saving !== 'object' ? '' : 'path' in saving ? t('dossier.saved', { path: saving.path }) : errorText(saving.error)}
            </span>
          </div>
        </>
      ) : null}
      <button type="button" className="small-btn" onClick={() => setShown({ kind: 'closed' })}>
        {t('dossier.close')}
      </button>
    </section>
  );
}
