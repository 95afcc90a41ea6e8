// Migration 5: the audit log filtered by tenant, connection, actor, action, outcome or time on a
// log of a million events. A single-column index is ordered by rowid within each value, so
// "newest first for this tenant" walks it backwards and stops at the page size, no sort; the old
// (tenant_id, at) index needed a sort of all the tenant's events for that, so it is replaced.
export const migration005 = {
  version: 5,
  name: 'audit-indexes',
  sql: `
    DROP INDEX IF EXISTS audit_events_tenant;
    CREATE INDEX audit_events_tenant ON audit_events(tenant_id);
    CREATE INDEX audit_events_connection ON audit_events(connection_id);
    CREATE INDEX audit_events_actor ON audit_events(actor);
    CREATE INDEX audit_events_action ON audit_events(action);
    CREATE INDEX audit_events_outcome ON audit_events(outcome);
    CREATE INDEX audit_events_at ON audit_events(at);
  `,
} as const;
