// Pure vault-screen transitions and the new-passphrase rule, without React.
import { describe, expect, it } from 'vitest';
import type { VaultStatus } from '../../preload/contract';
import { LOADING, checkNewPassphrase, vaultBusy, vaultFailed, viewFromStatus } from '../../renderer/src/state/vault-model';

const keychain = { available: true, backend: 'gnome_libsecret', secure: true };
const missing: VaultStatus = { state: 'missing', dir: '/v', keychain, minPassphraseLength: 8 };
const locked: VaultStatus = { state: 'locked', dir: '/v', keychain, keychainProblem: 'keychain_changed', minPassphraseLength: 8 };
const unlocked: VaultStatus = { state: 'unlocked', dir: '/v', keychain, unlockedWith: 'keychain', insecureKeychainAccepted: false };
const wrong = { code: 'wrong_passphrase', message: 'no' } as const;

describe('vault view', () => {
  it('maps each status to its screen', () => {
    expect(viewFromStatus(missing)).toEqual({ kind: 'first_run', status: missing, busy: false, error: null });
    expect(viewFromStatus(locked)).toEqual({ kind: 'locked', status: locked, busy: false, error: null });
    expect(viewFromStatus(unlocked)).toEqual({ kind: 'unlocked', status: unlocked });
  });

  it('goes busy on submit, clearing the previous error, and back with the new error on failure', () => {
    const failed = vaultFailed(vaultBusy(viewFromStatus(locked)), wrong);
    expect(failed).toEqual({ kind: 'locked', status: locked, busy: false, error: wrong });
    expect(vaultBusy(failed)).toEqual({ kind: 'locked', status: locked, busy: true, error: null });
  });

  it('leaves loading and unlocked views alone when busy, and makes a failed first read unreachable', () => {
    expect(vaultBusy(LOADING)).toBe(LOADING);
    const view = viewFromStatus(unlocked);
    expect(vaultBusy(view)).toBe(view);
    expect(vaultFailed(view, wrong)).toBe(view);
    expect(vaultFailed(LOADING, { code: 'internal', message: 'x' })).toEqual({ kind: 'unreachable', error: { code: 'internal', message: 'x' } });
  });
});

describe('new passphrase rule', () => {
  it('needs the minimum length in characters as people count them', () => {
    expect(checkNewPassphrase('short', 'short', 8)).toBe('too_short');
    expect(checkNewPassphrase('🔑🔑🔑🔑🔑🔑🔑', '🔑🔑🔑🔑🔑🔑🔑', 8)).toBe('too_short');
    expect(checkNewPassphrase('🔑🔑🔑🔑🔑🔑🔑🔑', '🔑🔑🔑🔑🔑🔑🔑🔑', 8)).toBeNull();
  });

  it('needs the confirmation to match', () => {
    expect(checkNewPassphrase('correct horse', 'correct horsE', 8)).toBe('mismatch');
    expect(checkNewPassphrase('correct horse', 'correct horse', 8)).toBeNull();
  });
});
