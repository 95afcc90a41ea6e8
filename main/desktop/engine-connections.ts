// The desktop's connections on the credential engine (main/refresh): one connection by id, the
// store's views with its renew-by forecast (which knows refresh-token lifetimes), "refresh now"
// (single-flight with the monitor), pause / resume, and revocation with its plain-words preview.
import type { CredentialEngine } from '../refresh';
import type { DesktopConnections } from './types';

export function engineConnections(engine: Pick<CredentialEngine, 'store' | 'refresh' | 'lifecycle' | 'revocation'>): DesktopConnections {
  return {
    get: (id) => {
      const view = engine.store.get(id);
      return view === undefined || view.deletedAt !== null ? undefined : view;
    },
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
    previewRevocation: (id, lang) => engine.revocation.previewRevocation(id, lang),
    revoke: async (id, actor) => {
      const result = await engine.revocation.revokeConnection(id, { actor });
      return { remoteRevocation: result.remoteRevocation, sharedWith: result.sharedWith };
    },
  };
}
