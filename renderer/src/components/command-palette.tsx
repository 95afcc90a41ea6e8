// The command palette (Ctrl+K, ⌘K on macOS): a modal <dialog> with cmdk's combobox input and
// listbox of options (clients, connections, actions), filtered as you type; Enter runs the
// highlighted option, Escape closes and focus returns where it was.
import { Command } from 'cmdk';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaletteItem } from '../state/palette-model';
import { normalise } from '../state/sidebar-model';

/** Every typed word must appear in the label or hint (accents folded); an earlier match ranks higher. */
function paletteFilter(_value: string, search: string, keywords?: string[]): number {
  const text = normalise((keywords ?? []).join(' '));
  const words = normalise(search).split(/\s+/).filter((w) => w !== '');
  if (words.some((w) => !text.includes(w))) return 0;
  return 1 / (1 + text.indexOf(words[0] ?? ''));
}

export function CommandPalette(props: { readonly open: boolean; readonly items: ReadonlyArray<PaletteItem>; readonly onClose: () => void; readonly onRun: (item: PaletteItem) => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el === null) return;
    if (props.open && !el.open) {
      el.showModal?.();
      // The input takes the focus once the dialog is modal (autoFocus ran before showModal).
      el.querySelector('input')?.focus();
    }
    if (!props.open && el.open) el.close?.();
  }, [props.open]);
  const groups: Array<{ readonly key: PaletteItem['group']; readonly title: string }> = [
    { key: 'action', title: t('ws.palette.actions') },
    { key: 'client', title: t('ws.palette.clients') },
    { key: 'connection', title: t('ws.palette.connections') },
  ];
  return (
    <dialog ref={dialog} className="palette" aria-label={t('ws.palette.title')} onClose={props.onClose} onCancel={props.onClose}>
      {props.open ? (
        <Command label={t('ws.palette.title')} loop filter={paletteFilter}>
          <Command.Input autoFocus placeholder={t('ws.palette.placeholder')} />
          <Command.List>
            <Command.Empty>{t('ws.palette.empty')}</Command.Empty>
            {groups.map((g) => {
              const items = props.items.filter((i) => i.group === g.key);
              return items.length === 0 ? null : (
                <Command.Group key={g.key} heading={g.title}>
                  {items.map((i) => (
                    <Command.Item key={i.id} value={i.id} keywords={[i.label, i.hint]} onSelect={() => props.onRun(i)}>
                      <span>{i.label}</span>
                      {i.hint !== '' ? <span className="muted small"> · {i.hint}</span> : null}
                    </Command.Item>
                  ))}
                </Command.Group>
              );
            })}
          </Command.List>
        </Command>
      ) : null}
    </dialog>
  );
}
