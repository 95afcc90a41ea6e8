// English / Español.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../preload/contract';

const NAMES: Readonly<Record<Lang, string>> = { en: 'English', es: 'Español' };

export function LanguageSwitch(props: { readonly lang: Lang; readonly onChange: (lang: Lang) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('app.language')}</label>
      <select id={id} value={props.lang} onChange={(e) => props.onChange(e.target.value === 'es' ? 'es' : 'en')}>
        {(Object.keys(NAMES) as Lang[]).map((lang) => (
          <option key={lang} value={lang} lang={lang}>
            {NAMES[lang]}
          </option>
        ))}
      </select>
    </div>
  );
}
