// Reads a custom connector file (docs/cli-contract.md "Custom connector file") into a full
// generic OAuth 2.0 definition. The format is one valibot schema (file-schema.ts); this module
// turns its first complaint into a message that names the file, the field, and the line and
// column of that field in the file, then builds the definition from the parsed value.
import * as v from 'valibot';
import type { ConnectorDefinition } from '../types';
import { buildGenericConnector, DEFAULT_MAX_CONCURRENT_REFRESHES } from './definition';
import { ConnectorFileSchema, FILE_FIELDS, PROBE_FIELDS } from './file-schema';
import type { ConnectorFile } from './file-schema';
import { locateJsonPath, positionAt } from './json-position';
import { publicClientPkceProblem } from './public-client';
import type { JsonPath, TextPosition } from './json-position';

export class ConnectorFileError extends Error {
  constructor(
    readonly fileName: string,
    /** The field at fault (`probe.url`, `scopes[0]`), or null when the file as a whole is (not JSON, not an object). */
    readonly field: string | null,
    message: string,
    /** Where in the file, when it is JSON. */
    readonly position: TextPosition | null = null,
  ) {
    super(message);
    this.name = 'ConnectorFileError';
  }
}

const MAX_FILE_CHARS = 64 * 1024;

export function parseConnectorFile(text: string, fileName: string): ConnectorDefinition {
  const file = readConnectorFile(text, fileName);
  return buildGenericConnector({
    id: file.id,
    name: file.name,
    source: `custom connector file ${fileName}`,
    endpoints: {
      authorize: file.authorizationEndpoint,
      token: file.tokenEndpoint,
      ...(file.revocationEndpoint === undefined ? {} : { revoke: file.revocationEndpoint }),
      ...(file.probe === undefined ? {} : { probe: file.probe.url }),
    },
    probe: file.probe === undefined ? null : { method: file.probe.method },
    revocation: file.revocationEndpoint !== undefined,
    scopes: file.scopes,
    pkce: file.pkce === 'S256' ? 'required' : 'none',
    clientAuth: file.clientAuth,
    maxConcurrentRefreshes: file.maxConcurrentRefreshes ?? DEFAULT_MAX_CONCURRENT_REFRESHES,
    consentValidityDays: file.consentValidityDays ?? null,
    ...(file.authorizeParams === undefined ? {} : { authorizeParams: file.authorizeParams }),
  });
}

/** The file checked against the schema; throws ConnectorFileError naming the file, field and place. */
function readConnectorFile(text: string, fileName: string): ConnectorFile {
  const whole = (message: string): never => {
    throw new ConnectorFileError(fileName, null, `${fileName} ${message}`);
  };
  if (text.length > MAX_FILE_CHARS) whole(`is larger than ${MAX_FILE_CHARS / 1024} KB; a connector file is a small JSON object`);
  const doc = parseJson(text, whole);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return whole('must contain one JSON object, like {"id": "acme-market", "name": "Acme Market", ...}');
  }
  // One complaint per field: a later rule of a field assumes the earlier ones held.
  const parsed = v.safeParse(ConnectorFileSchema, doc, { abortPipeEarly: true });
  if (parsed.success) {
    // Across fields: a public client without PKCE (public-client.ts says why).
    const pkceProblem = publicClientPkceProblem(parsed.output.clientAuth, parsed.output.pkce);
    if (pkceProblem !== null) fieldError(text, fileName, ['pkce'], pkceProblem);
    return parsed.output;
  }
  // A misspelt field explains the "missing" one next to it: say that first.
  const issue = parsed.issues.find((i) => i.expected === 'never') ?? parsed.issues[0];
  const path = pathOf(issue);
  return fieldError(text, fileName, path, issueText(issue, path), issue.expected === 'never' ? 'key' : 'value');
}

/** A refusal of one field (checks across fields use it too), pointing at it in the file. */
function fieldError(text: string, fileName: string, path: JsonPath, message: string, at: 'key' | 'value' = 'value'): never {
  const field = fieldName(path);
  const position = locateJsonPath(text, path, at);
  throw new ConnectorFileError(fileName, field, `${fileName}: "${field}" ${message} (line ${position.line}, column ${position.column})`, position);
}

function pathOf(issue: v.BaseIssue<unknown>): JsonPath {
  return (issue.path ?? []).map((item) => item.key as string | number);
}

/** `probe.url`, `scopes[0]`, `authorizeParams.prompt`. */
function fieldName(path: JsonPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function issueText(issue: v.BaseIssue<unknown>, path: JsonPath): string {
  if (issue.expected === 'never') {
    const known: ReadonlyArray<string> = path.length > 1 && path[0] === 'probe' ? PROBE_FIELDS : FILE_FIELDS;
    const prefix = path.length > 1 ? `${String(path[0])}.` : '';
    const key = String(path.at(-1));
    const near = known.find((k) => closeEnough(k, key));
    return `is not a known field${near ? ` (did you mean "${prefix}${near}"?)` : ''}; the fields are ${known.join(', ')}`;
  }
  if (issue.kind === 'schema' && issue.received === 'undefined' && issue.type === 'strict_object') return 'is missing';
  return issue.message;
}

function parseJson(text: string, fail: (message: string) => never): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(raw);
    if (pos) {
      const offset = Number(pos[1]);
      const { line, column } = positionAt(text, offset);
      return fail(`is not valid JSON: ${raw.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column} (position ${offset}); fix the file and add it again`);
    }
    return fail(`is not valid JSON (${raw}); fix the file and add it again`);
  }
}

/** One edit apart, or the same ignoring case: enough to catch typos like "tokenEndpiont". */
function closeEnough(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  if (Math.abs(a.length - b.length) > 2) return false;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      // A swap of two neighbours counts as one edit.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]! <= 2;
}
