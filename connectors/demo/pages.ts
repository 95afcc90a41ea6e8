// The demo marketplace's HTML: the consent page with Approve / Decline, error and landing pages,
// and their stylesheet. Plain HTML and CSS from this server only: no scripts, no external
// resources, so the page cannot leak the request anywhere (R13 in docs/security-requirements.md).

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export const DEMO_CSS = `
:root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f4f5f7; color: #1d2330; }
main { width: min(32rem, 92vw); background: #fff; border-radius: 12px; padding: 2rem; box-shadow: 0 4px 24px rgb(0 0 0 / 8%); }
h1 { font-size: 1.35rem; margin: 0 0 .25rem; }
.badge { display: inline-block; font-size: .75rem; padding: .15rem .5rem; border-radius: 999px; background: #fff3cd; color: #6b5200; }
ul { padding-left: 1.2rem; } li { margin: .25rem 0; }
code { font-size: .85em; background: #eef0f4; padding: .1rem .3rem; border-radius: 4px; word-break: break-all; }
.actions { display: flex; gap: .75rem; margin-top: 1.5rem; }
button { flex: 1; font: inherit; padding: .7rem 1rem; border-radius: 8px; border: 1px solid #c5cad3; background: #fff; cursor: pointer; }
button.approve { background: #1b6ef3; border-color: #1b6ef3; color: #fff; }
button:focus-visible { outline: 3px solid #94b8ff; outline-offset: 2px; }
.muted { color: #5b6474; font-size: .9rem; }
.error { border-left: 4px solid #d93025; padding-left: 1rem; }
@media (prefers-color-scheme: dark) {
  body { background: #15181e; color: #e6e8ec; } main { background: #1f232b; box-shadow: none; }
  code { background: #2b303a; } button { background: #2b303a; color: #e6e8ec; border-color: #3a404c; }
  .muted { color: #a3abb9; }
}
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/demo.css"></head>
<body><main>${body}</main></body></html>`;
}

export function consentPage(args: { requestId: string; clientId: string; redirectUri: string; scopes: ReadonlyArray<string> }): string {
  const scopes = args.scopes.length > 0 ? args.scopes : ['profile'];
  return page(
    'Authorize access — Demo marketplace',
    `<span class="badge">Demo marketplace</span>
<h1>Allow “${escapeHtml(args.clientId)}” to access your demo shop?</h1>
<p>The app asks for:</p>
<ul>${scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('')}</ul>
<p class="muted">After you decide, this page sends you back to <code>${escapeHtml(args.redirectUri)}</code>.</p>
<form method="post" action="/oauth/authorize/decision">
<input type="hidden" name="request" value="${escapeHtml(args.requestId)}">
<div class="actions">
<button type="submit" name="decision" value="decline">Decline</button>
<button type="submit" name="decision" value="approve" class="approve" autofocus>Approve</button>
</div>
</form>`,
  );
}

export function errorPage(title: string, message: string): string {
  return page(title, `<span class="badge">Demo marketplace</span><div class="error"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></div>`);
}

export function landingPage(baseUrl: string, clientId: string): string {
  return page(
    'Demo marketplace',
    `<span class="badge">Demo marketplace</span>
<h1>FiveX Connect demo marketplace</h1>
<p>A local OAuth 2.0 server to try consent, refresh, health checks and revocation without a marketplace account.</p>
<p>Point the demo connector at it:</p>
<p><code>fivex-connect app set demo --client-id ${escapeHtml(clientId)} --param baseUrl=${escapeHtml(baseUrl)}</code></p>
<p>Simulate trouble:</p>
<ul>
<li><code>POST /demo/revoke-all</code>: the seller removes the app; the next refresh fails with invalid_grant.</li>
<li><code>POST /demo/outage?seconds=60</code>: every endpoint answers 503 with Retry-After for a minute.</li>
<li><code>POST /demo/self-authorize</code>: a refresh token to try <code>import</code>.</li>
</ul>`,
  );
}
