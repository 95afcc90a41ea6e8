// A tiny schema validator for IPC arguments (no dependency): strings with bounds and charset,
// booleans, nullables, strict objects (unknown keys rejected) and argument tuples. Errors name
// the path and the rule, never the value, so a passphrase can never end up in a message or log.

export class ValidationError extends Error {
  constructor(
    readonly path: string,
    readonly rule: string,
  ) {
    super(`${path}: ${rule}`);
    this.name = 'ValidationError';
  }
}

export interface Schema<T> {
  /** Returns the value (possibly normalised, e.g. trimmed) or throws ValidationError. */
  parse(value: unknown, path: string): T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export interface StringRules {
  readonly min?: number;
  readonly max: number;
  /** Whole-string pattern the value must match; `patternHint` explains it in errors. */
  readonly pattern?: RegExp;
  readonly patternHint?: string;
  readonly trim?: boolean;
  /** Reject C0/C1 control characters (default true). */
  readonly noControl?: boolean;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function string(rules: StringRules): Schema<string> {
  return {
    parse(value, path) {
      if (typeof value !== 'string') throw new ValidationError(path, `expected a string, got ${describe(value)}`);
      const text = rules.trim === true ? value.trim() : value;
      const min = rules.min ?? 0;
      if (text.length < min) throw new ValidationError(path, min === 1 ? 'must not be empty' : `must have at least ${min} characters`);
      if (text.length > rules.max) throw new ValidationError(path, `must have at most ${rules.max} characters`);
      if (rules.noControl !== false && CONTROL.test(text)) throw new ValidationError(path, 'must not contain control characters');
      if (rules.pattern !== undefined && !rules.pattern.test(text)) {
        throw new ValidationError(path, rules.patternHint ?? `must match ${String(rules.pattern)}`);
      }
      return text;
    },
  };
}

export function boolean(): Schema<boolean> {
  return {
    parse(value, path) {
      if (typeof value !== 'boolean') throw new ValidationError(path, `expected true or false, got ${describe(value)}`);
      return value;
    },
  };
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return {
    parse(value, path) {
      return value === null ? null : inner.parse(value, path);
    },
  };
}

type Shape = Readonly<Record<string, Schema<unknown>>>;
type ObjectOf<S extends Shape> = { readonly [K in keyof S]: Infer<S[K]> };

/** Exactly these keys, each required (use nullable() for optional values): no extra keys. */
export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  return {
    parse(value, path) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new ValidationError(path, `expected an object, got ${describe(value)}`);
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new ValidationError(path, 'expected a plain object');
      const input = value as Record<string, unknown>;
      for (const key of Object.keys(input)) {
        if (!Object.hasOwn(shape, key)) throw new ValidationError(`${path}.${key}`, 'is not a known field');
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(shape)) {
        if (!Object.hasOwn(input, key)) throw new ValidationError(`${path}.${key}`, 'is required');
        out[key] = (shape[key] as Schema<unknown>).parse(input[key], `${path}.${key}`);
      }
      return out as ObjectOf<S>;
    },
  };
}

type TupleOf<S extends ReadonlyArray<Schema<unknown>>> = { [K in keyof S]: Infer<S[K]> };

/** The argument list of a channel: exactly this many arguments. */
export function args<S extends ReadonlyArray<Schema<unknown>>>(...schemas: S): Schema<TupleOf<S>> {
  return {
    parse(value, path) {
      if (!Array.isArray(value)) throw new ValidationError(path, `expected an argument list, got ${describe(value)}`);
      if (value.length !== schemas.length) {
        throw new ValidationError(path, `expected ${schemas.length} argument${schemas.length === 1 ? '' : 's'}, got ${value.length}`);
      }
      return schemas.map((schema, i) => schema.parse(value[i], `${path}[${i}]`)) as TupleOf<S>;
    },
  };
}
