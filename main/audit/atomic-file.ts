// Replacing a small file so that a crash leaves either the old content or the new one, owner-only:
// used for the audit anchors and for audit exports (which must not be half-written or readable by
// others, even when the file already existed with a wider mode).
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { chmod, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a temp file in the same folder, fsyncs it, then renames it over the target: readers see
 * the old content or the new, never a torn one. The folder itself is not fsynced: if power fails
 * right after the rename, the old content may come back (for an anchor that only makes it lag:
 * see audit-log.ts).
 */
export function writeFileAtomic(file: string, data: string | Buffer | Iterable<string>): void {
  const temp = tempBeside(file);
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      const chunks: Iterable<string | Buffer> = typeof data === 'string' || Buffer.isBuffer(data) ? [data] : data;
      for (const chunk of chunks) writeAll(fd, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  // rename keeps the temp file's 0600; a chmod covers file systems whose umask handling differs.
  if (process.platform !== 'win32') chmodSync(file, 0o600);
}

/** writeSync may write less than asked; a large export must not end short. */
function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

function tempBeside(file: string): string {
  return join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * writeFileAtomic on fs.promises, for the audit anchors written after each append: the write and
 * its fsync run on libuv's thread pool, so the calling thread (the desktop's main process) never
 * waits for the disk. Same guarantees: old content or new, owner-only, folder not fsynced.
 */
export async function writeFileAtomicAsync(file: string, data: string | Buffer): Promise<void> {
  const temp = tempBeside(file);
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  if (process.platform !== 'win32') await chmod(file, 0o600);
}
