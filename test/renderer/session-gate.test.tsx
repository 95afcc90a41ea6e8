// @vitest-environment jsdom
// The operator session in the React tree over the fake bridge: a vault with operators asks who is
// working first; a wrong PIN is refused in words; a support operator's name and role show in the
// status bar, the actions the role may not take (from main's session:permissions) are disabled
// with the reason, adding clients and the audit log are gone; switching operator signs out.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS, reachOf } from '../../main/access/matrix';
import type { Role } from '../../main/access/matrix';
import { createFivexApi } from '../../preload/api';
import { AppRoot } from '../../renderer/src/containers/app-root';
import { createI18n } from '../../renderer/src/i18n/i18n';
import { ApiProvider } from '../../renderer/src/state/api-context';
import { createConnectionsStore } from '../../renderer/src/state/connections-store';
import { StoresProvider } from '../../renderer/src/state/stores-context';
import { createUiStore } from '../../renderer/src/state/ui-store';
import { createVaultStore } from '../../renderer/src/state/vault-store';
import { createWorkspaceStore } from '../../renderer/src/state/workspace-store';
import { FakeTransport, connection } from './fake-transport';

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

async function settle(fn: () => void): Promise<void> {
  await act(async () => {
    fn();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

async function render(transport: FakeTransport): Promise<void> {
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
  await settle(() => undefined);
}

function button(text: string): HTMLButtonElement | undefined {
  return [...container.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
}

function setValue(el: HTMLInputElement | HTMLSelectElement, value: string): void {
  const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

async function signIn(name: string, pin: string): Promise<void> {
  await settle(() => setValue(container.querySelector('form select')!, name));
  await settle(() => setValue(container.querySelector('input[type="password"]')!, pin));
  await settle(() => button('Sign in')!.click());
  await settle(() => undefined);
}

/** What main's session:permissions answers for a role: its matrix row, nothing copied. */
const allowedFor = (role: string): string[] => ACTIONS.filter((a) => reachOf(a, role as Role) !== 'none');

describe('operator session', () => {
  it('signs in, limits the workspace to the role with reasons, and switches operator', async () => {
    const transport = new FakeTransport();
    transport.model = { ...transport.model, vault: 'unlocked', tenants: [{ id: 'ten_00000000000000000000000000000000', name: 'Acme', connections: 1 }], connections: [connection()] };
    transport.session = {
      principal: null,
      allowed: [],
      operators: [
        { name: 'Ana', role: 'admin' },
        { name: 'Sol', role: 'support' },
      ],
      pin: '246810',
      allowedFor,
    };
    await render(transport);
    expect(container.querySelector('h1')?.textContent).toBe('Who is working?');
    expect([...container.querySelectorAll('form option')].map((o) => o.textContent)).toEqual(['Ana (admin)', 'Sol (support)']);

    await signIn('Sol', 'wrong');
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('Unknown operator or wrong PIN. Check them and try again.');

    await signIn('Sol', '246810');
    expect(container.querySelector('.status-bar')?.textContent).toContain('Sol (support)');
    expect(container.querySelector('input[id="client-search"]')).not.toBeNull();
    expect([...container.querySelectorAll('label')].some((l) => l.textContent === 'Client name')).toBe(false);
    expect(button('Audit log')).toBeUndefined();

    // The first client opens by itself.
    const revoke = [...container.querySelectorAll('button')].find((b) => /^Revoke…? · /.test(b.getAttribute('aria-label') ?? ''));
    expect(revoke?.disabled).toBe(true);
    expect(revoke?.title).toBe('Your role (support) may not revoke connections');
    const refresh = [...container.querySelectorAll('button')].find((b) => b.getAttribute('aria-label')?.startsWith('Refresh now · '));
    expect(refresh?.disabled).toBe(false);
    expect(container.textContent).toContain('Your role (support) may not connect marketplace accounts');
    expect(button('Access dossier')?.disabled).toBe(false);

    await settle(() => button('Switch operator')!.click());
    await settle(() => undefined);
    expect(transport.calls.some((c) => c.channel === 'session:signOut')).toBe(true);
    expect(container.querySelector('h1')?.textContent).toBe('Who is working?');

    await signIn('Ana', '246810');
    expect(container.querySelector('.status-bar')?.textContent).toContain('Ana (admin)');
    expect(button('Audit log')).toBeDefined();
  });

  it('lets the OS user work at once in a vault without operators, with nobody to switch', async () => {
    const transport = new FakeTransport();
    transport.model = { ...transport.model, vault: 'unlocked', tenants: [{ id: 'ten_00000000000000000000000000000000', name: 'Acme', connections: 0 }] };
    await render(transport);
    expect(container.querySelector('.status-bar')?.textContent).toContain('tester (this computer’s user)');
    expect(button('Switch operator')).toBeUndefined();
  });
});
