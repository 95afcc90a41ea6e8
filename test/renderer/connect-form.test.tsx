// @vitest-environment jsdom
// The connect dialog's form for one marketplace: it says what the client will be asked and where
// the approval comes back before anything starts; a seller's client secret is read from its
// password field at submit, sent once, and the field is emptied (no React state holds it); the
// browser path passes the chosen strategy and the connection details.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { expect, it } from 'vitest';
import { createFivexApi } from '../../preload/api';
import type { BridgeTransport, ConnectorDto, InvokeChannel } from '../../preload/contract';
import type { ConnectOption } from '../../preload/connect-channels';
import { ConnectorList } from '../../renderer/src/components/connector-list';
import { createI18n } from '../../renderer/src/i18n/i18n';
import { ApiProvider } from '../../renderer/src/state/api-context';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const TENANT = `ten_${'1'.repeat(32)}`;
const dto = (id: string, name: string): ConnectorDto => ({ id, name, regions: [], connectText: { en: `connect ${name}`, es: `conectar ${name}` }, consentAvailable: false, unavailableText: { en: 'cli only', es: 'solo cli' } });
const text = (en: string) => ({ en, es: en });

const bol: ConnectOption = {
  connectorId: 'bol-com',
  connectorName: 'bol.com',
  mode: 'seller_credentials',
  available: true,
  unavailableText: null,
  purposes: [{ purpose: 'base', text: text('Nothing is asked in a consent page'), scopes: [] }],
  strategies: [],
  acceptsToken: false,
  settings: [],
};
const demo: ConnectOption = {
  connectorId: 'demo',
  connectorName: 'Demo',
  mode: 'browser',
  available: true,
  unavailableText: null,
  purposes: [{ purpose: 'reporting', text: text('Read orders, sales and reports'), scopes: ['reports.read'] }],
  strategies: [
    { id: 'loopback', text: text('On this computer') },
    { id: 'relay', text: text('Remote, paste a code') },
  ],
  acceptsToken: false,
  settings: [{ name: 'shop', description: 'the shop', required: false, choices: null, pattern: null }],
};

function setInput(input: HTMLInputElement | HTMLSelectElement, value: string): void {
  const proto = input instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(input, value);
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

it("sends a seller's secret once from its password field and empties it; browser consent carries the chosen strategy and details", async () => {
  const calls: Array<{ channel: InvokeChannel; args: unknown }> = [];
  const transport: BridgeTransport = {
    invoke: ((channel: InvokeChannel, args?: unknown) => {
      calls.push({ channel, args });
      const connection = { id: `con_${'2'.repeat(32)}`, tenantId: TENANT, connectorId: 'bol-com', connectorName: 'bol.com', account: 'Acme BV', region: null, state: 'active', reason: null, reasonText: null, renewBy: null, lastRefreshAt: null, paused: false, updatedAt: '2026-12-04T00:00:00.000Z' };
      return Promise.resolve({ ok: true, value: { outcome: 'connected', connection } });
    }) as BridgeTransport['invoke'],
    subscribe: () => () => undefined,
  };
  const browserCalls: unknown[] = [];
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <ApiProvider api={createFivexApi(transport)}>
        <I18nextProvider i18n={createI18n('en')}>
          <ConnectorList
            connectors={[dto('bol-com', 'bol.com'), dto('demo', 'Demo')]}
            lang="en"
            connecting={null}
            canConnect
            onConnect={(...args) => void browserCalls.push(args)}
            options={new Map([['bol-com', bol], ['demo', demo]])}
            tenantId={TENANT}
          />
        </I18nextProvider>
      </ApiProvider>,
    ),
  );
  expect(container.textContent).toContain('What Demo will ask the client');
  expect(container.textContent).toContain('Read orders, sales and reports');
  expect(container.textContent).toContain('reports.read');

  const forms = [...container.querySelectorAll('form')];
  const bolForm = forms.find((f) => f.getAttribute('aria-label') === 'Connect bol.com')!;
  const inputs = [...bolForm.querySelectorAll('input')];
  const [account, clientId, secret] = inputs as [HTMLInputElement, HTMLInputElement, HTMLInputElement];
  expect(secret.type).toBe('password');
  act(() => {
    setInput(account, 'Acme BV');
    setInput(clientId, 'seller-client');
  });
  secret.value = 'the-seller-secret';
  await act(async () => {
    bolForm.requestSubmit();
    await Promise.resolve();
  });
  expect(calls).toEqual([{ channel: 'connect:sellerCredentials', args: { tenantId: TENANT, connectorId: 'bol-com', region: null, settings: {}, account: 'Acme BV', clientId: 'seller-client', clientSecret: 'the-seller-secret' } }]);
  expect(secret.value).toBe('');
  expect(container.innerHTML).not.toContain('the-seller-secret');
  expect(bolForm.querySelector('[role="status"]')?.textContent).toBe('Connected: Acme BV is active.');

  const demoForm = forms.find((f) => f.getAttribute('aria-label') === 'Connect Demo')!;
  const [shop] = [...demoForm.querySelectorAll('input')] as [HTMLInputElement];
  const redirect = demoForm.querySelector('select')!;
  act(() => {
    setInput(shop, 'acme-store');
    setInput(redirect, 'relay');
  });
  act(() => demoForm.requestSubmit());
  expect(browserCalls).toEqual([['demo', null, { strategy: 'relay', settings: { shop: 'acme-store' } }]]);
  act(() => root.unmount());
  container.remove();
});
