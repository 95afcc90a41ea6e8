// The workspace's IPC channels (sidebar, grid, needs attention, detail, audit, settings, status),
// declared once as valibot `{ args, reply }` schemas; their TypeScript types are inferred. The
// dispatcher validates every call's arguments and every reply against these, so a handler cannot
// hand the page a field that is not written here (no token, code, verifier or client secret is).
import * as v from 'valibot';
import { NO_ARGS, channel } from './schema-kit';
import type { ArgsOf, ChannelSchema } from './schema-kit';

const id = (prefix: string) => v.pipe(v.string(), v.regex(new RegExp(`^${prefix}_[0-9a-f]{32}$`), `must be an id like ${prefix}_0123…`));
const iso = v.pipe(v.string(), v.maxLength(40));
const text = v.object({ en: v.string(), es: v.string() });
const state = v.picklist(['active', 'degraded', 'needs_consent', 'disconnected']);
const connectorId = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a connector id (a-z, 0-9, . _ -)'));

/** A client in the sidebar, with the health counts that tell where to look first. */
const TenantHealthSchema = v.object({
  id: v.string(),
  name: v.string(),
  connections: v.number(),
  needsConsent: v.number(),
  degraded: v.number(),
  disconnected: v.number(),
  /** The latest change on any of its connections (recent clients first), null when none. */
  lastActivityAt: v.nullable(iso),
});

/** One grid row: what the connection grid and "Needs attention" show. */
const GridConnectionSchema = v.object({
  id: v.string(),
  tenantId: v.string(),
  tenantName: v.string(),
  connectorId: v.string(),
  connectorName: v.string(),
  /** The account as the marketplace calls it (seller id, shop), never the marketplace's name. */
  label: v.string(),
  region: v.nullable(v.string()),
  state,
  paused: v.boolean(),
  reason: v.nullable(v.string()),
  reasonText: v.nullable(text),
  renewBy: v.nullable(iso),
  lastRefreshAt: v.nullable(iso),
  lastProbeAt: v.nullable(iso),
  /** When the engine tries again after a failure (retry-after or the next scheduled refresh). */
  nextRetryAt: v.nullable(iso),
  owner: v.nullable(v.string()),
  /** Never checked yet (imported, no refresh or probe so far): shown as "not checked yet". */
  unchecked: v.boolean(),
  updatedAt: iso,
});

const HealthPointSchema = v.object({ at: iso, state, reason: v.nullable(v.string()) });

const AuditEventSchema = v.object({
  id: v.number(),
  at: iso,
  actor: v.string(),
  tenantId: v.nullable(v.string()),
  tenantName: v.nullable(v.string()),
  connectionId: v.nullable(v.string()),
  action: v.string(),
  outcome: v.string(),
  /** The event's detail as JSON text (never a secret: the audit log does not record them). */
  detail: v.string(),
});

const ScopePurposeSchema = v.object({
  purpose: v.string(),
  scopes: v.array(v.string()),
  /** true: every scope granted; false: some missing; null: the marketplace did not say. */
  granted: v.nullable(v.boolean()),
});

const ConnectionDetailSchema = v.object({
  connection: GridConnectionSchema,
  settings: v.array(v.object({ name: v.string(), value: v.string() })),
  scopes: v.array(ScopePurposeSchema),
  consentGrantedAt: v.nullable(iso),
  createdAt: iso,
  history: v.array(HealthPointSchema),
  audit: v.array(AuditEventSchema),
});

const AuditFilterSchema = v.object({
  tenantId: v.optional(v.nullable(id('ten'))),
  operator: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(200)))),
  action: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(100)))),
  outcome: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(50)))),
  since: v.optional(v.nullable(iso)),
  until: v.optional(v.nullable(iso)),
  search: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(200)))),
});

const AuditVerdictSchema = v.variant('ok', [
  v.object({ ok: v.literal(true), events: v.number() }),
  v.object({ ok: v.literal(false), events: v.number(), firstBadEvent: v.nullable(v.number()) }),
]);

const AppRegistrationSchema = v.object({
  connectorId: v.string(),
  connectorName: v.string(),
  configured: v.boolean(),
  clientId: v.nullable(v.string()),
  /** Only whether a secret is stored and when it was set: the secret itself never leaves main. */
  secretSetAt: v.nullable(iso),
  needsSecret: v.boolean(),
  params: v.array(v.object({ name: v.string(), description: v.string(), required: v.boolean(), value: v.nullable(v.string()) })),
  brokenReason: v.nullable(v.string()),
});

const SetAppArgsSchema = v.object({
  connectorId,
  clientId: v.pipe(v.string(), v.trim(), v.minLength(1, 'the client id cannot be empty'), v.maxLength(512)),
  /** Typed once; undefined keeps the stored secret. Never sent back. */
  clientSecret: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(4096))),
  params: v.record(v.pipe(v.string(), v.maxLength(64)), v.pipe(v.string(), v.maxLength(2048))),
});

