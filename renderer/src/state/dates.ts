// Compact dates for dense grid cells ("Dec 4, 03:38"), one formatter per language (building an
// Intl.DateTimeFormat per cell would cost more than the rest of the row).
import type { Lang } from '../../../preload/contract';

const formats = new Map<Lang, Intl.DateTimeFormat>();

export function shortDate(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  let f = formats.get(lang);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(lang, f);
  }
  return f.format(d);
}
