// Loads one reply for a view (and again when `deps` change), dropping answers that arrive after
// the view moved on, so a slow reply never overwrites a newer one.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Reply } from '../../../preload/contract';
import type { Loadable } from '../state/workspace-model';

export function useReply<T>(load: () => Promise<Reply<T>>, deps: ReadonlyArray<unknown>): { readonly state: Loadable<T>; readonly reload: () => void; readonly set: (value: T) => void } {
  const [state, setState] = useState<Loadable<T>>({ kind: 'loading' });
  const seq = useRef(0);
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    const mine = ++seq.current;
    void run().then((reply) => {
      if (mine !== seq.current) return;
      setState(reply.ok ? { kind: 'ready', value: reply.value } : { kind: 'failed', error: reply.error });
    });
  }, [run]);
  useEffect(() => {
    reload();
  }, [reload]);
  return { state, reload, set: (value: T) => setState({ kind: 'ready', value }) };
}
