// The built `fivex-connect` binary in a child process with live output, for `connect` runs whose
// consent must reach a real listener in another process (the loopback receiver), exactly as a
// user's terminal runs it. Same LiveCli shape as startCli in ./cli (needs `npx electron-vite build`).
//
//   const live = startCliProcess(['--vault', dir, '--json', 'connect', 'Acme', 'demo', '--no-browser']);
//   const authorize = await live.waitForEvent((e) => e.event === 'authorize');
//   live.write('pasted line\n'); live.endInput();
//   const run = await live.done;   // {code, stdout, stderr, json()}
import { spawn } from 'node:child_process';
import { CLI_BIN, REPO_ROOT, TEST_PASSPHRASE } from './cli';
import type { CliRun, LiveCli } from './cli';

function finished(code: number, stdout: string, stderr: string): CliRun {
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

export function startCliProcess(args: ReadonlyArray<string>, opts: { env?: NodeJS.ProcessEnv } = {}): LiveCli {
  const child = spawn(process.execPath, [CLI_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, FIVEX_VAULT_PASSPHRASE: TEST_PASSPHRASE, ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let partial = '';
  const events: Array<Record<string, unknown>> = [];
  const waiters: Array<{ predicate: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void }> = [];
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    partial += d.toString();
    let nl: number;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      let event: Record<string, unknown>;
      try {
        event = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      events.push(event);
      for (const w of [...waiters]) {
        if (w.predicate(event)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(event);
        }
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(finished(code ?? -1, stdout, stderr)));
  });
  return {
    waitForEvent<T>(predicate: (e: Record<string, unknown>) => boolean, timeoutMs = 20_000): Promise<T> {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen as T);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; stdout:\n${stdout}\nstderr:\n${stderr}`)), timeoutMs);
        waiters.push({
          predicate,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e as T);
          },
        });
        void done.then(() => {
          clearTimeout(timer);
          setTimeout(() => reject(new Error(`the command ended without the event; stdout:\n${stdout}\nstderr:\n${stderr}`)), 10);
        });
      });
    },
    write: (text) => void child.stdin.write(text),
    endInput: () => void child.stdin.end(),
    done,
  };
}
