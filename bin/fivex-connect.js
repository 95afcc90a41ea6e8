#!/usr/bin/env node
// The `fivex-connect` command: runs the built CLI (out/main/cli.js) on plain Node.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('fivex-connect: the CLI is not built yet. Run `npm run build` in the repository root, then try again.\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
