// Serves the built renderer from fivex-app://ui/ instead of file:// (R25): a standard, secure
// scheme without bypassCSP, answering only GET for files inside out/renderer.
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { securityHeaders } from '../desktop/csp';
import { resolveStaticFile } from '../desktop/static-files';
import { APP_HOST, APP_SCHEME } from './app-origin';

/** Must run before `ready`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(rendererRoot: string): void {
  const headers = securityHeaders();
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (request.method !== 'GET' || url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const file = resolveStaticFile(rendererRoot, url.pathname);
    if (file === null) return new Response('Not found', { status: 404 });
    return new Response(await readFile(file.path), { headers: { 'Content-Type': file.contentType, ...headers } });
  });
}
