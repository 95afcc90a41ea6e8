// A seller at the demo marketplace's consent page (connectors/demo/server.ts), without a real
// browser: opens the authorize URL, presses Approve or Decline (the page's form), and hands back
// where the marketplace redirects, which is the callback (loopback, fivex-connect:// or relay).
// With deliver, it also follows a loopback callback, as a browser would.
//
//   const callback = await decideAtDemo(authorizeUrl, 'approve');          // the redirect target
//   const { status } = await decideAtDemo(url, 'approve', { deliver: true }); // loopback hit

export interface DemoDecision {
  /** The redirect the marketplace answered with: the callback URL with code (or error) and state. */
  readonly callback: string;
  /** With deliver: the loopback receiver's answer. */
  readonly status: number | null;
}

export async function decideAtDemo(authorizeUrl: string | URL, decision: 'approve' | 'decline', opts: { readonly deliver?: boolean } = {}): Promise<DemoDecision> {
  const url = new URL(authorizeUrl);
  const page = await fetch(url);
  const html = await page.text();
  const requestId = /name="request" value="([^"]+)"/.exec(html)?.[1];
  if (page.status !== 200 || requestId === undefined) throw new Error(`demo seller: no consent page at ${url.origin}${url.pathname} (${page.status}): ${html.slice(0, 200)}`);
  const answer = await fetch(new URL('/oauth/authorize/decision', url), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: requestId, decision }),
  });
  const callback = answer.headers.get('location');
  if (answer.status !== 303 || callback === null) throw new Error(`demo seller: the decision was answered ${answer.status} without a redirect`);
  if (!opts.deliver) return { callback, status: null };
  const delivered = await fetch(callback, { redirect: 'manual' });
  await delivered.text();
  return { callback, status: delivered.status };
}
