// Maps a request path to a file of the built renderer (out/renderer) for the Electron protocol
// handler and the browser preview: no traversal out of the root, no dotfiles, known types only.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticFile {
  readonly path: string;
  readonly contentType: string;
}

/**
 * `/` is index.html. Returns null for anything outside `root` (after resolving symlinks), for
 * hidden segments, for unknown extensions, and for missing files.
 */
export function resolveStaticFile(root: string, urlPath: string): StaticFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (relative.split('/').some((segment) => segment.startsWith('.'))) return null;
  const contentType = TYPES[extname(relative).toLowerCase()];
  if (contentType === undefined) return null;
  const base = resolve(root);
  const candidate = resolve(join(base, relative));
  if (!candidate.startsWith(base + sep)) return null;
  if (!existsSync(candidate)) return null;
  const real = realpathSync(candidate);
  if (!real.startsWith(realpathSync(base) + sep) || !statSync(real).isFile()) return null;
  return { path: real, contentType };
}
