// Output for people or scripts: with --json exactly one JSON document on stdout (or one object per
// line for event streams), otherwise short text. Errors go to stderr as one line.
import type { Writable } from 'node:stream';

export interface Io {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly isTTY: boolean;
}

export class Output {
  constructor(
    readonly json: boolean,
    private readonly io: Io,
  ) {}

  /** The command's one result: JSON as is, or the text rendering for people. */
  result(value: unknown, text: () => string): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    else {
      const t = text();
      if (t.length > 0) this.io.stdout.write(t.endsWith('\n') ? t : `${t}\n`);
    }
  }

  /** One event of a stream (connect/reconnect): one JSON object per line. */
  event(value: Record<string, unknown>, text: () => string): void {
    if (this.json) this.io.stdout.write(`${JSON.stringify(value)}\n`);
    else this.io.stdout.write(`${text()}\n`);
  }

  /** Notes for the person at the terminal: always on stderr, so stdout stays the JSON document. */
  info(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  error(code: string, message: string, document?: unknown): void {
    this.io.stderr.write(`fivex-connect: ${message}\n`);
    // document null: the command already printed its JSON (e.g. a `failed` event).
    if (this.json && document !== null) this.io.stdout.write(`${JSON.stringify(document ?? { error: code, message }, null, 2)}\n`);
  }
}

/** Column-aligned text table for people. */
export function table(rows: ReadonlyArray<ReadonlyArray<string>>, header: ReadonlyArray<string>): string {
  if (rows.length === 0) return '';
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}
