// Saving a client's access dossier (main/dossier, the dossier:html channel) as PDF: the page is
// loaded in a hidden, sandboxed window with JavaScript off and its own in-memory session, printed
// with webContents.printToPDF (the page's print stylesheet sets A4 and the margins), and written
// readable by the owner only. The window never shows and is destroyed whatever happens.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserWindow } from 'electron';
import type { Dialog, WebPreferences } from 'electron';
import { writePrivateFile } from '../fs/private-file';

/** Chromium refuses URLs over 2 MB; a bigger page goes through a private temporary file. */
const MAX_DATA_URL_BYTES = 1_500_000;

export function dossierWindowPreferences(): WebPreferences {
  return {
    // The dossier has no script (its CSP says so too): nothing in it needs to run.
    javascript: false,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    devTools: false,
    // In memory and apart from the app's own session: nothing of it is kept or shared.
    partition: `dossier-pdf-${randomBytes(6).toString('hex')}`,
  };
}

/** The dossier page as PDF bytes. */
export async function dossierPdf(html: string): Promise<Buffer> {
  const win = new BrowserWindow({ show: false, width: 900, height: 1200, webPreferences: dossierWindowPreferences() });
  let tempDir: string | null = null;
  try {
    const bytes = Buffer.from(html, 'utf8');
    if (bytes.byteLength <= MAX_DATA_URL_BYTES) {
      await win.loadURL(`data:text/html;charset=utf-8;base64,${bytes.toString('base64')}`);
    } else {
      tempDir = mkdtempSync(join(tmpdir(), 'fivex-dossier-'));
      const file = join(tempDir, 'dossier.html');
      writePrivateFile(file, bytes);
      await win.loadFile(file);
    }
    const pdf = await win.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true, pageSize: 'A4' });
    return Buffer.from(pdf);
  } finally {
    win.destroy();
    if (tempDir !== null) rmSync(tempDir, { recursive: true, force: true });
  }
}

/** Prints the dossier page to `path` as PDF, readable by the owner only (0600). */
export async function saveDossierPdf(html: string, path: string): Promise<void> {
  writePrivateFile(path, await dossierPdf(html));
}

export interface DossierPdfSaverDeps {
  readonly dialog: Pick<Dialog, 'showSaveDialog'>;
  /** The window the save dialog belongs to (null: a free-standing dialog). */
  readonly parent: () => BrowserWindow | null;
}

/** DesktopDeps.saveDossierPdf for the app: asks where (PDF only), then prints there; null when cancelled. */
export function createDossierPdfSaver(deps: DossierPdfSaverDeps): (html: string, suggestedName: string) => Promise<string | null> {
  return async (html, suggestedName) => {
    const options = { title: 'Save the client access dossier', defaultPath: suggestedName, filters: [{ name: 'PDF', extensions: ['pdf'] }], properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
    const parent = deps.parent();
    const choice = parent === null ? await deps.dialog.showSaveDialog(options) : await deps.dialog.showSaveDialog(parent, options);
    if (choice.canceled || choice.filePath === undefined || choice.filePath === '') return null;
    const path = choice.filePath.toLowerCase().endsWith('.pdf') ? choice.filePath : `${choice.filePath}.pdf`;
    await saveDossierPdf(html, path);
    return path;
  };
}
