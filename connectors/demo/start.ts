// Runs the demo marketplace from a terminal: `npx tsx connectors/demo/start.ts [--port 4680]`.
// Prints the base URL and the one `app set` command the demo connector needs.
import { startDemoMarketplace } from './server';

const DEFAULT_PORT = 4680;

const args = process.argv.slice(2);
const portArg = args[args.indexOf('--port') + 1];
const port = args.includes('--port') ? Number(portArg) : DEFAULT_PORT;
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error('--port takes a port number from 0 to 65535 (0 picks a free one)');
  process.exit(2);
}

startDemoMarketplace({ port }).then(
  (demo) => {
    console.log(`Demo marketplace listening on ${demo.url}`);
    console.log(`Configure it with: fivex-connect app set demo --client-id ${demo.clientId} --param baseUrl=${demo.url}`);
    const stop = (): void => void demo.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code;
    console.error(code === 'EADDRINUSE' ? `port ${port} is in use; pass --port N (or --port 0 for a free one)` : `could not start the demo marketplace: ${String(err)}`);
    process.exit(1);
  },
);
