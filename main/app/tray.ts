// The tray entry: open the window, lock the vault, quit, and the number of connections needing
// attention (tooltip everywhere, the title beside the icon on macOS), kept current by the change
// stream. Electron's constructors come in as options, so the module is tested without Electron.
import { Menu, Tray, nativeImage } from 'electron';
import type { Lang } from '../../preload/contract';

export interface TrayOptions {
  readonly iconPath: string;
  readonly lang: Lang;
  readonly onOpen: () => void;
  readonly onLock: () => void;
  readonly onQuit: () => void;
}

export interface TrayHandle {
  /** Shows how many connections need attention (0 hides the count). */
  setAttention(count: number): void;
  destroy(): void;
}

const LABELS: Readonly<Record<Lang, { open: string; lock: string; quit: string }>> = {
  en: { open: 'Open FiveX Connect', lock: 'Lock the vault', quit: 'Quit' },
  es: { open: 'Abrir FiveX Connect', lock: 'Bloquear la bóveda', quit: 'Salir' },
};

export function attentionTooltip(count: number, lang: Lang): string {
  if (count === 0) return 'FiveX Connect';
  if (lang === 'es') return `FiveX Connect: ${count} ${count === 1 ? 'conexión necesita' : 'conexiones necesitan'} atención`;
  return `FiveX Connect: ${count} ${count === 1 ? 'connection needs' : 'connections need'} attention`;
}

export interface TrayElectron {
  readonly Tray: typeof Tray;
  readonly Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  readonly nativeImage: Pick<typeof nativeImage, 'createFromPath'>;
}

/** Kept by the caller: a tray that is garbage-collected disappears. Null without an icon. */
export function setupTray(opts: TrayOptions, electron: TrayElectron = { Tray, Menu, nativeImage }): TrayHandle | null {
  const image = electron.nativeImage.createFromPath(opts.iconPath);
  if (image.isEmpty()) return null;
  const labels = LABELS[opts.lang];
  const tray = new electron.Tray(image.resize({ width: 16, height: 16 }));
  tray.setToolTip(attentionTooltip(0, opts.lang));
  tray.setContextMenu(
    electron.Menu.buildFromTemplate([
      { label: labels.open, click: opts.onOpen },
      { label: labels.lock, click: opts.onLock },
      { type: 'separator' },
      { label: labels.quit, click: opts.onQuit },
    ]),
  );
  tray.on('click', opts.onOpen);
  return {
    setAttention(count) {
      tray.setToolTip(attentionTooltip(count, opts.lang));
      // macOS shows a title beside the menu-bar icon; elsewhere it is ignored.
      tray.setTitle(count === 0 ? '' : String(count));
    },
    destroy: () => tray.destroy(),
  };
}
