// The client access dossier's one use case for every front end (the CLI's `dossier`, the desktop
// channel): build the model, render it as HTML or JSON, and record the export in the audit log.
// The audit event comes after the document is made (and, for a file, written), so it names the
// chain head the document shows: `audit list --action dossier.export` ties a printed dossier to
// its place in the log.
import type { AuditInput } from '../audit/types';
import { renderDossierHtml } from './html';
import { buildDossier } from './model';
import type { DossierModel, DossierOptions, DossierSources } from './model';

export type { DossierModel, DossierConnection, DossierSources, ReconnectCandidate } from './model';
export { DOSSIER_LANGS } from './texts';
export type { Lang } from './texts';

export type DossierFormat = 'html' | 'json';
export const DOSSIER_FORMATS: ReadonlyArray<DossierFormat> = ['html', 'json'];

export interface DossierDocument {
  readonly model: DossierModel;
  readonly format: DossierFormat;
  /** The file's content: the HTML page, or the model as JSON. */
  readonly content: string;
}

export async function makeDossier(s: DossierSources, tenantRef: string, opts: DossierOptions & { readonly format: DossierFormat }): Promise<DossierDocument> {
  const model = await buildDossier(s, tenantRef, opts);
  const content = opts.format === 'html' ? renderDossierHtml(model) : `${JSON.stringify(model, null, 2)}\n`;
  return { model, format: opts.format, content };
}

/** The audit event of one export: names and counts only (the document itself holds no secret either). */
export function dossierExportEvent(doc: DossierDocument, actor: string, via: 'file' | 'stdout' | 'desktop'): AuditInput {
  return {
    actor,
    tenantId: doc.model.tenant.id,
    action: 'dossier.export',
    outcome: 'ok',
    detail: {
      format: doc.format,
      lang: doc.model.lang,
      connections: doc.model.connections.length,
      via,
      auditHead: doc.model.audit.head,
      auditEvents: doc.model.audit.events,
    },
  };
}
