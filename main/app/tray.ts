// A small tray entry: open the window, lock the vault, quit. Kept in a module-level reference so
// the tray icon is not garbage-collected.
import { Menu, Tray, nativeImage } from 'electron';
import type { Lang } from '../../preload/contract';

let tray: Tray | null = null;

export interface TrayOptions {
  readonly iconPath: string;
  readonly lang: Lang;
  readonly onOpen: () => void;
  readonly onLock: () => void;
  readonly onQuit: () => void;
}

const LABELS: Readonly<Record<Lang, { open: string; lock: string; quit: string }>> = {
  en: { open: 'Open FiveX Connect', lock: 'Lock the vault', quit: 'Quit' },
  es: { open: 'Abrir FiveX Connect', lock: 'Bloquear la bóveda', quit: 'Salir' },
};

export function setupTray(opts: TrayOptions): void {
  const image = nativeImage.createFromPath(opts.iconPath);
  if (image.isEmpty()) return;
  const labels = LABELS[opts.lang];
  tray = new Tray(image.resize({ width: 16, height: 16 }));
  tray.setToolTip('FiveX Connect');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: labels.open, click: opts.onOpen },
      { label: labels.lock, click: opts.onLock },
      { type: 'separator' },
      { label: labels.quit, click: opts.onQuit },
    ]),
  );
  tray.on('click', opts.onOpen);
}
