// `revoke CONNECTION --dry-run | --yes`: the impact preview in plain words, then remote revocation
// where the marketplace has one and local crypto-shredding of the tokens.
import type { VaultContext } from '../context';
import { CliError, usageError } from '../errors';
import { engineCall } from './engine-errors';

export async function revokeCommand(ctx: VaultContext, id: string, opts: { dryRun: boolean; yes: boolean; lang?: string }): Promise<void> {
  if (opts.dryRun === opts.yes) throw usageError('revoke needs exactly one of --dry-run (see what would happen) or --yes (do it)');
  if (!ctx.services.engine.store.get(id)) throw new CliError('unknown_connection', `unknown connection "${id}"; see \`fivex-connect connections\` for the ids`);
  const lang = opts.lang === 'es' ? 'es' : 'en';
  if (opts.dryRun) {
    const preview = await engineCall(() => ctx.services.engine.revocation.previewRevocation(id, lang));
    ctx.out.result({ stops: preview.stops, remains: preview.remains, canReconnect: preview.canReconnect }, () =>
      [
        'Revoking this connection:',
        ...preview.stops.map((s) => `  stops:       ${s}`),
        ...preview.remains.map((s) => `  remains:     ${s}`),
        ...preview.canReconnect.map((s) => `  can reconnect: ${s}`),
        `Run \`fivex-connect revoke ${id} --yes\` to go ahead.`,
      ].join('\n'),
    );
    return;
  }
  const result = await engineCall(() => ctx.services.engine.revocation.revokeConnection(id, { actor: ctx.actor }));
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
