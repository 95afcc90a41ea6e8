// The desktop's connections on the credential engine (main/refresh): the store's views with its
// renew-by forecast (which knows refresh-token lifetimes), "refresh now" (single-flight with the
// monitor), pause / resume, and revocation with its plain-words preview. The app and the browser
// preview plug this in at composition.
import type { CredentialEngine } from '../refresh';
import type { DesktopConnections } from './types';

export function engineConnections(engine: Pick<CredentialEngine, 'store' | 'refresh' | 'lifecycle' | 'revocation'>): DesktopConnections {
  return {
    list: (filter) => engine.store.listConnections(filter),
    renewBy: (id) => engine.store.renewBy(id),
    refresh: async (id, actor) => {
      await engine.refresh.refreshConnection(id, { force: true, actor });
    },
    pause: (id, actor) => {
      engine.lifecycle.pause(id, actor);
    },
    resume: (id, actor) => {
      engine.lifecycle.resume(id, actor);
    },
    previewRevocation: (id, lang) => {
      const { stops, remains, canReconnect } = engine.revocation.previewRevocation(id, lang);
      return { stops, remains, canReconnect };
    },
    revoke: async (id, actor) => {
      const result = await engine.revocation.revokeConnection(id, { actor });
      return { remoteRevocation: result.remoteRevocation, sharedWith: result.sharedWith };
    },
  };
}
