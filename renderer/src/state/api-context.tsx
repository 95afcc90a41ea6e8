// The bridge API for views that read on demand (detail, audit, settings) without keeping the
// result in a store; tests hand in an API over a fake transport.
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { FivexApi } from '../bridge/fivex-api';

const ApiContext = createContext<FivexApi | null>(null);

export function ApiProvider(props: { readonly api: FivexApi; readonly children: ReactNode }) {
  return <ApiContext.Provider value={props.api}>{props.children}</ApiContext.Provider>;
}

export function useApi(): FivexApi {
  const api = useContext(ApiContext);
  if (api === null) throw new Error('useApi outside ApiProvider');
  return api;
}
