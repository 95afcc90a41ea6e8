// The handlers of the workspace's channels (preload/workspace-channels.ts) over one unlocked
// vault's services: the sidebar's clients with health counts, grid rows per client and across
// clients (needs attention), a connection's detail (settings, scopes by purpose, health history,
// audit trail), the audit log (filters, integrity, export), app registrations and settings.
// Read paths only read; each write is one transaction with its audit event.
import type { ConnectorDefinition } from '../../../connectors/types';
import { PURPOSES } from '../../../connectors/types';
import type { AuditLog } from '../../audit/audit-log';
import type { CredentialEngine } from '../../refresh';
import type { AppRegistrationsRepo } from '../../repos/app-registrations';
import { forecastRenewByDate } from '../../health/forecast';
import type { AttentionCandidate, ConnectionGridRepo, GridConnectionRow } from '../../repos/connection-grid';
import type { GrantsRepo } from '../../repos/grants';
import type { SettingsRepo } from '../../repos/settings';
import type { TenantsRepo } from '../../repos/tenants';
import type { Vault } from '../../vault/types';
import type { HandlersOf } from '../../../preload/schema-kit';
import type { AuditFilter, WORKSPACE_INVOKE } from '../../../preload/workspace-channels';
import { DesktopError } from '../errors';
import { checkAppChange, toAppDto } from './apps';
import { auditCsv, auditJson, filterAudit, toAuditDto } from './audit-view';
import { createDossierHandlers } from './dossier';
import type { DossierSources } from '../../dossier';
import { needsAttention, toGridConnection } from './rows';

export interface WorkspaceServices {
  readonly vault: Pick<Vault, 'transaction'>;
  readonly tenants: Pick<TenantsRepo, 'list' | 'healthCounts' | 'lastEngineRunAt'>;
  readonly connectors: { list(): ReadonlyArray<ConnectorDefinition>; get(id: string): ConnectorDefinition | undefined };
  readonly audit: Pick<AuditLog, 'append' | 'list' | 'verify'>;
  readonly registrations: Pick<AppRegistrationsRepo, 'get' | 'set'>;
  readonly settings: Pick<SettingsRepo, 'webhookUrl' | 'setWebhookUrl' | 'notificationsEnabled' | 'setNotificationsEnabled'>;
  readonly grid: Pick<ConnectionGridRepo, 'rows' | 'rowsOf' | 'rowsOfTenants' | 'needsConsentRows' | 'attentionCandidates'>;
  readonly grants: Pick<GrantsRepo, 'get'>;
  readonly engine: { readonly store: Pick<CredentialEngine['store'], 'healthHistory'> };
}

export interface WorkspaceContext {
  readonly actor: string;
  /** Who acts in this vault now (the signed-in operator), as the audit log writes it. */
  readonly actorOf?: () => string;
  readonly vaultDir: string;
  readonly keychainBackend: () => string;
  readonly clock?: () => Date;
  /** The host's "save as PDF" (the app only); see DesktopDeps.saveDossierPdf. */
  readonly saveDossierPdf?: (html: string, suggestedName: string) => Promise<string | null>;
}

export type WorkspaceHandlers = HandlersOf<typeof WORKSPACE_INVOKE>;

/** What the renew-by forecast reads of a connection (a grid row and an attention candidate both have it). */
type RenewInputs = Pick<
  AttentionCandidate,
  'state' | 'grantId' | 'hasCredentials' | 'consentExpiresAt' | 'accessExpiresAt' | 'pausedAt' | 'consentGrantedAt' | 'refreshExpiresAt' | 'hasRefreshToken' | 'issuedAt'
>;

