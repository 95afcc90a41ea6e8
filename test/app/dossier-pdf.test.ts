// main/app/dossier-pdf.ts with a mocked electron: the dossier page is loaded in a hidden,
// sandboxed, script-free window with its own session, printed with printToPDF, written 0600, and
// the window is destroyed also when printing fails; a page too big for a data URL goes through a
// private temporary file that is removed afterwards.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

interface FakeWindow {
  options: Record<string, unknown>;
  loadURL: ReturnType<typeof vi.fn>;
  loadFile: ReturnType<typeof vi.fn>;
  destroy: ReturnType<typeof vi.fn>;
  webContents: { printToPDF: ReturnType<typeof vi.fn> };
}
const windows: FakeWindow[] = [];
let printFails = false;
let loadedFileExisted: boolean | null = null;

vi.mock('electron', () => ({
  BrowserWindow: class {
    loadURL = vi.fn(() => Promise.resolve());
    loadFile = vi.fn((file: string) => {
      loadedFileExisted = existsSync(file);
      return Promise.resolve();
    });
    destroy = vi.fn();
    webContents = { printToPDF: vi.fn(() => (printFails ? Promise.reject(new Error('printing failed')) : Promise.resolve(Buffer.from('%PDF-1.7 fake')))) };
    constructor(options: Record<string, unknown>) {
      windows.push(this as unknown as FakeWindow);
      (this as unknown as FakeWindow).options = options;
    }
  },
}));

const { createDossierPdfSaver, dossierPdf, saveDossierPdf } = await import('../../main/app/dossier-pdf');

const dirs: string[] = [];
afterEach(() => {
  printFails = false;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const PAGE = '<!doctype html><html lang="es"><title>Expediente — Ñandú & Co</title><p>Cómo revocar</p></html>';

describe('dossier as PDF', () => {
  it('loads the page as a data URL in a hidden, script-free, sandboxed window and prints it to A4', async () => {
    const pdf = await dossierPdf(PAGE);
    expect(pdf.toString()).toBe('%PDF-1.7 fake');
    const win = windows.at(-1)!;
    expect(win.options).toMatchObject({ show: false });
    expect(win.options.webPreferences).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false });
    expect(win.options.webPreferences).not.toHaveProperty('preload');
    // Its own in-memory session: not the app's, not persisted.
    expect((win.options.webPreferences as { partition: string }).partition).toMatch(/^dossier-pdf-/);
    const url = win.loadURL.mock.calls[0]![0] as string;
    expect(url.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    expect(Buffer.from(url.split(',')[1]!, 'base64').toString('utf8')).toBe(PAGE);
    expect(win.webContents.printToPDF).toHaveBeenCalledWith(expect.objectContaining({ printBackground: true, pageSize: 'A4', preferCSSPageSize: true }));
    expect(win.destroy).toHaveBeenCalledOnce();
  });

  it('writes the PDF readable by the owner only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fivex-pdf-'));
    dirs.push(dir);
    const out = join(dir, 'dossier.pdf');
    await saveDossierPdf(PAGE, out);
    expect(readFileSync(out, 'utf8')).toBe('%PDF-1.7 fake');
    if (process.platform !== 'win32') expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('destroys the window and writes nothing when printing fails', async () => {
    printFails = true;
    const dir = mkdtempSync(join(tmpdir(), 'fivex-pdf-'));
    dirs.push(dir);
    const out = join(dir, 'dossier.pdf');
    await expect(saveDossierPdf(PAGE, out)).rejects.toThrow('printing failed');
    expect(windows.at(-1)!.destroy).toHaveBeenCalledOnce();
    expect(existsSync(out)).toBe(false);
  });

  it('goes through a private temporary file for a page too big for a data URL, and removes it', async () => {
    const big = `<!doctype html><p>${'x'.repeat(2_000_000)}</p>`;
    await dossierPdf(big);
    const win = windows.at(-1)!;
    expect(win.loadURL).not.toHaveBeenCalled();
    const file = win.loadFile.mock.calls[0]![0] as string;
    expect(loadedFileExisted).toBe(true);
    expect(existsSync(file)).toBe(false);
  });
});

describe('the app\'s save-as-PDF', () => {
  it('asks where (PDF only, under the suggested name), adds .pdf when left out, and prints there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fivex-pdf-'));
    dirs.push(dir);
    const showSaveDialog = vi.fn((..._args: unknown[]) => Promise.resolve({ canceled: false, filePath: join(dir, 'acme') }));
    const save = createDossierPdfSaver({ dialog: { showSaveDialog }, parent: () => null });
    const path = await save(PAGE, 'fivex-dossier-acme-2026-12-04.pdf');
    expect(path).toBe(join(dir, 'acme.pdf'));
    expect(readFileSync(path!, 'utf8')).toBe('%PDF-1.7 fake');
    expect(showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: 'fivex-dossier-acme-2026-12-04.pdf', filters: [{ name: 'PDF', extensions: ['pdf'] }] }));
  });

  it('prints nothing when the person cancels', async () => {
    const before = windows.length;
    const save = createDossierPdfSaver({ dialog: { showSaveDialog: () => Promise.resolve({ canceled: true, filePath: '' }) }, parent: () => null });
    expect(await save(PAGE, 'x.pdf')).toBeNull();
    expect(windows.length).toBe(before);
  });
});
