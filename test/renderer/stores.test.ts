// The zustand stores over a fake bridge: actions call the bridge and apply the pure transitions;
// the passphrase is sent but never kept in a store.
import { describe, expect, it } from 'vitest';
import { createFivexApi } from '../../preload/api';
import { createVaultStore } from '../../renderer/src/state/vault-store';
import { createWorkspaceStore } from '../../renderer/src/state/workspace-store';
import { CONNECTOR, FakeTransport, connection } from './fake-transport';

describe('vault store', () => {
  it('loads the first-run screen, creates the vault and never keeps the passphrase', async () => {
    const transport = new FakeTransport();
    const store = createVaultStore(createFivexApi(transport));
    await store.getState().actions.load();
    expect(store.getState().view.kind).toBe('first_run');
    await store.getState().actions.create({ passphrase: 'correct horse battery', acceptInsecureKeychain: false });
    expect(store.getState().view.kind).toBe('unlocked');
    expect(JSON.stringify(store.getState())).not.toContain('correct horse battery');
  });

  it('shows the unlock error and stays on the unlock screen', async () => {
    const transport = new FakeTransport();
    transport.model = { ...transport.model, vault: 'locked', passphrase: 'the right one' };
    const store = createVaultStore(createFivexApi(transport));
    await store.getState().actions.load();
    await store.getState().actions.unlock({ passphrase: 'the wrong one', rememberOnThisDevice: false, acceptInsecureKeychain: false });
    expect(store.getState().view).toMatchObject({ kind: 'locked', busy: false, error: { code: 'wrong_passphrase' } });
  });
});

describe('workspace store', () => {
  function setup() {
    const transport = new FakeTransport();
    transport.model = {
      vault: 'unlocked',
      passphrase: null,
      tenants: [{ id: 'ten_00000000000000000000000000000000', name: 'Acme', connections: 1 }],
      connections: [connection()],
      connectors: [CONNECTOR],
    };
    return { transport, store: createWorkspaceStore(createFivexApi(transport)) };
  }

  it('loads tenants, connectors and the first tenant\'s connections', async () => {
    const { store } = setup();
    await store.getState().actions.loadAll();
    const state = store.getState();
    expect(state.selectedTenantId).toBe('ten_00000000000000000000000000000000');
    expect(state.connections).toMatchObject({ kind: 'ready', value: [{ id: 'con_1' }] });
    expect(state.connectors).toMatchObject({ kind: 'ready', value: [{ id: 'testmart' }] });
  });

  it('adds a tenant and selects it; a duplicate keeps the error for the form', async () => {
    const { store } = setup();
    await store.getState().actions.loadAll();
    expect(await store.getState().actions.addTenant('Beta')).toBe(true);
    expect(store.getState().selectedTenantId).toBe('ten_00000000000000000000000000000001');
    expect(store.getState().connections).toEqual({ kind: 'ready', value: [] });
    expect(await store.getState().actions.addTenant('Beta')).toBe(false);
    expect(store.getState().addTenantError?.code).toBe('tenant_exists');
  });

  it('turns an unavailable consent into a notice with its text', async () => {
    const { store } = setup();
    await store.getState().actions.loadAll();
    await store.getState().actions.connect('testmart', 'eu');
    expect(store.getState().notice).toEqual({ kind: 'text', text: { en: 'Not yet.', es: 'Todavía no.' } });
    expect(store.getState().connecting).toBeNull();
  });

  it('forgets everything on reset (lock)', async () => {
    const { store } = setup();
    await store.getState().actions.loadAll();
    store.getState().actions.reset();
    expect(store.getState()).toMatchObject({ tenants: { kind: 'idle' }, selectedTenantId: null, connections: { kind: 'idle' } });
  });
});
