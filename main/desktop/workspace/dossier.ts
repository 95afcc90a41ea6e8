// The workspace's dossier channels: a client's access dossier (main/dossier) as one HTML page in
// the language asked for, or saved as PDF where the host can print (the app: main/app/dossier-pdf.ts,
// since only that folder may use Electron). Each export is audited as dossier.export, as the CLI's.
import { dossierExportEvent, makeDossier } from '../../dossier';
import type { DossierDocument, DossierSources } from '../../dossier';
import type { AuditInput } from '../../audit/types';
import type { HandlersOf } from '../../../preload/schema-kit';
import type { WORKSPACE_INVOKE } from '../../../preload/workspace-channels';
import { DesktopError } from '../errors';

type DossierChannels = Pick<typeof WORKSPACE_INVOKE, 'dossier:html' | 'dossier:save-pdf'>;

export interface DossierHandlerContext {
  readonly actor: string;
  readonly saveDossierPdf?: (html: string, suggestedName: string) => Promise<string | null>;
}

/** A file name that says whose dossier and when, with nothing a file system could trip on. */
export function dossierFilename(tenantName: string, at: string, ext: 'html' | 'pdf'): string {
  const slug = tenantName.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).toLowerCase() || 'client';
  return `fivex-dossier-${slug}-${at.slice(0, 10)}.${ext}`;
}

export function createDossierHandlers(s: DossierSources & { readonly audit: { append(e: AuditInput): unknown } }, ctx: DossierHandlerContext): HandlersOf<DossierChannels> {
  const audit = (doc: DossierDocument, format: 'html' | 'pdf'): void => {
    const event = dossierExportEvent(doc, ctx.actor, 'desktop');
    // As the app's other events, it says where it came from.
    s.audit.append({ ...event, detail: { ...event.detail, format, app: 'desktop' } });
  };
  return {
    'dossier:html': async (args) => {
      const doc = await makeDossier(s, args.tenantId, { lang: args.lang ?? 'en', format: 'html' });
      audit(doc, 'html');
      return { filename: dossierFilename(doc.model.tenant.name, doc.model.generatedAt, 'html'), html: doc.content, connections: doc.model.connections.length };
    },
    'dossier:save-pdf': async (args) => {
      const save = ctx.saveDossierPdf;
      if (save === undefined) throw new DesktopError('action_refused', 'Saving as PDF is available in the desktop app; here, open the dossier and print it to PDF from the browser.');
      const doc = await makeDossier(s, args.tenantId, { lang: args.lang ?? 'en', format: 'html' });
      const path = await save(doc.content, dossierFilename(doc.model.tenant.name, doc.model.generatedAt, 'pdf'));
      // Cancelled: nothing left the app, so there is nothing to record.
      if (path !== null) audit(doc, 'pdf');
      return { saved: path !== null, path, connections: doc.model.connections.length };
    },
  };
}
