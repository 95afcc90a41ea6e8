// `connector list` and `connector add FILE`.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { VaultContext } from '../context';
import { CliError } from '../errors';
import { table } from '../output';

export function connectorList(ctx: VaultContext): void {
  const list = ctx.services.connectors.describe();
  ctx.out.result(list, () =>
    table(
      list.map((c) => [c.id, c.name, c.grant, c.redirects.join(','), c.params.map((p) => p.name).join(',')]),
      ['ID', 'NAME', 'GRANT', 'REDIRECTS (default first)', 'PARAMS'],
    ),
  );
}

export function connectorAdd(ctx: VaultContext, file: string): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new CliError('file_unreadable', `cannot read connector file ${file} (${why}); check the path`);
  }
  let id: string;
  try {
    id = ctx.vault.transaction(() => {
      const def = ctx.services.connectors.add(text, basename(file));
      ctx.services.audit.append({ actor: ctx.actor, action: 'connector.add', outcome: 'ok', detail: { connector: def.id, file: basename(file) } });
      return def.id;
    });
  } catch (err) {
    if (err instanceof Error && !(err instanceof CliError)) throw new CliError('invalid_connector', err.message);
    throw err;
  }
  ctx.out.result({ id }, () => `Registered connector ${id}.`);
}
