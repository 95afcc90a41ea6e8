// The words for a contract error in the current language; `message` (English detail from main)
// fills the codes whose text needs it.
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../preload/contract';

export function useErrorText(): (error: ApiError) => string {
  const { t } = useTranslation();
  return (error) => t(`errors.${error.code}`, { message: error.message });
}
