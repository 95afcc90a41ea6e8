// The renderer's entry: pick the bridge (preload in Electron, HTTP in the browser preview), build
// the stores and i18n, and render. Loaded as a module script from index.html (no inline script).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './layout.css';
import { I18nextProvider } from 'react-i18next';
import { chooseBridge } from './bridge/bridge';
import { AppRoot } from './containers/app-root';
import { createI18n, initialLang, readStoredLang, storeLang } from './i18n/i18n';
import { StoresProvider } from './state/stores-context';
import type { Stores } from './state/stores-context';
import { ApiProvider } from './state/api-context';
import { createConnectionsStore } from './state/connections-store';
import { createUiStore } from './state/ui-store';
import { createVaultStore } from './state/vault-store';
import { createWorkspaceStore } from './state/workspace-store';

/** localStorage throws when storage is disabled; the recent-clients list then lives in memory. */
function localStorageOf(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function start(): void {
  const container = document.getElementById('root');
  if (container === null) return;
  const lang = initialLang(readStoredLang(), navigator.language);
  const i18n = createI18n(lang);
  document.documentElement.lang = lang;
  const bridge = chooseBridge(window);
  if (bridge.kind === 'none') {
    container.textContent = i18n.t('errors.network');
    return;
  }
  const stores: Stores = {
    vault: createVaultStore(bridge.api),
    workspace: createWorkspaceStore(bridge.api),
    connections: createConnectionsStore(bridge.api, localStorageOf()),
    ui: createUiStore({ lang, mode: bridge.kind }, (next) => {
      storeLang(next);
      document.documentElement.lang = next;
      void i18n.changeLanguage(next);
    }),
  };
  createRoot(container).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <StoresProvider stores={stores}>
          <ApiProvider api={bridge.api}>
            <AppRoot api={bridge.api} />
          </ApiProvider>
        </StoresProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}

start();
