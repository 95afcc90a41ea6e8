// One domain error type: every layer's failure is a DomainError with a stable code, and the
// desktop maps it to the contract in one place (main/desktop/errors.ts).
import { describe, expect, it } from 'vitest';
import { ConnectError } from '../../main/connect/types';
import { InvalidArgsError, DesktopError, toApiError } from '../../main/desktop/errors';
import { DomainError } from '../../main/errors';
import { ConfigError } from '../../main/oauth/resolve';
import { EngineError } from '../../main/refresh/errors';
import { VaultError } from '../../main/vault/types';
import { CliError } from '../../main/cli/errors';

describe('DomainError', () => {
  it('is the one base of every layer error, each with its code', () => {
    const errors: ReadonlyArray<[DomainError, string]> = [
      [new VaultError('wrong_passphrase', 'wrong'), 'wrong_passphrase'],
      [new EngineError('paused', 'paused'), 'paused'],
      [new ConnectError('no_app_registration', 'none'), 'no_app_registration'],
      [new ConfigError('bad'), 'config_error'],
      [new InvalidArgsError('bad field'), 'invalid_args'],
      [new DesktopError('forbidden', 'no'), 'forbidden'],
      [new CliError('usage', 'no', 2), 'usage'],
    ];
    for (const [err, code] of errors) {
      expect(err).toBeInstanceOf(DomainError);
      expect(err.code).toBe(code);
    }
  });

  it('joins message and hint for one line', () => {
    expect(new DomainError('x', 'It failed', { hint: 'do this' }).fullMessage).toBe('It failed; do this');
    expect(new DomainError('x', 'It failed').fullMessage).toBe('It failed');
  });
});

describe('toApiError', () => {
  const lines: string[] = [];
  const map = (err: unknown, channel = 'connections:pause') => toApiError(err, channel, (l) => lines.push(l));

  it('keeps a code the contract knows, with the message and the hint', () => {
    expect(map(new VaultError('wrong_passphrase', 'Wrong passphrase.'))).toEqual({ code: 'wrong_passphrase', message: 'Wrong passphrase.' });
    expect(map(new DomainError('forbidden', 'Support may not revoke.', { hint: 'ask an admin' }))).toEqual({ code: 'forbidden', message: 'Support may not revoke.', hint: 'ask an admin' });
    expect(map(new InvalidArgsError('tenantId: expected a string'))).toEqual({ code: 'invalid_args', message: 'tenantId: expected a string' });
  });

  it('turns a missing or deleted connection into unknown_connection', () => {
    expect(map(new EngineError('not_found', 'no such id')).code).toBe('unknown_connection');
    expect(map(new EngineError('deleted', 'deleted')).code).toBe('unknown_connection');
  });

  it('turns other domain codes into a refusal of the action that says why', () => {
    expect(map(new EngineError('paused', 'It is paused; resume it first.'), 'connections:refresh')).toEqual({ code: 'refresh_refused', message: 'It is paused; resume it first.' });
    expect(map(new EngineError('disconnected', 'It was revoked.'))).toEqual({ code: 'action_refused', message: 'It was revoked.' });
    expect(map(new ConfigError('The shop setting is missing.'))).toEqual({ code: 'action_refused', message: 'The shop setting is missing.' });
  });

  it('hides anything else behind internal and logs it redacted', () => {
    lines.length = 0;
    const reply = map(new TypeError('fetch https://x.test/cb?code=SECRETCODE failed'));
    expect(reply).toEqual({ code: 'internal', message: 'Something went wrong in FiveX Connect; the details are in its log.' });
    expect(lines.join('\n')).toContain('TypeError');
    expect(lines.join('\n')).not.toContain('SECRETCODE');
  });
});
