// `demo [--port P]`: runs the local demo marketplace and registers the `demo` connector against it,
// so a new user can try consent, refresh, expiry, renewal and revocation without any account.
import { startDemoMarketplace } from '../../../connectors/demo/server';
import type { VaultContext } from '../context';
import { CliError, usageError } from '../errors';
import { waitForInterrupt } from '../signals';

export async function demoCommand(ctx: VaultContext, opts: { port?: string; accessTtl?: string }): Promise<void> {
  const port = opts.port === undefined ? 4680 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError('--port takes a port number (0 picks a free one)');
  const accessTtlSeconds = opts.accessTtl === undefined ? undefined : Number(opts.accessTtl);
  if (accessTtlSeconds !== undefined && (!Number.isInteger(accessTtlSeconds) || accessTtlSeconds < 1)) throw usageError('--access-ttl takes whole seconds');
  let demo;
  try {
    demo = await startDemoMarketplace({ port, ...(accessTtlSeconds !== undefined ? { accessTtlSeconds } : {}) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError('demo_failed', code === 'EADDRINUSE' ? `port ${port} is busy; pass --port 0 for a free one` : `the demo marketplace did not start (${(err as Error).message})`);
  }
  ctx.vault.transaction(() => {
    ctx.services.registrations.set({ connectorId: 'demo', clientId: demo.clientId, params: { baseUrl: demo.url }, endpoints: {} });
    ctx.services.audit.append({ actor: ctx.actor, action: 'app.set', outcome: 'ok', detail: { connector: 'demo', demo: true } });
  });
  ctx.out.event({ event: 'demo', url: demo.url, connector: 'demo' }, () =>
    [
      `The demo marketplace runs at ${demo.url} and the "demo" connector points at it.`,
      `In another terminal, on the same vault (export FIVEX_VAULT_DIR='${ctx.vault.dir}' and the same FIVEX_VAULT_PASSPHRASE,`,
      'or pass --vault), try (from a checkout, fivex-connect is `npx --no-install fivex-connect`):',
      '  fivex-connect tenant add "Demo client"',
      '  fivex-connect connect "Demo client" demo          # approve (or decline) in the browser',
      '  fivex-connect connections',
      `  curl -X POST ${demo.url}/demo/revoke-all          # the seller removes the app: next refresh needs consent`,
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );
  // The vault stays open only as long as needed: close it now, serve until interrupted.
  await waitForInterrupt();
  await demo.close();
}
