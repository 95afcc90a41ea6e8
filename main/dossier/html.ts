// The dossier as one self-contained HTML file: no script, no external resource (the CSP meta
// forbids both), inline CSS with a print stylesheet so "Save as PDF" (or printToPDF in the app)
// gives clean A4 pages, one account per block. Every text from the vault or a connector goes
// through escapeHtml: tenant and account names are whatever people typed.
import { createHash } from 'node:crypto';
import type { DossierConnection, DossierModel } from './model';
import { DOSSIER_TEXTS, dayOf } from './texts';
import type { DossierTexts } from './texts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Backticked command names in a text become <code>; everything else is escaped. */
function prose(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part)))
    .join('');
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1d1d1b; background: #f7f7f5; margin: 0; }
main { max-width: 960px; margin: 0 auto; padding: 32px 24px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 2px; }
h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #5b5b57; margin: 16px 0 6px; }
.intro { color: #5b5b57; margin: 0 0 16px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 8px; }
dl.meta dt { color: #5b5b57; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
.hint { color: #5b5b57; font-size: 12px; margin: 0 0 24px; }
section.account { background: #fff; border: 1px solid #dcdcd6; border-radius: 8px; padding: 16px 20px; margin: 0 0 16px; }
.sub { color: #5b5b57; margin: 0 0 12px; overflow-wrap: anywhere; }
table.facts { border-collapse: collapse; width: 100%; }
table.facts th { text-align: left; font-weight: 600; color: #5b5b57; padding: 4px 16px 4px 0; width: 28%; vertical-align: top; }
table.facts td { padding: 4px 0; vertical-align: top; overflow-wrap: anywhere; }
.state-active { color: #1e6b34; } .state-degraded { color: #8a5a00; } .state-needs_consent { color: #a12a1a; } .state-disconnected { color: #5b5b57; }
ul { margin: 4px 0; padding-left: 20px; }
code { font: 12px/1.4 ui-monospace, "SF Mono", Menlo, Consolas, monospace; background: #efefea; padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }
.warn { color: #a12a1a; }
footer { color: #5b5b57; font-size: 12px; margin-top: 24px; }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  section.account { border: 1px solid #999; border-radius: 0; break-inside: avoid; page-break-inside: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  code { background: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
}`;

/**
 * The CSP source for exactly this stylesheet: the app's own policy (main/desktop/csp.ts) allows it
 * so the dossier keeps its styles in the page's sandboxed srcdoc frame, which inherits that policy.
 */
export const DOSSIER_STYLE_HASH = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`;

function row(label: string, value: string): string {
  return `<tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`;
}

function list(items: ReadonlyArray<string>): string {
  return items.length === 0 ? '' : `<ul>${items.map((i) => `<li>${prose(i)}</li>`).join('')}</ul>`;
}

function scopesHtml(c: DossierConnection, t: DossierTexts): string {
  if (c.scopes.source === 'unknown') return `<p>${escapeHtml(t.scopesUnknown)}</p>`;
  const intro = c.scopes.source === 'granted' ? t.scopesGranted : t.scopesRequested;
  const items = c.scopes.groups.map((g) => {
    const missing = g.complete === false ? ` <span class="warn">(${escapeHtml(t.purposeIncomplete)})</span>` : '';
    return `<li><strong>${escapeHtml(g.label)}</strong>${missing}: ${g.scopes.map((x) => `<code>${escapeHtml(x)}</code>`).join(', ')}</li>`;
  });
  return `<p>${escapeHtml(intro)}</p><ul>${items.join('')}</ul>`;
}

function connectionHtml(c: DossierConnection, t: DossierTexts): string {
  const state = [`<span class="state-${escapeHtml(c.state.code)}">${escapeHtml(c.state.label)}</span>`];
  if (c.state.meaning !== null) state.push(`<br>${prose(c.state.meaning)}`);
  if (c.state.whoCanFix !== null) state.push(`<br>${prose(c.state.whoCanFix)}`);
  const renew = c.renewBy === null ? escapeHtml(t.nothingForcesRenewal) : `<strong>${escapeHtml(dayOf(c.renewBy.date) ?? '')}</strong> — ${prose(c.renewBy.why)}`;
  const revoke = c.revoke.revoked
    ? `<p>${prose(c.revoke.revoked.text)}</p>`
    : [
        `<p><strong>${escapeHtml(t.stops)}:</strong></p>${list(c.revoke.stops)}`,
        `<p><strong>${escapeHtml(t.remains)}:</strong></p>${list(c.revoke.remains)}`,
        c.revoke.how === null ? '' : `<p>${prose(c.revoke.how)}</p>`,
      ].join('');
  // Where the preview already tells the seller's steps (no remote revocation), they are not repeated.
  const steps = c.revoke.marketplaceSteps;
  const told = steps !== null && [...c.revoke.stops, ...c.revoke.remains].some((line) => line.includes(steps));
  const marketplaceSide = steps === null || told ? '' : `<p><strong>${escapeHtml(t.marketplaceSide)}:</strong> ${prose(steps)}</p>`;
  const who = c.reauthenticate.canReconnect.map((p) => (p.kind === 'group' ? p.name : `${p.name} (${p.role})`));
  return `<section class="account" id="${escapeHtml(c.id)}">
<h2>${escapeHtml(c.marketplace.name)} — ${escapeHtml(c.accountLabel)}</h2>
<p class="sub">${escapeHtml(t.connectionId)}: <code>${escapeHtml(c.id)}</code>${c.accountLabel === c.account ? '' : ` · ${escapeHtml(t.account)}: ${escapeHtml(c.account)}`}</p>
<table class="facts">
${row(t.marketplace, escapeHtml(c.marketplace.name))}
${row(t.account, escapeHtml(c.accountLabel))}
${row(t.region, c.region === null ? '—' : escapeHtml(c.region.label))}
${row(t.owner, escapeHtml(c.owner ?? '—'))}
${row(t.consentDate, escapeHtml(dayOf(c.consentGrantedAt) ?? '—'))}
${row(t.renewBy, renew)}
${row(t.state, state.join(''))}
</table>
<h3>${escapeHtml(t.scopes)}</h3>
${scopesHtml(c, t)}
<h3>${escapeHtml(t.howToRevoke)}</h3>
${revoke}${marketplaceSide}
<h3>${escapeHtml(t.howToReauthenticate)}</h3>
<p>${prose(c.reauthenticate.how)}</p>
<p><strong>${escapeHtml(t.whoCanReconnect)}:</strong></p>${list(who)}
${c.reauthenticate.seller === null ? '' : `<p><strong>${escapeHtml(t.sellerPart)}:</strong> ${prose(c.reauthenticate.seller)}</p>`}
</section>`;
}

export function renderDossierHtml(model: DossierModel): string {
  const t = DOSSIER_TEXTS[model.lang];
  const audit = model.audit.verified && model.audit.head !== null ? t.auditIntact(model.audit.events, model.audit.head) : t.auditBroken(model.audit.reason ?? '?', model.audit.events);
  const body = model.connections.length === 0 ? `<p>${escapeHtml(t.noAccounts)}</p>` : model.connections.map((c) => connectionHtml(c, t)).join('\n');
  return `<!doctype html>
<html lang="${model.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${t.title} — ${model.tenant.name}`)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(t.title)}</h1>
<p class="intro">${escapeHtml(t.intro)}</p>
<dl class="meta">
<dt>${escapeHtml(t.client)}</dt><dd><strong>${escapeHtml(model.tenant.name)}</strong> (<code>${escapeHtml(model.tenant.id)}</code>)</dd>
<dt>${escapeHtml(t.generatedAt)}</dt><dd>${escapeHtml(model.generatedAt)}</dd>
<dt>${escapeHtml(t.vault)}</dt><dd><code>${escapeHtml(model.vault.id)}</code> · ${escapeHtml(model.vault.dir)}</dd>
<dt>${escapeHtml(t.auditHead)}</dt><dd${model.audit.verified ? '' : ' class="warn"'}>${escapeHtml(audit)}</dd>
<dt>&nbsp;</dt><dd>${escapeHtml(t.accounts(model.connections.length))}</dd>
</dl>
<p class="hint">${prose(t.auditHint)}</p>
</header>
${body}
<footer>${escapeHtml(t.footer)}</footer>
</main>
</body>
</html>
`;
}
