// The pages the loopback receiver answers with, and their headers. Fixed text only: nothing from
// the request is ever echoed, so there is nothing to escape; no external resource, script or link,
// so the code in the address bar cannot leak through Referer or a third party (R13).

export type LoopbackPage = 'received' | 'declined' | 'failed' | 'rejected' | 'not_found' | 'method_not_allowed';

interface PageText {
  readonly title: string;
  readonly en: string;
  readonly es: string;
}

const CLOSE_EN = 'You can close this tab.';
const CLOSE_ES = 'Puede cerrar esta pestaña.';

const TEXTS: Readonly<Record<LoopbackPage, PageText>> = {
  received: {
    title: 'FiveX Connect: authorization received',
    en: `FiveX Connect received the authorization and is finishing the connection in the app. ${CLOSE_EN}`,
    es: `FiveX Connect recibió la autorización y está terminando la conexión en la aplicación. ${CLOSE_ES}`,
  },
  declined: {
    title: 'FiveX Connect: consent declined',
    en: `The consent was declined, so nothing was connected. ${CLOSE_EN}`,
    es: `Se rechazó el consentimiento, así que no se conectó nada. ${CLOSE_ES}`,
  },
  failed: {
    title: 'FiveX Connect: authorization not completed',
    en: `The marketplace did not complete the authorization. FiveX Connect shows what to do next. ${CLOSE_EN}`,
    es: `El marketplace no completó la autorización. FiveX Connect indica qué hacer a continuación. ${CLOSE_ES}`,
  },
  rejected: {
    title: 'FiveX Connect: link not accepted',
    en: `This link is not from the current connection attempt, or it has expired or was already used. Start the connection again from FiveX Connect. ${CLOSE_EN}`,
    es: `Este enlace no es del intento de conexión actual, o caducó o ya se usó. Vuelva a iniciar la conexión desde FiveX Connect. ${CLOSE_ES}`,
  },
  not_found: {
    title: 'FiveX Connect: not found',
    en: 'Nothing is served at this address.',
    es: 'No hay nada en esta dirección.',
  },
  method_not_allowed: {
    title: 'FiveX Connect: method not allowed',
    en: 'Only the browser redirect from the marketplace is accepted here.',
    es: 'Aquí solo se acepta la redirección del navegador desde el marketplace.',
  },
};

export function pageHtml(page: LoopbackPage): string {
  const t = TEXTS[page];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}h1{font-size:1.25rem}</style>
</head>
<body>
<h1>${t.title}</h1>
<p>${t.en}</p>
<p lang="es">${t.es}</p>
</body>
</html>
`;
}

/** Headers on every loopback response, success or not. */
export const LOOPBACK_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  // One request per connection: the receiver closes soon and must not wait on idle keep-alives.
  Connection: 'close',
};
