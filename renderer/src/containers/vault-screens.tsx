// Containers for the two vault screens: read the vault store, hand its actions to the forms.
import { CreateVaultForm } from '../components/create-vault-form';
import { UnlockForm } from '../components/unlock-form';
import { useVault } from '../state/stores-context';
import type { VaultView } from '../state/vault-model';

export function FirstRunScreen(props: { readonly view: Extract<VaultView, { kind: 'first_run' }> }) {
  const create = useVault((s) => s.actions.create);
  const { status, busy, error } = props.view;
  return <CreateVaultForm minLength={status.minPassphraseLength} keychain={status.keychain} busy={busy} error={error} onSubmit={(args) => void create(args)} />;
}

export function UnlockScreen(props: { readonly view: Extract<VaultView, { kind: 'locked' }> }) {
  const unlock = useVault((s) => s.actions.unlock);
  const { status, busy, error } = props.view;
  return (
    <UnlockForm
      dir={status.dir}
      keychain={status.keychain}
      keychainProblem={status.keychainProblem}
      busy={busy}
      error={error}
      onSubmit={(args) => void unlock(args)}
    />
  );
}
