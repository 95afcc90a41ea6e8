// `connections`, `refresh`, `probe`, `token`, `pause`, `resume`, `monitor`: the credential engine
// driven headless. Every command that returns a CONNECTION prints it even when it failed.
import { explainReason, type Lang } from '../../health/reasons';
import type { ConnectionView } from '../../refresh';
import { toConnectionJson, type ConnectionJson } from '../connection-json';
import type { VaultContext } from '../context';
import { CliError, usageError } from '../errors';
import { table } from '../output';
import { waitForInterrupt } from '../signals';
import { startMonitorMetrics, type MonitorMetrics } from '../../metrics/monitor-metrics';
import { MetricsAddressError } from '../../metrics/server';

const STATES = ['active', 'degraded', 'needs_consent', 'disconnected'] as const;

export function describeConnection(c: ConnectionJson): string {
  const reason = c.reason ? ` (${c.reason})` : '';
  return `${c.id}  ${c.tenant} / ${c.connector} / ${c.account}${c.region ? ` [${c.region}]` : ''}: ${c.state}${reason}`;
}

function requireConnection(ctx: VaultContext, id: string): ConnectionView {
  const view = ctx.services.engine.store.get(id);
  if (!view) throw new CliError('unknown_connection', `unknown connection "${id}"; see \`fivex-connect connections\` for the ids`);
  return view;
}

export function connectionsList(ctx: VaultContext, opts: { tenant?: string; state?: string }): void {
  let tenantId: string | undefined;
  if (opts.tenant !== undefined) {
    const tenant = ctx.services.tenants.find(opts.tenant);
    if (!tenant) throw new CliError('unknown_tenant', `unknown tenant "${opts.tenant}"; see \`fivex-connect tenant list\``);
    tenantId = tenant.id;
  }
  if (opts.state !== undefined && !(STATES as ReadonlyArray<string>).includes(opts.state)) {
    throw usageError(`--state takes one of ${STATES.join(', ')}; got "${opts.state}"`);
  }
  const all = ctx.services.engine.store
    .listConnections({
      ...(tenantId !== undefined ? { tenantId } : {}),
      ...(opts.state !== undefined ? { state: opts.state as (typeof STATES)[number] } : {}),
    })
    .map(toConnectionJson);
  // What the operator has no grant for is left out (a connector-narrowed grant narrows the list).
  const list = ctx.services.access.filterVisible(ctx.principal, all, (c) => ({ tenantId: c.tenantId, connector: c.connector }));
  const shown = new Set(list.map((c) => c.id));
  // The same seller account under two tenants is usually a mistake (or a client who moved agencies).
  for (const dup of ctx.services.engine.store.findDuplicateAccounts()) {
    if (!dup.connections.every((c) => shown.has(c.id))) continue;
    const where = dup.connections.map((c) => `${c.tenant} (${c.id})`).join(', ');
    ctx.out.info(`Note: ${dup.connector} account ${dup.externalAccount} is connected under more than one tenant: ${where}.`);
  }
  ctx.out.result(list, () =>
    list.length === 0
      ? 'No connections. Start one with: fivex-connect connect TENANT CONNECTOR'
      : table(
          list.map((c) => [c.id, c.tenant, c.connector, c.account, c.state, c.reason ?? '', c.consentExpiresAt?.slice(0, 10) ?? '']),
          ['ID', 'TENANT', 'CONNECTOR', 'ACCOUNT', 'STATE', 'REASON', 'RENEW BY'],
        ),
  );
}

/** The language for people: Spanish when the locale says so, else English. */
export function peopleLang(ctx: VaultContext): Lang {
  const locale = ctx.io.env.LC_ALL ?? ctx.io.env.LC_MESSAGES ?? ctx.io.env.LANG ?? '';
  return locale.toLowerCase().startsWith('es') ? 'es' : 'en';
}

/** What to do next, for a connection that is not active. */
function nextStep(json: ConnectionJson): string {
  if (json.state === 'needs_consent') return ` Renew consent with: fivex-connect reconnect ${json.id}`;
  if (json.state === 'disconnected') return ` It was revoked; reconnect it with: fivex-connect reconnect ${json.id}`;
  return '';
}

