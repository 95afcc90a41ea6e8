// Secrets reach the CLI only through env vars, stdin or a prompt without echo — never argv.
import { CliError } from './errors';
import type { Io } from './output';

/** Reads one line from a TTY without echoing it. */
export function promptHidden(io: Io, question: string): Promise<string> {
  const input = io.stdin as NodeJS.ReadStream;
  return new Promise((resolve, reject) => {
    io.stderr.write(question);
    const wasRaw = input.isRaw;
    input.setRawMode?.(true);
    input.resume();
    input.setEncoding('utf8');
    let value = '';
    const done = (err?: Error): void => {
      input.setRawMode?.(wasRaw);
      input.pause();
      input.removeListener('data', onData);
      io.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('cancelled', 'cancelled at the prompt'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}

/** The vault passphrase: FIVEX_VAULT_PASSPHRASE, else a prompt on a terminal. */
export async function readVaultPassphrase(io: Io, opts: { confirm?: boolean } = {}): Promise<string> {
  const fromEnv = io.env.FIVEX_VAULT_PASSPHRASE;
  if (fromEnv !== undefined && fromEnv.length > 0) return fromEnv;
  if (!io.isTTY) {
    throw new CliError('passphrase_required', 'the vault passphrase is needed: set FIVEX_VAULT_PASSPHRASE or run the command in a terminal to be asked');
  }
  const first = await promptHidden(io, 'Vault passphrase: ');
  if (opts.confirm) {
    const again = await promptHidden(io, 'Repeat the passphrase: ');
    if (again !== first) throw new CliError('passphrase_mismatch', 'the two passphrases differ; run the command again');
  }
  return first;
}

/** A secret from the env var a flag names (e.g. --client-secret-env VAR). */
export function readSecretFromEnv(io: Io, variable: string, what: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
    throw new CliError('usage', `"${variable}" is not an environment variable name; pass the NAME of the variable that holds the ${what}`, 2);
  }
  const value = io.env[variable];
  if (value === undefined || value.length === 0) {
    throw new CliError('secret_missing', `environment variable ${variable} is not set or empty; export the ${what} in it and try again`);
  }
  return value;
}

/** Reads all of stdin (for `import -` and pasted completion codes). */
export async function readAllStdin(io: Io): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk));
  return Buffer.concat(chunks).toString('utf8');
}
