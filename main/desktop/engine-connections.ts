// The desktop's connections on the credential engine (main/refresh): the store's views with its
// renew-by forecast (which knows refresh-token lifetimes), and "refresh now", single-flight with
// the monitor. The app and the browser preview plug this in at composition.
import type { CredentialEngine } from '../refresh';
import type { DesktopConnections } from './types';

export function engineConnections(engine: Pick<CredentialEngine, 'store' | 'refresh'>): DesktopConnections {
  return {
    list: (filter) => engine.store.listConnections(filter),
    renewBy: (id) => engine.store.renewBy(id),
    refresh: async (id, actor) => {
      await engine.refresh.refreshConnection(id, { force: true, actor });
    },
  };
}
