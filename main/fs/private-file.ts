// Files only the OS user may read: exports that carry tenant data (audit exports, dossiers) and
// the vault's folder. Creating with a mode is not enough: an existing file or folder keeps the
// mode it had, so these tighten what is already there too.
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const POSIX = process.platform !== 'win32';

/**
 * Writes `data` to `path` readable by the owner only (0600), also when `path` already existed with
 * a wider mode. Atomic: the data goes to a private temporary file beside it, renamed over `path`
 * once complete, so a reader never sees half a file and a failure leaves the old file as it was.
 */
export function writePrivateFile(path: string, data: string | Uint8Array): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | null = openSync(temp, 'wx', 0o600);
  try {
    // The umask may have narrowed the mode further, never widened it; this pins it at 0600.
    if (POSIX) chmodSync(temp, 0o600);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let at = 0; at < bytes.byteLength; ) at += writeSync(fd, bytes, at, bytes.byteLength - at);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, path);
  } catch (err) {
    if (fd !== null) closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
}

/**
 * Makes a folder owner-only (0700) when group or others had any access. Returns the mode it had
 * when it was changed, so the caller can tell the user once; null when nothing was changed
 * (already private, Windows, or a file system that keeps no modes).
 */
export function restrictFolderToOwner(dir: string): number | null {
  if (!POSIX) return null;
  const mode = statSync(dir).mode & 0o777;
  if ((mode & 0o077) === 0) return null;
  try {
    chmodSync(dir, 0o700);
  } catch {
    return null; // not ours to change (e.g. a shared mount); opening still works
  }
  return (statSync(dir).mode & 0o077) === 0 ? mode : null;
}

/** The one line a person is shown when their vault folder was tightened. */
export function tightenedFolderNotice(dir: string, previousMode: number): string {
  return `Note: the vault folder ${dir} was open to other users (mode ${previousMode.toString(8).padStart(4, '0')}); it is now owner-only (0700).`;
}
