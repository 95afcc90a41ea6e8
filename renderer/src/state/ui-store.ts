// UI preferences: the language (persisted by the caller's onLangChange) and whether this is the
// desktop app or the browser preview.
import { createStore } from 'zustand/vanilla';
import type { Lang } from '../../../preload/contract';

export interface UiStoreState {
  readonly lang: Lang;
  readonly mode: 'desktop' | 'preview';
  readonly actions: { readonly setLang: (lang: Lang) => void };
}

export function createUiStore(initial: { lang: Lang; mode: 'desktop' | 'preview' }, onLangChange: (lang: Lang) => void) {
  return createStore<UiStoreState>()((set, get) => ({
    ...initial,
    actions: {
      setLang(lang) {
        if (lang === get().lang) return;
        set({ lang });
        onLangChange(lang);
      },
    },
  }));
}

export type UiStore = ReturnType<typeof createUiStore>;