export function createWorkspaceHandlers(s: WorkspaceServices & DossierSources, ctx: WorkspaceContext): WorkspaceHandlers {
  const now = (): Date => ctx.clock?.() ?? new Date();

  /** The engine's renew-by forecast (as ConnectionStore.renewBy computes it), from one batch query. */
  const renewByOf = (r: RenewInputs, def: ConnectorDefinition | undefined): string | null => {
    if (r.state === 'disconnected' || r.grantId === null || !r.hasCredentials || def === undefined) return r.consentExpiresAt;
    return (
      forecastRenewByDate({
        connector: def,
        consentGrantedAt: r.consentGrantedAt,
        consentExpiresAt: r.consentExpiresAt,
        accessExpiresAt: r.accessExpiresAt,
        refreshExpiresAt: r.refreshExpiresAt,
        hasRefreshToken: r.hasRefreshToken,
        lastRefreshAt: r.issuedAt,
        keptAlive: r.pausedAt === null,
      }) ?? r.consentExpiresAt
    );
  };
  // One lookup per connector and reply: a custom connector's lookup reads its row every time.
  const connectorsOnce = (): ((id: string) => ConnectorDefinition | undefined) => {
    const seen = new Map<string, ConnectorDefinition | undefined>();
    return (id) => {
      if (!seen.has(id)) seen.set(id, s.connectors.get(id));
      return seen.get(id);
    };
  };
  const rowOf = (r: GridConnectionRow, connector = connectorsOnce()) => {
    const v = r.view;
    const def = connector(v.connectorId);
    const inputs: RenewInputs = {
      state: v.state,
      grantId: v.grantId,
      hasCredentials: r.hasCredentials,
      consentExpiresAt: v.consentExpiresAt,
      accessExpiresAt: v.accessExpiresAt,
      pausedAt: v.pausedAt,
      consentGrantedAt: r.consentGrantedAt,
      refreshExpiresAt: r.refreshExpiresAt,
      hasRefreshToken: r.hasRefreshToken,
      issuedAt: r.issuedAt,
    };
    return toGridConnection(v, def, renewByOf(inputs, def));
  };
  const rowsOf = (list: ReadonlyArray<GridConnectionRow>) => {
    const connector = connectorsOnce();
    return list.map((r) => rowOf(r, connector));
  };
  const rows = (filter: { readonly tenantId?: string; readonly id?: string }) => s.grid.rows(filter);

  const tenantNames = (): Map<string, string> => new Map(s.tenants.list().map((t) => [t.id, t.name]));

  const auditEvents = (filter: AuditFilter) => {
    const names = tenantNames();
    const events = s.audit
      .list({ ...(filter.tenantId == null ? {} : { tenantId: filter.tenantId }), ...(filter.since == null ? {} : { since: filter.since }), ...(filter.action == null || filter.action === '' ? {} : { action: filter.action }) })
      .map((e) => toAuditDto(e, (id) => names.get(id) ?? null));
    return filterAudit(events, filter);
  };

  const requireConnector = (connectorId: string): ConnectorDefinition => {
    const def = s.connectors.get(connectorId);
    if (def === undefined) throw new DesktopError('unknown_connector', `There is no connector ${connectorId}.`);
    return def;
  };

  const settingsNow = () => {
    const url = s.settings.webhookUrl();
    let host: string | null = null;
    if (url !== null) {
      try {
        host = new URL(url).host;
      } catch {
        host = '?';
      }
    }
    return { webhookHost: host, notifications: s.settings.notificationsEnabled() };
  };

  return {
    ...createDossierHandlers(s, ctx),
    'workspace:status': () =>
      Promise.resolve({ vaultDir: ctx.vaultDir, operator: ctx.actorOf?.() ?? ctx.actor, lastRunAt: s.tenants.lastEngineRunAt(), keychainBackend: ctx.keychainBackend() }),
    'workspace:tenants': () => {
      const counts = new Map(s.tenants.healthCounts().map((c) => [c.tenantId, c]));
      return Promise.resolve(
        s.tenants.list().map((t) => {
          const c = counts.get(t.id);
          return {
            id: t.id,
            name: t.name,
            connections: t.connections,
            needsConsent: c?.needsConsent ?? 0,
            degraded: c?.degraded ?? 0,
            disconnected: c?.disconnected ?? 0,
            lastActivityAt: c?.lastActivityAt ?? null,
          };
        }),
      );
    },
    'workspace:connections': (args) => Promise.resolve(rowsOf(rows({ tenantId: args.tenantId }))),
    'workspace:connectionsOf': (args) => Promise.resolve(rowsOf(s.grid.rowsOfTenants(args.tenantIds))),
    'workspace:attention': (args) => {
      // Every connection is checked on a narrow read; full rows are built for those that need someone.
      const at = now().getTime();
      const connector = connectorsOnce();
      const part = args?.part;
      // Lost consent needs someone whatever the forecast says: one query, no look at the rest.
      if (part === 'needs_consent') return Promise.resolve(rowsOf(s.grid.needsConsentRows()));
      const ids = s.grid
        .attentionCandidates()
        .filter((c) => part !== 'rest' || c.state !== 'needs_consent')
        .filter((c) => needsAttention({ state: c.state, renewBy: c.state === 'active' ? renewByOf(c, connector(c.connectorId)) : null }, at))
        .map((c) => c.id);
      return Promise.resolve(rowsOf(s.grid.rowsOf(ids)).filter((r) => needsAttention(r, at)));
    },
    'workspace:detail': (args) => {
      const found = rows({ id: args.connectionId })[0];
      const view = found?.view;
      if (found === undefined || view === undefined) throw new DesktopError('unknown_connection', 'There is no such connection (it may have been deleted).');
      const def = s.connectors.get(view.connectorId);
      const grant = view.grantId === null ? undefined : s.grants.get(view.grantId);
      const granted = grant?.scopesGranted === null || grant === undefined ? null : new Set(grant.scopesGranted);
      const scopes = def === undefined ? [] : (['base', ...PURPOSES] as const).flatMap((purpose) => {
        const list = def.scopes[purpose] ?? [];
        return list.length === 0 ? [] : [{ purpose, scopes: [...list], granted: granted === null ? null : list.every((x) => granted.has(x)) }];
      });
      const names = tenantNames();
      const audit = s.audit
        .list({ tenantId: view.tenantId })
        .filter((e) => e.connection === view.id)
        .slice(-200)
        .reverse()
        .map((e) => toAuditDto(e, (id) => names.get(id) ?? null));
      return Promise.resolve({
        connection: rowOf(found),
        settings: Object.entries(view.settings).map(([name, value]) => ({ name, value })),
        scopes,
        consentGrantedAt: grant?.consentGrantedAt ?? null,
        createdAt: view.createdAt,
        history: s.engine.store.healthHistory(view.id, { limit: 2000 }).map((h) => ({ at: h.at, state: h.state, reason: h.reason })),
        audit,
      });
    },
    'audit:list': (args) => {
      const events = auditEvents(args.filter);
      return Promise.resolve({ events: events.slice(0, args.limit), total: events.length });
    },
    'audit:verify': async () => {
      const verdict = await s.audit.verify();
      return verdict.ok ? { ok: true as const, events: verdict.events } : { ok: false as const, events: verdict.events, firstBadEvent: verdict.firstBadEvent };
    },
    'audit:export': (args) => {
      const events = auditEvents(args.filter);
      const stamp = now().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      // The export itself is an access to the log: it is recorded (names and counts only).
      s.audit.append({ actor: ctx.actorOf?.() ?? ctx.actor, action: 'audit.export', outcome: 'ok', detail: { format: args.format, events: events.length, app: 'desktop' } });
      return Promise.resolve(
        args.format === 'csv'
          ? { filename: `fivex-audit-${stamp}.csv`, mime: 'text/csv', content: auditCsv(events), events: events.length }
          : { filename: `fivex-audit-${stamp}.json`, mime: 'application/json', content: auditJson(events), events: events.length },
      );
    },
    'apps:list': () => Promise.resolve(s.connectors.list().map((d) => toAppDto(d, s.registrations.get(d.id)))),
    'apps:set': (args) => {
      const def = requireConnector(args.connectorId);
      const saved = s.vault.transaction(() => {
        const existing = s.registrations.get(def.id);
        const params = checkAppChange(def, existing, args);
        const reg = s.registrations.set({ connectorId: def.id, clientId: args.clientId, params, ...(args.clientSecret === undefined ? {} : { clientSecret: args.clientSecret }) });
        // Names only: the secret itself is never audited.
        s.audit.append({ actor: ctx.actorOf?.() ?? ctx.actor, action: 'app.set', outcome: 'ok', detail: { connector: def.id, clientSecretChanged: args.clientSecret !== undefined, params: Object.keys(params), app: 'desktop' } });
        return reg;
      });
      return Promise.resolve(toAppDto(def, saved));
    },
    'settings:get': () => Promise.resolve(settingsNow()),
    'settings:set': (args) => {
      s.vault.transaction(() => {
        if (args.webhookUrl !== undefined) s.settings.setWebhookUrl(args.webhookUrl);
        s.settings.setNotificationsEnabled(args.notifications);
        s.audit.append({
          actor: ctx.actorOf?.() ?? ctx.actor,
          action: 'settings.set',
          outcome: 'ok',
          detail: { webhook: args.webhookUrl === undefined ? 'kept' : args.webhookUrl === null ? 'removed' : 'set', notifications: args.notifications },
        });
      });
      return Promise.resolve(settingsNow());
    },
  };
}
