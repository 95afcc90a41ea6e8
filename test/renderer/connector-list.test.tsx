// @vitest-environment jsdom
// The marketplaces a person can connect now (app registration set up) are listed before the rest.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { expect, it } from 'vitest';
import type { ConnectorDto } from '../../preload/contract';
import { ConnectorList } from '../../renderer/src/components/connector-list';
import { createI18n } from '../../renderer/src/i18n/i18n';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const dto = (id: string, consentAvailable: boolean): ConnectorDto => ({
  id,
  name: id,
  regions: [],
  connectText: { en: `connect ${id}`, es: `conectar ${id}` },
  consentAvailable,
  unavailableText: consentAvailable ? null : { en: 'set up first', es: 'configure primero' },
});

it('puts connectable marketplaces first, keeping the order within each group', () => {
  const container = document.createElement('div');
  const root = createRoot(container);
  const connectors = [dto('amazon', false), dto('demo', true), dto('ebay', false), dto('acme', true)];
  act(() =>
    root.render(
      <I18nextProvider i18n={createI18n('en')}>
        <ConnectorList connectors={connectors} lang="en" connecting={null} canConnect onConnect={() => undefined} />
      </I18nextProvider>,
    ),
  );
  expect([...container.querySelectorAll('h3')].map((h) => h.textContent)).toEqual(['demo', 'acme', 'amazon', 'ebay']);
  act(() => root.unmount());
});
