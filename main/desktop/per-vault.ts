// Handler groups built on the services of the unlocked vault (the workspace channels' handlers,
// say: createWorkspaceHandlers(services)), bound once per opened vault and looked up per call, so
// a group can join the dispatcher's map beside the core handlers: `{ ...core, ...perVault(...) }`.
import type { ChannelSchema, HandlersOf } from '../../preload/schema-kit';
import type { Services } from '../services';

export function perVaultHandlers<M extends Record<string, ChannelSchema>>(channels: M, current: () => Services, make: (services: Services) => HandlersOf<M>): HandlersOf<M> {
  const built = new WeakMap<Services, HandlersOf<M>>();
  const forVault = (): HandlersOf<M> => {
    const services = current();
    let handlers = built.get(services);
    if (handlers === undefined) {
      handlers = make(services);
      built.set(services, handlers);
    }
    return handlers;
  };
  const bound: Record<string, (args: unknown) => Promise<unknown>> = {};
  for (const name of Object.keys(channels)) {
    bound[name] = (args) => (forVault()[name] as (a: unknown) => Promise<unknown>)(args);
  }
  return bound as HandlersOf<M>;
}
