// How an audit export is written: JSON (the contract's array, or with `withHead` an envelope
// `{"head":{...},"events":[...]}`) and CSV with a header row (spreadsheet-safe cells). The chain
// head never goes inside a CSV file (a trailing comment line breaks CSV parsers): it goes to a
// `.head.json` file beside it. Both produce chunks, so a million events stream out.
import type { AuditEvent, AuditExportHead } from './types';

export type AuditExportFormat = 'json' | 'csv';

const CSV_COLUMNS = ['id', 'at', 'actor', 'tenant', 'connection', 'action', 'outcome', 'detail'] as const;
const CHUNK_EVENTS = 1000;

function csvCell(value: string): string {
  // Quote everything that could break a row or be read as a formula by a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvRow(e: AuditEvent): string {
  return CSV_COLUMNS.map((c) => csvCell(c === 'detail' ? JSON.stringify(e.detail) : c === 'id' ? String(e.id) : (e[c] ?? ''))).join(',');
}

function* batched(lines: Iterable<string>, separator: string): Generator<string> {
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length === CHUNK_EVENTS) {
      yield batch.join(separator);
      batch = [];
    }
  }
  if (batch.length > 0) yield batch.join(separator);
}

function* map<A, B>(items: Iterable<A>, fn: (a: A) => B): Generator<B> {
  for (const item of items) yield fn(item);
}

export function* csvChunks(events: Iterable<AuditEvent>): Generator<string> {
  yield `${CSV_COLUMNS.join(',')}\n`;
  for (const chunk of batched(map(events, csvRow), '\n')) yield `${chunk}\n`;
}

export function* jsonChunks(events: Iterable<AuditEvent>, head?: AuditExportHead): Generator<string> {
  // Pretty-printed like the other exports; each event indented as one element of the array.
  const indent = head === undefined ? '  ' : '    ';
  const element = (e: AuditEvent): string => indent + JSON.stringify(e, null, 2).replace(/\n/g, `\n${indent}`);
  yield head === undefined ? '[' : `{\n  "head": ${JSON.stringify(head)},\n  "events": [`;
  let any = false;
  for (const chunk of batched(map(events, element), ',\n')) {
    yield `${any ? ',' : ''}\n${chunk}`;
    any = true;
  }
  const close = any ? `\n${head === undefined ? '' : '  '}]` : ']';
  yield head === undefined ? `${close}\n` : `${close}\n}\n`;
}

export function exportChunks(format: AuditExportFormat, events: Iterable<AuditEvent>, withHead?: AuditExportHead): Iterable<string> {
  return format === 'csv' ? csvChunks(events) : jsonChunks(events, withHead);
}

/** Beside `--out FILE`: FILE.head.json. */
export function headFileFor(out: string): string {
  return `${out}.head.json`;
}

export function headDocument(head: AuditExportHead, format: AuditExportFormat, file: string): string {
  return `${JSON.stringify({ format, file, ...head }, null, 2)}\n`;
}
