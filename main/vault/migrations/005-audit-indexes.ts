// Migration 5: the audit log filtered by tenant, connection, actor, action, outcome or time on a
// log of a million events. An index is ordered by rowid within each key, so "newest first where
// these columns equal those values" walks it backwards and stops at the page size, with no sort:
// single columns for one filter, and pairs for the mixes the audit screen offers (a tenant with an
// actor, an action or an outcome; an action with an outcome). The old (tenant_id, at) index
// needed a sort of all the tenant's events for that, so a plain (tenant_id) takes its name, and
// (tenant_id, at) stays, renamed, for a tenant within a short window. The repository decides
// which index a query walks (main/repos/audit-events.ts): a vault has no ANALYZE statistics.
export const migration005 = {
  version: 5,
  name: 'audit-indexes',
  sql: `
    DROP INDEX IF EXISTS audit_events_tenant;
    CREATE INDEX audit_events_tenant ON audit_events(tenant_id);
    CREATE INDEX audit_events_tenant_at ON audit_events(tenant_id, at);
    CREATE INDEX audit_events_tenant_actor ON audit_events(tenant_id, actor);
    CREATE INDEX audit_events_tenant_action ON audit_events(tenant_id, action);
    CREATE INDEX audit_events_tenant_outcome ON audit_events(tenant_id, outcome);
    CREATE INDEX audit_events_connection ON audit_events(connection_id);
    CREATE INDEX audit_events_actor ON audit_events(actor);
    CREATE INDEX audit_events_action ON audit_events(action);
    CREATE INDEX audit_events_action_outcome ON audit_events(action, outcome);
    CREATE INDEX audit_events_outcome ON audit_events(outcome);
    CREATE INDEX audit_events_at ON audit_events(at);
  `,
} as const;
