// `dossier TENANT [--format html|json] [--lang en|es] [--out FILE]`: the client access dossier, a
// support-ready document of every marketplace account of one client (main/dossier). To stdout, or
// to a file only the OS user can read (0600); audited as dossier.export either way.
import { resolve } from 'node:path';
import { DOSSIER_FORMATS, DOSSIER_LANGS, dossierExportEvent, makeDossier } from '../../dossier';
import type { DossierFormat, Lang } from '../../dossier';
import { writePrivateFile } from '../../fs/private-file';
import type { VaultContext } from '../context';
import { CliError, usageError } from '../errors';
import { peopleLang } from './connections';

export interface DossierCommandOptions {
  readonly format?: string | undefined;
  readonly lang?: string | undefined;
  readonly out?: string | undefined;
}

export async function dossierCommand(ctx: VaultContext, tenant: string, opts: DossierCommandOptions): Promise<void> {
  if (opts.format !== undefined && !(DOSSIER_FORMATS as ReadonlyArray<string>).includes(opts.format)) {
    throw usageError(`--format takes html or json; got "${opts.format}"`);
  }
  if (opts.lang !== undefined && !(DOSSIER_LANGS as ReadonlyArray<string>).includes(opts.lang)) {
    throw usageError(`--lang takes en or es; got "${opts.lang}"`);
  }
  if (opts.out !== undefined && opts.out.trim() === '') throw usageError('--out needs a file name');
  // A script asking for JSON gets the model; a person gets the page. --lang wins; for people the
  // locale (LANG=es_ES.UTF-8) picks Spanish too, as for revoke --dry-run.
  const format: DossierFormat = (opts.format as DossierFormat | undefined) ?? (ctx.global.json && opts.out === undefined ? 'json' : 'html');
  const lang: Lang = (opts.lang as Lang | undefined) ?? (ctx.global.json ? 'en' : peopleLang(ctx));
  const doc = await makeDossier(ctx.services, tenant, { lang, format });
  const connections = doc.model.connections.length;

  if (opts.out === undefined) {
    if (ctx.global.json && format === 'html') {
      // --json promises one JSON document on stdout: the page travels inside it.
      ctx.io.stdout.write(`${JSON.stringify({ format, html: doc.content, connections })}\n`);
    } else ctx.io.stdout.write(doc.content);
    ctx.services.audit.append(dossierExportEvent(doc, ctx.actor, 'stdout'));
    return;
  }
  const out = resolve(opts.out);
  try {
    writePrivateFile(out, doc.content);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new CliError('file_unwritable', `cannot write ${out} (${code}); check that the folder exists and that you may write there`);
  }
  ctx.services.audit.append(dossierExportEvent(doc, ctx.actor, 'file'));
  ctx.out.result({ out, connections }, () => `Wrote the ${format === 'html' ? 'HTML' : 'JSON'} dossier of ${doc.model.tenant.name} (${connections} account(s)) to ${out}; only you can read it (0600).`);
}
