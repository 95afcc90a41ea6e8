// @vitest-environment jsdom
// The row actions in the React tree over a fake bridge, in Spanish: Revocar… shows the impact
// preview and asks first (Cancelar revokes nothing; only "Revocar conexión" does), then the outcome
// with the marketplace's removal steps and the row reads "Desconectada"; Pausar/Reanudar; and
// Reconectar opens the same consent panel as Conectar.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFivexApi } from '../../preload/api';
import type { Lang } from '../../preload/contract';
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

async function settle(fn: () => void): Promise<void> {
  await act(async () => {
    fn();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

function unlockedTransport(): FakeTransport {
  const transport = new FakeTransport();
  transport.model = {
    ...transport.model,
    vault: 'unlocked',
    tenants: [{ id: 'ten_00000000000000000000000000000000', name: 'Acme', connections: 1 }],
    connectors: [{ ...CONNECTOR, consentAvailable: true, unavailableText: null }],
    connections: [connection()],
  };
  return transport;
}

async function render(transport: FakeTransport, lang: Lang) {
  const api = createFivexApi(transport);
  const i18n = createI18n(lang);
  const stores = {
    vault: createVaultStore(api),
    workspace: createWorkspaceStore(api),
    connections: createConnectionsStore(api, null),
    ui: createUiStore({ lang, mode: 'desktop' }, (next) => void i18n.changeLanguage(next)),
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

const buttons = (): HTMLButtonElement[] => [...container.querySelectorAll('button')];
function button(name: string): HTMLButtonElement {
  const found = buttons().find((b) => b.getAttribute('aria-label') === name || b.textContent?.trim() === name);
  if (found === undefined) throw new Error(`no button "${name}"; there are: ${buttons().map((b) => b.getAttribute('aria-label') ?? b.textContent).join(' | ')}`);
  return found;
}
const hasButton = (name: string): boolean => buttons().some((b) => b.getAttribute('aria-label') === name || b.textContent?.trim() === name);
const dialog = (): HTMLElement | null => container.querySelector('[role="dialog"]');
const rowText = (): string => container.querySelector('[role="row"][data-id]')?.textContent ?? '';
/** The typed confirmation: the account's label, as a person types it. */
async function typeConfirmation(text: string) {
  const input = dialog()?.querySelector('input');
  if (!input) throw new Error('no confirmation input');
  await settle(() => {
    // React tracks the value it set; the native setter makes the change look typed.
    Reflect.set(HTMLInputElement.prototype, 'value', text, input);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
const revokeCalls = (t: FakeTransport) => t.calls.filter((c) => c.channel === 'connections:revoke');

async function click(element: HTMLElement) {
  await settle(() => element.click());
}

describe('Revocar… (Spanish)', () => {
  it('shows what stops, what remains and who can reconnect, and revokes only after the confirmation', async () => {
    const transport = unlockedTransport();
    transport.revokeOutcome = { remote: 'unsupported', removeApp: { en: 'Seller Hub > Apps > Remove.', es: 'Seller Hub > Aplicaciones > Quitar.' } };
    await render(transport, 'es');
    expect(rowText()).toContain('Activa');
    // An active connection offers Pausar and Revocar…, not Reconectar.
    expect(hasButton('Reconectar · TestMart · Main shop')).toBe(false);

    await click(button('Revocar… · TestMart · Main shop'));
    expect(transport.calls.at(-1)).toEqual({ channel: 'connections:revokePreview', args: [{ connectionId: 'con_1' }] });
    const shown = dialog();
    expect(shown?.querySelector('h2')?.textContent).toBe('¿Revocar TestMart · Main shop?');
    // The focus starts on the safe choice, not on the destructive button.
    expect(document.activeElement).toBe(button('Cancelar'));
    expect([...(shown?.querySelectorAll('h3') ?? [])].map((h) => h.textContent)).toEqual(['Qué se detiene', 'Qué se conserva', 'Quién puede reconectar']);
    expect(shown?.textContent).toContain('La renovación se detiene.');
    expect(shown?.textContent).toContain('El historial de pedidos se conserva.');
    expect(shown?.textContent).toContain('El vendedor aprueba de nuevo.');
    expect(shown?.textContent).toContain('Todavía no ha cambiado nada.');
    expect(shown?.textContent).not.toContain('Renewing stops.');
    expect(revokeCalls(transport)).toEqual([]);

    // Cancelar: nothing is revoked.
    await click(button('Cancelar'));
    expect(dialog()).toBeNull();
    expect(revokeCalls(transport)).toEqual([]);
    expect(rowText()).toContain('Activa');

    await click(button('Revocar… · TestMart · Main shop'));
    expect(revokeCalls(transport)).toEqual([]);
    // Revocar conexión stays disabled until the account's label is typed exactly.
    expect(button('Revocar conexión').disabled).toBe(true);
    await typeConfirmation('Main sho');
    expect(button('Revocar conexión').disabled).toBe(true);
    await click(button('Revocar conexión'));
    expect(revokeCalls(transport)).toEqual([]);
    await typeConfirmation('Main shop');
    expect(button('Revocar conexión').disabled).toBe(false);
    await click(button('Revocar conexión'));
    expect(revokeCalls(transport).map((c) => c.args)).toEqual([[{ connectionId: 'con_1' }]]);
    expect(dialog()?.querySelector('h2')?.textContent).toBe('TestMart · Main shop está desconectada');
    expect(dialog()?.textContent).toContain('este marketplace no permite que una aplicación revoque su acceso');
    expect(dialog()?.textContent).toContain('Cómo quita el vendedor la aplicación: Seller Hub > Aplicaciones > Quitar.');
    expect(rowText()).toContain('Desconectada');
    // A revoked connection can only be reconnected.
    expect(hasButton('Reconectar · TestMart · Main shop')).toBe(true);
    expect(hasButton('Revocar… · TestMart · Main shop')).toBe(false);
    expect(hasButton('Pausar · TestMart · Main shop')).toBe(false);

    await click(button('Cerrar'));
    expect(dialog()).toBeNull();
  });

  it('closes with Escape before confirming, and words a pending revocation in English', async () => {
    const transport = unlockedTransport();
    transport.revokeOutcome = { remote: 'pending' };
    await render(transport, 'en');
    await click(button('Revoke… · TestMart · Main shop'));
    await settle(() => dialog()?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(dialog()).toBeNull();
    await click(button('Revoke… · TestMart · Main shop'));
    expect(dialog()?.textContent).toContain('Renewing stops.');
    await typeConfirmation('Main shop');
    await click(button('Revoke connection'));
    expect(dialog()?.textContent).toContain('the revocation there is pending');
    expect(rowText()).toContain('Disconnected');
  });
});

describe('Pausar, Reanudar, Reconectar', () => {
  it('pauses and resumes from the row', async () => {
    const transport = unlockedTransport();
    await render(transport, 'es');
    await click(button('Pausar · TestMart · Main shop'));
    expect(transport.calls.filter((c) => c.channel === 'connections:pause').map((c) => c.args)).toEqual([[{ connectionId: 'con_1' }]]);
    expect(rowText()).toContain('Activaen pausa');
    expect(rowText()).toContain('Pausada a propósito');
    await click(button('Reanudar · TestMart · Main shop'));
    expect(transport.calls.filter((c) => c.channel === 'connections:resume')).toHaveLength(1);
    expect(hasButton('Pausar · TestMart · Main shop')).toBe(true);
  });

  it('reconnects a connection that needs consent through the consent panel', async () => {
    const transport = unlockedTransport();
    transport.model.connections = [connection({ state: 'needs_consent' })];
    transport.reconnectReply = { status: 'link', sessionId: 'consent_1', expiresAt: '2026-11-27T10:10:00.000Z', acceptsPaste: false, authorizeUrl: 'http://127.0.0.1:4680/oauth/authorize?client_id=demo' };
    await render(transport, 'es');
    await click(button('Reconectar · TestMart · Main shop'));
    expect(transport.calls.filter((c) => c.channel === 'connections:reconnect').map((c) => c.args)).toEqual([[{ connectionId: 'con_1' }]]);
    // Renewing goes through the renewal queue: progress and the consent link in the preview.
    const panel = (): HTMLElement | null => container.querySelector('.queue-panel');
    expect(panel()?.textContent).toContain('Esperando a que el vendedor apruebe');
    const link = panel()?.querySelector('a');
    expect(link?.getAttribute('href')).toBe('http://127.0.0.1:4680/oauth/authorize?client_id=demo');

    // Main sends the renewed connection on the change stream, then how the consent ended.
    transport.model.connections = [connection({ state: 'active' })];
    await settle(() => transport.emit('connections:changed', { connections: [connection({ state: 'active' })], removed: [] }));
    await settle(() => transport.emit('consent:finished', { sessionId: 'consent_1', tenantId: 'ten_00000000000000000000000000000000', connectorId: 'testmart', outcome: 'connected', text: null }));
    expect(panel()?.textContent).toContain('Renovada: activa de nuevo');
    expect(panel()?.querySelector('a')).toBeNull();
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    expect(container.querySelector('[role="row"][data-id]')).toBeNull(); // needs attention no longer lists it
  });

  it('asks which redirect when the marketplace offers more than one, as the detail page does, and renews with the one chosen', async () => {
    const transport = unlockedTransport();
    transport.model.connections = [connection({ state: 'needs_consent' })];
    transport.connectOptions = [
      {
        connectorId: 'testmart',
        connectorName: 'TestMart',
        mode: 'browser',
        available: true,
        unavailableText: null,
        purposes: [],
        strategies: [
          { id: 'loopback', text: { en: 'Back to this computer.', es: 'Vuelve a este ordenador.' } },
          { id: 'relay', text: { en: 'Through the agency relay page.', es: 'Por la página de relevo de la agencia.' } },
        ],
        acceptsToken: false,
        settings: [],
      },
    ];
    transport.reconnectReply = { status: 'link', sessionId: 'consent_2', expiresAt: '2026-11-27T10:10:00.000Z', acceptsPaste: false, authorizeUrl: 'http://127.0.0.1:4680/oauth/authorize?client_id=demo' };
    await render(transport, 'en');
    await click(button('Reconnect · TestMart · Main shop'));
    // Nothing started yet: the dialog says what happens and offers the redirects.
    expect(transport.calls.filter((c) => c.channel === 'connections:reconnect' || c.channel === 'connect:renew')).toHaveLength(0);
    expect(dialog()?.textContent).toContain('Renew consent');
    const select = dialog()?.querySelector('select');
    expect([...(select?.options ?? [])].map((o) => o.value)).toEqual(['loopback', 'relay']);
    await settle(() => {
      if (select) {
        select.value = 'relay';
        select.dispatchEvent(new Event('change', { bubbles: true }));
      }
    });
    await click(button('Renew consent · TestMart · Main shop'));
    expect(transport.calls.filter((c) => c.channel === 'connect:renew').map((c) => c.args)).toEqual([[{ connectionId: 'con_1', strategy: 'relay' }]]);
    expect(dialog()).toBeNull();
    expect(container.querySelector('.queue-panel')?.textContent).toContain('Waiting for the seller to approve');
  });
});
