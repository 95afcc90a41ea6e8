// The vault screen as a discriminated union and its transitions as pure functions (tested
// without React): loading → first run / locked / unlocked, busy while a request runs, and the
// error of the last attempt. Also the new-passphrase rule the first-run form applies.
import type { ApiError, VaultStatus } from '../../../preload/contract';
import { assertNever } from './assert-never';

type StatusOf<S extends VaultStatus['state']> = Extract<VaultStatus, { state: S }>;

export type VaultView =
  | { readonly kind: 'loading' }
  | { readonly kind: 'first_run'; readonly status: StatusOf<'missing'>; readonly busy: boolean; readonly error: ApiError | null }
  | { readonly kind: 'locked'; readonly status: StatusOf<'locked'>; readonly busy: boolean; readonly error: ApiError | null }
  | { readonly kind: 'unlocked'; readonly status: StatusOf<'unlocked'> }
  | { readonly kind: 'unreachable'; readonly error: ApiError };

export const LOADING: VaultView = { kind: 'loading' };

export function viewFromStatus(status: VaultStatus): VaultView {
  switch (status.state) {
    case 'missing':
      return { kind: 'first_run', status, busy: false, error: null };
    case 'locked':
      return { kind: 'locked', status, busy: false, error: null };
    case 'unlocked':
      return { kind: 'unlocked', status };
    default:
      return assertNever(status);
  }
}

/** A form was submitted: only the first-run and unlock screens can be busy. */
export function vaultBusy(view: VaultView): VaultView {
  switch (view.kind) {
    case 'first_run':
    case 'locked':
      return { ...view, busy: true, error: null };
    case 'loading':
    case 'unlocked':
    case 'unreachable':
      return view;
    default:
      return assertNever(view);
  }
}

/** A request failed: keep the screen, show why. Reading the status itself failing is unreachable. */
export function vaultFailed(view: VaultView, error: ApiError): VaultView {
  switch (view.kind) {
    case 'first_run':
    case 'locked':
      return { ...view, busy: false, error };
    case 'loading':
    case 'unreachable':
      return { kind: 'unreachable', error };
    case 'unlocked':
      return view;
    default:
      return assertNever(view);
  }
}

export type PassphraseProblem = 'too_short' | 'mismatch';

/** Counts characters as people see them (code points), like the vault's own check. */
export function checkNewPassphrase(passphrase: string, confirmation: string, minLength: number): PassphraseProblem | null {
  if ([...passphrase.normalize('NFC')].length < minLength) return 'too_short';
  if (passphrase !== confirmation) return 'mismatch';
  return null;
}
