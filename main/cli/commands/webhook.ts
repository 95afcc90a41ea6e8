// `webhook set --url-env VAR`, `webhook clear`, `webhook show`: the optional Slack-compatible
// webhook that hears about health state changes. The URL is a secret (it authorizes posting), so
// it comes from an env var and is stored sealed.
import { assertSafeEndpointUrl, ConfigError } from '../../oauth/resolve';
import type { VaultContext } from '../context';
import { CliError, usageError } from '../errors';
import { readSecretFromEnv } from '../secrets';

export function webhookSet(ctx: VaultContext, urlEnv: string | undefined): void {
  if (!urlEnv) throw usageError('webhook set needs --url-env VAR: the name of an environment variable holding the webhook URL');
  const raw = readSecretFromEnv(ctx.io, urlEnv, 'webhook URL');
  let url: URL;
  try {
    url = new URL(raw);
    assertSafeEndpointUrl(url, 'the webhook URL');
  } catch (err) {
    throw new CliError('invalid_webhook', err instanceof ConfigError ? err.message : `${urlEnv} does not hold a URL; put the full https://... address in it`);
  }
  ctx.vault.transaction(() => {
    ctx.services.settings.setWebhookUrl(url.toString());
    ctx.services.audit.append({ actor: ctx.actor, action: 'settings.webhook', outcome: 'ok', detail: { host: url.host } });
  });
  ctx.out.result({ webhook: true, host: url.host }, () => `Health changes will be posted to the webhook at ${url.host}.`);
}

export function webhookClear(ctx: VaultContext): void {
  ctx.vault.transaction(() => {
    ctx.services.settings.setWebhookUrl(null);
    ctx.services.audit.append({ actor: ctx.actor, action: 'settings.webhook', outcome: 'ok', detail: { cleared: true } });
  });
  ctx.out.result({ webhook: false, host: null }, () => 'The health webhook is off.');
}

export function webhookShow(ctx: VaultContext): void {
  const url = ctx.services.settings.webhookUrl();
  const host = url === null ? null : new URL(url).host;
  // Only the host: the path of a Slack webhook is its secret.
  ctx.out.result({ webhook: url !== null, host }, () => (host ? `Health changes are posted to a webhook at ${host}.` : 'No health webhook is set.'));
}
