// Where a value sits in a JSON text, as line and column, so an error about a field of a connector
// file can point at it in the editor. Runs only on text JSON.parse already accepted: a small scan
// that walks the same structure and notes where each path's key and value start (the last
// occurrence wins for a repeated key, as in JSON.parse).

export type JsonPath = ReadonlyArray<string | number>;

export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

interface Spot {
  readonly key: number;
  readonly value: number;
}

export function positionAt(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * The position of `path` in `text`: the value's start, or with `at: 'key'` the key's (an unknown
 * field), or the nearest enclosing value found when the path is not there (a missing field).
 */
export function locateJsonPath(text: string, path: JsonPath, at: 'key' | 'value' = 'value'): TextPosition {
  const spots = new Map<string, Spot>();
  let i = 0;
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const skipString = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (prefix: string, keyAt: number): void => {
    ws();
    spots.set(prefix, { key: keyAt, value: i });
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      while (text[i] !== '}' && i < text.length) {
        ws();
        const keyStart = i;
        const key = skipString();
        ws();
        i++; // :
        value(`${prefix}\u0000${key}`, keyStart);
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (c === '[') {
      i++;
      ws();
      let index = 0;
      while (text[i] !== ']' && i < text.length) {
        value(`${prefix}\u0000${index}`, i);
        index++;
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
    } else if (c === '"') {
      skipString();
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    }
  };
  value('', 0);
  for (let depth = path.length; depth >= 0; depth--) {
    const spot = spots.get(path.slice(0, depth).map((p) => `\u0000${String(p)}`).join(''));
    if (spot !== undefined) return positionAt(text, depth === path.length && at === 'key' ? spot.key : spot.value);
  }
  return { line: 1, column: 1 };
}