/** The webhook address is itself a credential (a Slack URL is): only its host comes back. */
const WorkspaceSettingsSchema = v.object({
  webhookHost: v.nullable(v.string()),
  notifications: v.boolean(),
});

const WorkspaceStatusSchema = v.object({
  vaultDir: v.string(),
  /** Who acts, as the audit log writes it (the OS user until operators exist). */
  operator: v.string(),
  /** The latest refresh or probe recorded on any connection (the scheduler's last work). */
  lastRunAt: v.nullable(iso),
  keychainBackend: v.string(),
});

/** The client access dossier as one self-contained HTML page (shown, printed or saved as PDF by main). */
export const DossierHtmlSchema = v.object({
  filename: v.string(),
  html: v.string(),
  connections: v.number(),
});

export const WORKSPACE_INVOKE = {
  'workspace:status': channel(NO_ARGS, WorkspaceStatusSchema),
  'workspace:tenants': channel(NO_ARGS, v.array(TenantHealthSchema)),
  'workspace:connections': channel(v.object({ tenantId: id('ten') }), v.array(GridConnectionSchema)),
  /** The rows of several clients in one reply (the page prefetches small clients in idle time), any order. */
  'workspace:connectionsOf': channel(v.object({ tenantIds: v.pipe(v.array(id('ten')), v.minLength(1), v.maxLength(100)) }), v.array(GridConnectionSchema)),
  /**
   * Across every client: lost consent, renew-by dates coming soon, degraded (any order: the page
   * sorts). `part` splits it in two replies: lost consent (always first in urgency order, so the
   * page can show them at once) and the rest; no argument, all of it.
   */
  'workspace:attention': channel(v.optional(v.object({ part: v.picklist(['needs_consent', 'rest']) })), v.array(GridConnectionSchema)),
  'workspace:detail': channel(v.object({ connectionId: id('con') }), ConnectionDetailSchema),
  'audit:list': channel(v.object({ filter: AuditFilterSchema, limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5000)) }), v.object({ events: v.array(AuditEventSchema), total: v.number() })),
  'audit:verify': channel(NO_ARGS, AuditVerdictSchema),
  'audit:export': channel(v.object({ filter: AuditFilterSchema, format: v.picklist(['csv', 'json']) }), v.object({ filename: v.string(), mime: v.string(), content: v.string(), events: v.number() })),
  'apps:list': channel(NO_ARGS, v.array(AppRegistrationSchema)),
  'apps:set': channel(SetAppArgsSchema, AppRegistrationSchema),
  'settings:get': channel(NO_ARGS, WorkspaceSettingsSchema),
  'settings:set': channel(
    v.object({
      /** undefined keeps the stored webhook, null removes it. */
      webhookUrl: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(2048), v.url('the webhook must be an https:// address'), v.startsWith('https://', 'the webhook must be an https:// address')))),
      notifications: v.boolean(),
    }),
    WorkspaceSettingsSchema,
  ),
  'dossier:html': channel(v.object({ tenantId: id('ten'), lang: v.optional(v.picklist(['en', 'es'])) }), DossierHtmlSchema),
  /** The app asks where, then prints the dossier there as PDF; `saved: false` when the person cancelled. */
  'dossier:save-pdf': channel(v.object({ tenantId: id('ten'), lang: v.optional(v.picklist(['en', 'es'])) }), v.object({ saved: v.boolean(), path: v.nullable(v.string()), connections: v.number() })),
} as const satisfies Record<string, ChannelSchema>;

export type WorkspaceInvoke = typeof WORKSPACE_INVOKE;
export type WorkspaceChannel = keyof WorkspaceInvoke;
export type WorkspaceArgs<C extends WorkspaceChannel> = ArgsOf<WorkspaceInvoke[C]>;
export type TenantHealth = v.InferOutput<typeof TenantHealthSchema>;
export type GridConnection = v.InferOutput<typeof GridConnectionSchema>;
export type ConnectionDetail = v.InferOutput<typeof ConnectionDetailSchema>;
export type AuditEventDto = v.InferOutput<typeof AuditEventSchema>;
export type AuditFilter = v.InferOutput<typeof AuditFilterSchema>;
export type AuditVerdict = v.InferOutput<typeof AuditVerdictSchema>;
export type AppRegistrationDto = v.InferOutput<typeof AppRegistrationSchema>;
export type WorkspaceStatus = v.InferOutput<typeof WorkspaceStatusSchema>;
export type HealthPoint = v.InferOutput<typeof HealthPointSchema>;
export type DossierHtml = v.InferOutput<typeof DossierHtmlSchema>;

export const WORKSPACE_CHANNELS = Object.keys(WORKSPACE_INVOKE) as ReadonlyArray<WorkspaceChannel>;
