// The root container: the header (title, language, lock), and one screen per vault state. It
// also connects main's events to the stores and lets go of them on unmount.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { FivexApi } from '../bridge/fivex-api';
import { useErrorText } from '../components/error-text';
import { LanguageSwitch } from '../components/language-switch';
import { assertNever } from '../state/assert-never';
import { useStores, useUi, useVault } from '../state/stores-context';
import type { VaultView } from '../state/vault-model';
import { SessionGate } from './session-gate';
import { FirstRunScreen, UnlockScreen } from './vault-screens';
import { WorkspaceShell } from './workspace-shell';

export function AppRoot(props: { readonly api: FivexApi }) {
  const { t } = useTranslation();
  const stores = useStores();
  const view = useVault((s) => s.view);
  const { lang, mode, setLang } = useUi((s) => ({ lang: s.lang, mode: s.mode, setLang: s.actions.setLang }));

  useEffect(() => {
    const { vault, workspace } = stores;
    void vault.getState().actions.load();
    const unsubscribe = [
      props.api.vault.onChanged((status) => {
        vault.getState().actions.applyStatus(status);
        if (status.state !== 'unlocked') {
          workspace.getState().actions.reset();
          stores.connections.getState().actions.reset();
        }
      }),
      props.api.connections.onChanged((change) => workspace.getState().actions.applyConnections(change)),
      props.api.tenants.onChanged((change) => workspace.getState().actions.applyTenants(change)),
      props.api.consent.onFinished((result) => workspace.getState().actions.consentFinished(result)),
    ];
    return () => unsubscribe.forEach((off) => off());
  }, [props.api, stores]);

  return (
    <>
      <header className="app-header">
        <p className="brand">{t('app.title')}</p>
        <div className="header-actions">
          <LanguageSwitch lang={lang} onChange={setLang} />
          {view.kind === 'unlocked' ? (
            <button type="button" onClick={() => void stores.vault.getState().actions.lock()}>
              {t('app.lock')}
            </button>
          ) : null}
        </div>
      </header>
      {mode === 'preview' ? <p className="preview-banner">{t('app.previewBanner')}</p> : null}
      <main className={view.kind === 'unlocked' ? 'main-shell' : undefined}>
        <Screen view={view} />
      </main>
    </>
  );
}

function Screen(props: { readonly view: VaultView }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { view } = props;
  switch (view.kind) {
    case 'loading':
      return <p role="status">{t('app.loading')}</p>;
    case 'first_run':
      return <FirstRunScreen view={view} />;
    case 'locked':
      return <UnlockScreen view={view} />;
    case 'unlocked':
      // Who acts comes first: the sign-in screen in a vault with operators.
      return (
        <SessionGate>
          <WorkspaceShell />
        </SessionGate>
      );
    case 'unreachable':
      return (
        <p className="error" role="alert">
          {errorText(view.error)}
        </p>
      );
    default:
      return assertNever(view);
  }
}