/** Prints a CONNECTION; exits 1 (still printing it) unless it ended in an acceptable state. */
function finish(ctx: VaultContext, view: ConnectionView, ok: boolean, failure: string, done = ''): void {
  const json = toConnectionJson(view);
  if (!ok) {
    const text = json.reason ? explainReason(json.reason, { lang: peopleLang(ctx), connector: ctx.services.connectors.get(json.connector) }).text : '';
    const why = text ? ` ${text.charAt(0).toUpperCase()}${text.slice(1)}` : '';
    throw new CliError(json.reason ?? 'failed', `${failure}: ${describeConnection(json)}.${why}${nextStep(json)}`, 1, json);
  }
  ctx.out.result(json, () => `${done}${describeConnection(json)}`);
}

export async function refreshCommand(ctx: VaultContext, id: string): Promise<void> {
  requireConnection(ctx, id);
  const result = await ctx.services.engine.refresh.refreshConnection(id, { force: true, actor: ctx.actor });
  const view = result.connection;
  if (result.outcome === 'refreshed_elsewhere') ctx.out.info('Another process refreshed this connection meanwhile; using its result.');
  finish(ctx, view, view.state === 'active', `the refresh did not leave the connection active (${result.reason ?? result.outcome})`, 'Refreshed: ');
}

export async function probeCommand(ctx: VaultContext, id: string): Promise<void> {
  requireConnection(ctx, id);
  const outcome = await ctx.services.engine.probes.probeConnection(id, { force: true, actor: ctx.actor });
  if (outcome.status === 'skipped') ctx.out.info(`Probe skipped: ${outcome.skipped ?? 'not due'}.`);
  finish(ctx, outcome.connection, outcome.status !== 'failed', `the health probe failed (${outcome.reason ?? 'unknown'})`, outcome.status === 'skipped' ? '' : 'Probe passed: ');
}

export async function tokenCommand(ctx: VaultContext, id: string): Promise<void> {
  requireConnection(ctx, id);
  const fresh = await ctx.services.engine.refresh.getFreshAccessToken(id, ctx.actor);
  // The one deliberate way a secret leaves the main process: audited by the engine before this.
  ctx.out.result({ accessToken: fresh.accessToken, expiresAt: fresh.expiresAt, headers: fresh.headers }, () => fresh.accessToken);
}

export function pauseCommand(ctx: VaultContext, id: string, pause: boolean): void {
  requireConnection(ctx, id);
  const view = pause ? ctx.services.engine.lifecycle.pause(id, ctx.actor) : ctx.services.engine.lifecycle.resume(id, ctx.actor);
  const json = toConnectionJson(view);
  ctx.out.result(json, () => `${pause ? 'Paused' : 'Resumed'} ${describeConnection(json)}`);
}

export async function monitorCommand(ctx: VaultContext, opts: { once: boolean; interval?: string; metrics?: string }): Promise<void> {
  const { scheduler } = ctx.services.engine;
  if (opts.once && opts.metrics !== undefined) throw usageError('--metrics serves while monitor keeps running; leave out --once (a scraper needs a running process)');
  if (opts.once) {
    const r = await scheduler.runDue();
    await ctx.services.engine.flush();
    const summary = { due: r.due, refreshed: r.refreshed, failed: r.failed, probed: r.probed };
    ctx.out.result(summary, () => `Due ${r.due}, refreshed ${r.refreshed}, failed ${r.failed}, probed ${r.probed}.`);
    return;
  }
  const seconds = opts.interval === undefined ? 60 : Number(opts.interval);
  if (!Number.isFinite(seconds) || seconds < 1) throw usageError('--interval takes a number of seconds (at least 1)');
  const metrics = opts.metrics === undefined ? null : await startMetrics(ctx, opts.metrics);
  ctx.out.info(`Monitoring every ${seconds} s; press Ctrl+C to stop.`);
  const monitor = scheduler.monitor({
    tickMs: seconds * 1000,
    onTick: (r) => {
      metrics?.recordTick(r);
      ctx.out.event({ event: 'tick', at: new Date().toISOString(), due: r.due, refreshed: r.refreshed, failed: r.failed, probed: r.probed }, () =>
      `${new Date().toISOString()}  due ${r.due}, refreshed ${r.refreshed}, failed ${r.failed}, probed ${r.probed}`);
    },
  });
  await waitForInterrupt();
  await monitor.stop();
  await metrics?.close();
  await ctx.services.engine.flush();
}

async function startMetrics(ctx: VaultContext, address: string): Promise<MonitorMetrics> {
  try {
    const metrics = await startMonitorMetrics(address, ctx.services);
    ctx.out.info(`Serving OpenMetrics at ${metrics.url}`);
    return metrics;
  } catch (err) {
    if (err instanceof MetricsAddressError) throw usageError(err.message);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError('metrics_address_in_use', `--metrics ${address}: that port is already in use; choose another port`);
    throw err;
  }
}
