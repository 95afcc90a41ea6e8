// @vitest-environment jsdom
// The React tree over a fake bridge in jsdom: first run creates the vault, a client is added and
// listed, connections show health and reason as inert text, Connect is disabled with its reason,
// the language switch turns the UI Spanish, the consent panel (preview link, pasted code), Refresh
// now, and a vault:changed event from main locks the UI.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFivexApi } from '../../preload/api';
import { AppRoot } from '../../renderer/src/containers/app-root';
import { createI18n } from '../../renderer/src/i18n/i18n';
import { StoresProvider } from '../../renderer/src/state/stores-context';
import { createUiStore } from '../../renderer/src/state/ui-store';
import { createVaultStore } from '../../renderer/src/state/vault-store';
import { createWorkspaceStore } from '../../renderer/src/state/workspace-store';
import { ApiProvider } from '../../renderer/src/state/api-context';
import { createConnectionsStore } from '../../renderer/src/state/connections-store';
import { CONNECTOR, FakeTransport, connection } from './fake-transport';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement;
let root: Root;

beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

/** Runs fn inside act and lets the promises it started settle. */
async function settle(fn: () => void): Promise<void> {
  await act(async () => {
    fn();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

async function render(transport: FakeTransport) {
  const api = createFivexApi(transport);
  const i18n = createI18n('en');
  const stores = {
    vault: createVaultStore(api),
    workspace: createWorkspaceStore(api),
    connections: createConnectionsStore(api, null),
    ui: createUiStore({ lang: 'en', mode: 'desktop' }, (lang) => void i18n.changeLanguage(lang)),
  };
  await settle(() =>
    root.render(
      <I18nextProvider i18n={i18n}>
        <StoresProvider stores={stores}>
          <ApiProvider api={api}>
            <AppRoot api={api} />
          </ApiProvider>
        </StoresProvider>
      </I18nextProvider>,
    ),
  );
  return stores;
}

function byLabel<T extends HTMLElement>(text: string): T {
  const label = [...container.querySelectorAll('label')].find((l) => l.textContent?.trim().startsWith(text));
  if (label === undefined) throw new Error(`no label "${text}"`);
  const target = label.htmlFor ? container.ownerDocument.getElementById(label.htmlFor) : label.querySelector('input');
  if (target === null) throw new Error(`label "${text}" labels nothing`);
  return target as T;
}

function button(text: string): HTMLButtonElement {
  const found = [...container.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
  if (found === undefined) throw new Error(`no button "${text}"`);
  return found;
}

const setInputValue = (input: HTMLInputElement, value: string): void => {
  // React tracks the value through the prototype's setter, as a real keystroke would set it.
  const descriptor = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  descriptor?.set?.call(input, value);
};

async function type(input: HTMLInputElement, value: string) {
  await settle(() => {
    setInputValue(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function click(element: HTMLElement) {
  await settle(() => element.click());
}

describe('app', () => {
  it('creates the vault on first run, explaining the recovery key and asking before using a weak keychain', async () => {
    const transport = new FakeTransport();
    await render(transport);
    expect(container.querySelector('h1')?.textContent).toBe('Create your vault');
    expect(container.textContent).toContain('This passphrase is your recovery key');
    const accept = byLabel<HTMLInputElement>('Store the key in this weak keychain');
    expect(accept.checked).toBe(false);

    await type(byLabel('Passphrase'), 'correct horse battery');
    await type(byLabel('Repeat the passphrase'), 'correct horse batterY');
    await click(button('Create vault'));
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('The two passphrases are not the same.');
    expect(transport.calls.some((c) => c.channel === 'vault:create')).toBe(false);

    await type(byLabel('Repeat the passphrase'), 'correct horse battery');
    await click(button('Create vault'));
    expect(transport.calls.find((c) => c.channel === 'vault:create')?.args).toEqual([{ passphrase: 'correct horse battery', acceptInsecureKeychain: false }]);
    expect(container.textContent).toContain('Add your first client');
  });

  it('adds a client, lists it, shows connections as text, explains the disabled Connect, and switches to Spanish', async () => {
    const transport = new FakeTransport();
    transport.model = { ...transport.model, vault: 'unlocked', connectors: [CONNECTOR] };
    transport.model.connections = [
      connection({
        account: '<img src=x onerror="globalThis.pwned=1">',
        state: 'needs_consent',
        reasonText: { en: 'The seller must approve again.', es: 'El vendedor debe aprobar de nuevo.' },
      }),
    ];
    await render(transport);

    await type(byLabel('Client name'), 'Acme Retail');
    await click(button('Add client'));
    // The new client is in the sidebar, opened (aria-current), with its health counts.
    const items = [...container.querySelectorAll('.client-item')];
    expect(items.map((b) => b.querySelector('.client-name')?.textContent)).toEqual(['Acme Retail', 'Acme Retail']); // recent + all
    expect(items.every((b) => b.getAttribute('aria-current') === 'page')).toBe(true);
    expect(items[0]?.textContent).toContain('1 needs consent');

    const table = container.querySelector('[role="table"]');
    expect(table?.getAttribute('aria-label')).toBe('Marketplace connections of Acme Retail');
    expect(table?.textContent).toContain('Needs consent');
    expect(table?.textContent).toContain('The seller must approve again.');
    expect(table?.querySelector('img')).toBeNull();
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();

    // The connect forms are built when their box opens.
    const box = container.querySelector<HTMLDetailsElement>('details.connect-box');
    expect(box?.querySelector('button')).toBeNull();
    await settle(() => {
      if (box !== null) box.open = true;
    });
    const connect = button('Connect TestMart');
    expect(connect.disabled).toBe(true);
    const why = container.ownerDocument.getElementById(connect.getAttribute('aria-describedby') ?? '');
    expect(why?.textContent).toBe('Connecting from the app is not available yet.');

    const language = byLabel<HTMLSelectElement>('Language');
    await settle(() => {
      language.value = 'es';
      language.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(container.textContent).toContain('Necesita consentimiento');
    expect(container.textContent).toContain('El vendedor debe aprobar de nuevo.');
    expect(button('Conectar TestMart').disabled).toBe(true);
    expect(container.textContent).toContain('Conectar desde la aplicación aún no está disponible.');
  });

  it('shows the preview\'s sign-in link safely, takes a pasted code, and closes the panel when the consent ends', async () => {
    const transport = new FakeTransport();
    transport.model = {
      ...transport.model,
      vault: 'unlocked',
      tenants: [{ id: 'ten_00000000000000000000000000000000', name: 'Acme', connections: 0 }],
      connectors: [{ ...CONNECTOR, consentAvailable: true, unavailableText: null }],
    };
    transport.startReply = {
      status: 'link',
      sessionId: 'consent_1',
      expiresAt: '2026-11-27T10:10:00.000Z',
      acceptsPaste: true,
      authorizeUrl: 'http://127.0.0.1:4680/oauth/authorize?client_id=demo',
    };
    await render(transport);
    await click(button('Connect TestMart'));
    expect(container.textContent).toContain('Waiting for approval on TestMart');
    const link = [...container.querySelectorAll('a')].find((a) => a.textContent === 'open the TestMart sign-in page');
    expect(link?.getAttribute('href')).toBe('http://127.0.0.1:4680/oauth/authorize?client_id=demo');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');

    await type(byLabel('Completion code'), 'fxc1.wrong');
    await click(button('Finish connection'));
    expect(transport.calls.at(-1)).toEqual({ channel: 'consent:paste', args: [{ sessionId: 'consent_1', text: 'fxc1.wrong' }] });
    expect(container.querySelector('.consent-panel [role="alert"]')?.textContent).toBe('Not accepted.');

    transport.pasteReply = { status: 'finished', result: { sessionId: 'consent_1', tenantId: 'ten_00000000000000000000000000000000', connectorId: 'testmart', outcome: 'connected', text: null } };
    await click(button('Finish connection'));
    expect(container.querySelector('.consent-panel')).toBeNull();
    expect(container.textContent).toContain('Connected.');
  });

  it('refreshes a connection now from its row and shows the error main gives', async () => {
    const transport = new FakeTransport();
    transport.model = { ...transport.model, vault: 'unlocked', tenants: [{ id: 'ten_00000000000000000000000000000000', name: 'Acme', connections: 1 }], connections: [connection()] };
    await render(transport);
    const refresh = [...container.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'Refresh now · TestMart · Main shop');
    expect(refresh?.textContent).toBe('Refresh now');
    await click(refresh!);
    expect(transport.calls.filter((c) => c.channel === 'connections:refresh').map((c) => c.args)).toEqual([[{ connectionId: 'con_1' }]]);
    expect(transport.calls.at(-1)?.channel).toBe('workspace:connections');

    expect(container.querySelector('[role="row"][data-id] .row-feedback')?.textContent).toBe('Done: now Active.');

    // A change made elsewhere reaches the grid (debounced), then a refusal shows in the row itself, in words.
    transport.model.connections = [connection({ id: 'con_2', account: 'Second shop' })];
    await settle(() => transport.emit('connections:changed', { connections: transport.model.connections, removed: [] }));
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    expect(container.querySelector('[role="row"][data-id]')?.getAttribute('data-id')).toBe('con_2');
    transport.refreshError = { code: 'refresh_refused', message: 'It is paused: resume it first.' };
    await click([...container.querySelectorAll('button')].find((b) => b.textContent === 'Refresh now')!);
    expect(container.querySelector('[role="row"][data-id="con_2"] .row-feedback')?.textContent).toContain('It is paused: resume it first.');
  });

  it('follows vault:changed from main: locking shows the unlock screen and forgets the workspace', async () => {
    const transport = new FakeTransport();
    transport.model = { ...transport.model, vault: 'unlocked', tenants: [{ id: 'ten_00000000000000000000000000000000', name: 'Acme', connections: 0 }] };
    const stores = await render(transport);
    expect(container.textContent).toContain('Acme');
    transport.model.vault = 'locked';
    await settle(() => transport.emit('vault:changed', transport.status()));
    expect(container.querySelector('h1')?.textContent).toBe('Unlock your vault');
    expect(stores.workspace.getState().tenants).toEqual({ kind: 'idle' });
  });
});
