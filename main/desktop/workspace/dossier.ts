// The workspace's dossier channel: a client's access dossier (main/dossier) as one HTML page, in
// the language asked for, audited as dossier.export like the CLI's. Saving it as PDF is main/app's
// part (main/app/dossier-pdf.ts), since only that folder may use Electron.
import { dossierExportEvent, makeDossier } from '../../dossier';
import type { DossierSources } from '../../dossier';
import type { AuditInput } from '../../audit/types';
import type { HandlersOf } from '../../../preload/schema-kit';
import type { WORKSPACE_INVOKE } from '../../../preload/workspace-channels';

type DossierChannels = Pick<typeof WORKSPACE_INVOKE, 'dossier:html'>;

/** A file name that says whose dossier and when, with nothing a file system could trip on. */
export function dossierFilename(tenantName: string, at: string): string {
  const slug = tenantName.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).toLowerCase() || 'client';
  return `fivex-dossier-${slug}-${at.slice(0, 10)}.html`;
}

export function createDossierHandlers(
  s: DossierSources & { readonly audit: { append(e: AuditInput): unknown } },
  ctx: { readonly actor: string },
): HandlersOf<DossierChannels> {
  return {
    'dossier:html': (args) => {
      const doc = makeDossier(s, args.tenantId, { lang: args.lang ?? 'en', format: 'html' });
      const event = dossierExportEvent(doc, ctx.actor, 'desktop');
      // As the app's other events say where they came from.
      s.audit.append({ ...event, detail: { ...event.detail, app: 'desktop' } });
      return Promise.resolve({ filename: dossierFilename(doc.model.tenant.name, doc.model.generatedAt), html: doc.content, connections: doc.model.connections.length });
    },
  };
}
