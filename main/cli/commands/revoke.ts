// `revoke CONNECTION --dry-run | --yes`: the impact preview in plain words, then remote revocation
// where the marketplace has one and local crypto-shredding of the tokens.
import type { VaultContext } from '../context';
import { CliError, usageError } from '../errors';
import { peopleLang } from './connections';

const LABELS = {
  en: { title: 'Revoking this connection:', stops: 'stops', remains: 'remains', canReconnect: 'can reconnect', goAhead: (cmd: string) => `Run \`${cmd}\` to go ahead.` },
  es: { title: 'Al revocar esta conexión:', stops: 'qué se detiene', remains: 'qué se conserva', canReconnect: 'quién reconecta', goAhead: (cmd: string) => `Ejecute \`${cmd}\` para continuar.` },
} as const;

export async function revokeCommand(ctx: VaultContext, id: string, opts: { dryRun: boolean; yes: boolean; lang?: string }): Promise<void> {
  if (opts.dryRun === opts.yes) throw usageError('revoke needs exactly one of --dry-run (see what would happen) or --yes (do it)');
  if (!ctx.services.engine.store.get(id)) throw new CliError('unknown_connection', `unknown connection "${id}"; see \`fivex-connect connections\` for the ids`);
  if (opts.lang !== undefined && opts.lang !== 'en' && opts.lang !== 'es') ctx.out.info(`--lang takes en or es; "${opts.lang}" is not available, so this is in English.`);
  // --lang wins; for people (not --json) the locale (LANG=es_ES.UTF-8) picks Spanish too.
  const lang = opts.lang === 'es' || (opts.lang === undefined && !ctx.global.json && peopleLang(ctx) === 'es') ? 'es' : 'en';
  if (opts.dryRun) {
    const preview = ctx.services.engine.revocation.previewRevocation(id, lang);
    const label = LABELS[lang];
    const width = Math.max(label.stops.length, label.remains.length, label.canReconnect.length) + 1;
    ctx.out.result({ stops: preview.stops, remains: preview.remains, canReconnect: preview.canReconnect }, () =>
      [
        label.title,
        ...preview.stops.map((s) => `  ${`${label.stops}:`.padEnd(width)} ${s}`),
        ...preview.remains.map((s) => `  ${`${label.remains}:`.padEnd(width)} ${s}`),
        ...preview.canReconnect.map((s) => `  ${`${label.canReconnect}:`.padEnd(width)} ${s}`),
        label.goAhead(`fivex-connect revoke ${id} --yes`),
      ].join('\n'),
    );
    return;
  }
  const result = await ctx.services.engine.revocation.revokeConnection(id, { actor: ctx.actor });
  const doc = { id: result.id, state: result.state, remoteRevocation: result.remoteRevocation };
  ctx.out.result(doc, () => {
    const remote =
      result.remoteRevocation === 'done'
        ? 'the marketplace confirmed the revocation'
        : result.remoteRevocation === 'pending'
          ? 'the marketplace could not be reached; the revocation will be retried by the monitor'
          : `the marketplace has no revocation endpoint${result.removeApp ? `: ${result.removeApp}` : ''}`;
    const shared = result.sharedWith > 0 ? ` The authorization still serves ${result.sharedWith} other connection(s), so it stays valid at the marketplace until they are revoked too.` : '';
    return `Disconnected ${id}: local tokens destroyed; ${remote}.${shared}`;
  });
}
