// The IPC argument validator and the per-channel schemas: every rule rejects with a message that
// names the path and the rule, and never the value.
import { describe, expect, it } from 'vitest';
import { ARG_SCHEMAS, isInvokeChannel } from '../../main/desktop/schemas';
import { ValidationError, args, boolean, nullable, object, string } from '../../main/desktop/validate';
import { INVOKE_CHANNELS } from '../../preload/contract';

function rejection(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.message;
    throw err;
  }
  throw new Error('expected a ValidationError');
}

describe('validator', () => {
  const schema = args(object({ name: string({ min: 1, max: 5, trim: true }), ok: boolean(), region: nullable(string({ max: 3, pattern: /^[a-z]+$/, patternHint: 'lower-case letters only' })) }));

  it('accepts and normalises a valid argument list', () => {
    expect(schema.parse([{ name: ' ab ', ok: true, region: null }], 'args')).toEqual([{ name: 'ab', ok: true, region: null }]);
  });

  it.each([
    [[], 'args: expected 1 argument, got 0'],
    [[{ name: 'a', ok: true, region: null }, 2], 'args: expected 1 argument, got 2'],
    [{ 0: {} }, 'args: expected an argument list, got an object'],
    [[null], 'args[0]: expected an object, got null'],
    [[['a']], 'args[0]: expected an object, got an array'],
    [[{ ok: true, region: null }], 'args[0].name: is required'],
    [[{ name: 'a', ok: true, region: null, extra: 1 }], 'args[0].extra: is not a known field'],
    [[{ name: 'toolong', ok: true, region: null }], 'args[0].name: must have at most 5 characters'],
    [[{ name: '  ', ok: true, region: null }], 'args[0].name: must not be empty'],
    [[{ name: 'a\nb', ok: true, region: null }], 'args[0].name: must not contain control characters'],
    [[{ name: 7, ok: true, region: null }], 'args[0].name: expected a string, got a number'],
    [[{ name: 'a', ok: 'true', region: null }], 'args[0].ok: expected true or false, got a string'],
    [[{ name: 'a', ok: true, region: 'EU' }], 'args[0].region: lower-case letters only'],
    [[{ name: 'a', ok: true }], 'args[0].region: is required'],
  ])('rejects %j with "%s"', (input, message) => {
    expect(rejection(() => schema.parse(input, 'args'))).toBe(message);
  });

  it('rejects objects that are not plain (class instances, prototype tricks)', () => {
    class Sneaky {
      name = 'a';
    }
    expect(rejection(() => object({ name: string({ max: 5 }) }).parse(new Sneaky(), 'x'))).toBe('x: expected a plain object');
    const polluted = JSON.parse('{"__proto__": {"admin": true}, "name": "a"}') as unknown;
    expect(rejection(() => object({ name: string({ max: 5 }) }).parse(polluted, 'x'))).toBe('x.__proto__: is not a known field');
  });

  it('never echoes the rejected value', () => {
    const secret = 'hunter2-SECRET';
    const message = rejection(() => object({ p: string({ max: 4 }) }).parse({ p: secret }, 'args'));
    expect(message).not.toContain(secret);
  });
});

describe('channel schemas', () => {
  it('cover exactly the contract channels', () => {
    expect(Object.keys(ARG_SCHEMAS).sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(isInvokeChannel('tenants:add')).toBe(true);
    expect(isInvokeChannel('constructor')).toBe(false);
    expect(isInvokeChannel('__proto__')).toBe(false);
  });

  it('accept well-formed arguments for each channel', () => {
    const tenantId = `ten_${'a'.repeat(32)}`;
    expect(ARG_SCHEMAS['vault:create'].parse([{ passphrase: 'tab\tand ünïcode', acceptInsecureKeychain: false }], 'args')).toEqual([
      { passphrase: 'tab\tand ünïcode', acceptInsecureKeychain: false },
    ]);
    expect(ARG_SCHEMAS['consent:start'].parse([{ tenantId, connectorId: 'amazon-sp-api', region: 'eu-west' }], 'args')).toHaveLength(1);
    expect(ARG_SCHEMAS['connections:list'].parse([{ tenantId }], 'args')).toEqual([{ tenantId }]);
  });

  it('reject malformed ids, oversize passphrases and connector ids outside the charset', () => {
    expect(rejection(() => ARG_SCHEMAS['connections:list'].parse([{ tenantId: 'ten_xyz' }], 'args'))).toBe('args[0].tenantId: must be an id like ten_0123…');
    expect(rejection(() => ARG_SCHEMAS['vault:unlock'].parse([{ passphrase: 'x'.repeat(1025), rememberOnThisDevice: false, acceptInsecureKeychain: false }], 'args'))).toBe(
      'args[0].passphrase: must have at most 1024 characters',
    );
    expect(
      rejection(() => ARG_SCHEMAS['consent:start'].parse([{ tenantId: `ten_${'a'.repeat(32)}`, connectorId: '../etc', region: null }], 'args')),
    ).toBe('args[0].connectorId: must be a connector id (a-z, 0-9, . _ -)');
  });
});
