// Runs the CLI the way a script would, either in-process (fast, same code path as the binary's
// `main`) or as the real built binary in a child process (`node bin/fivex-connect.js`).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { main } from '../../main/cli/index';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as one JSON document (throws with the output when it is not). */
  json<T = unknown>(): T;
}

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const CLI_BIN = join(REPO_ROOT, 'bin', 'fivex-connect.js');
export const CLI_BUILT = existsSync(join(REPO_ROOT, 'out', 'main', 'cli.js'));
export const TEST_PASSPHRASE = 'correct horse battery staple';

function result(code: number, stdout: string, stderr: string): CliRun {
  return {
    code,
    stdout,
    stderr,
    json<T>() {
      try {
        return JSON.parse(stdout) as T;
      } catch {
        throw new Error(`stdout is not one JSON document (exit ${code}):\n${stdout}\nstderr:\n${stderr}`);
      }
    },
  };
}

/** In-process: the same `main(argv, io)` the binary runs. */
export async function runCli(args: ReadonlyArray<string>, opts: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        append(chunk.toString());
        cb();
      },
    });
  const stdin = opts.stdin === undefined ? new PassThrough() : Readable.from([opts.stdin]);
  if (opts.stdin === undefined) (stdin as PassThrough).end();
  const code = await main(args, {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    stdin,
    env: { FIVEX_VAULT_PASSPHRASE: TEST_PASSPHRASE, ...opts.env },
    isTTY: false,
  });
  return result(code, stdout, stderr);
}

/** Child process: the real `fivex-connect` binary (needs `npm run build`). */
export function runCliProcess(args: ReadonlyArray<string>, opts: { env?: NodeJS.ProcessEnv; stdin?: string } = {}): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, FIVEX_VAULT_PASSPHRASE: TEST_PASSPHRASE, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise(result(code ?? -1, stdout, stderr)));
    child.stdin.end(opts.stdin ?? '');
  });
}

/** A fresh temporary folder, removed by the returned cleanup. */
export function tempDir(prefix = 'fivex-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface LiveCli {
  /** Resolves with the first stdout line (parsed as JSON) that matches. */
  waitForEvent<T = Record<string, unknown>>(predicate: (event: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<T>;
  /** Writes to the command's standard input. */
  write(text: string): void;
  endInput(): void;
  /** The finished run. */
  readonly done: Promise<CliRun>;
}

/** In-process with live output: for `connect`, whose events arrive while it waits on consent. */
export function startCli(args: ReadonlyArray<string>, opts: { env?: NodeJS.ProcessEnv } = {}): LiveCli {
  let stdout = '';
  let stderr = '';
  const waiters: Array<{ predicate: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void }> = [];
  const events: Array<Record<string, unknown>> = [];
  let partial = '';
  const onLine = (line: string): void => {
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    events.push(event);
    for (const w of [...waiters]) {
      if (w.predicate(event)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(event);
      }
    }
  };
  const stdin = new PassThrough();
  const done = main(args, {
    stdout: new Writable({
      write(chunk: Buffer, _e, cb) {
        const s = chunk.toString();
        stdout += s;
        partial += s;
        let nl: number;
        while ((nl = partial.indexOf('\n')) >= 0) {
          onLine(partial.slice(0, nl));
          partial = partial.slice(nl + 1);
        }
        cb();
      },
    }),
    stderr: new Writable({
      write(chunk: Buffer, _e, cb) {
        stderr += chunk.toString();
        cb();
      },
    }),
    stdin,
    env: { FIVEX_VAULT_PASSPHRASE: TEST_PASSPHRASE, ...opts.env },
    isTTY: false,
  }).then((code) => result(code, stdout, stderr));
  return {
    waitForEvent<T>(predicate: (e: Record<string, unknown>) => boolean, timeoutMs = 20_000): Promise<T> {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen as T);
      return new Promise<T>((resolvePromise, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; stdout:\n${stdout}\nstderr:\n${stderr}`)), timeoutMs);
        waiters.push({
          predicate,
          resolve: (e) => {
            clearTimeout(timer);
            resolvePromise(e as T);
          },
        });
        void done.then(() => {
          // The command ended without the event.
          setTimeout(() => reject(new Error(`the command ended without the event; stdout:\n${stdout}\nstderr:\n${stderr}`)), 10);
        });
      });
    },
    write: (text) => stdin.write(text),
    endInput: () => stdin.end(),
    done,
  };
}
