// i18next for the renderer: English and Spanish bundled in (no fetching, CSP-friendly), the
// choice kept in localStorage, the first default taken from the browser's language.
import i18next from 'i18next';
import type { i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../../../preload/contract';
import { en } from './en';
import { es } from './es';

const STORAGE_KEY = 'fivex.lang';

function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'es';
}

/** Stored choice, else the browser's language, else English. */
export function initialLang(stored: string | null, navigatorLanguage: string | undefined): Lang {
  if (isLang(stored)) return stored;
  return navigatorLanguage?.toLowerCase().startsWith('es') === true ? 'es' : 'en';
}

export function readStoredLang(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function storeLang(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // private mode or storage disabled: the choice lasts for this session only
  }
}

export function createI18n(lang: Lang): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: { en: { translation: en }, es: { translation: es } },
    lng: lang,
    fallbackLng: 'en',
    // React escapes text itself; marketplace data is rendered as text, never as HTML.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
