// Migration 3: the scheduler asks every tick which probes and which pending remote revocations are
// due; with thousands of connections those questions need indexes, not scans.
export const migration003 = {
  version: 3,
  name: 'due-indexes',
  sql: `
    CREATE INDEX connections_probe_due ON connections(next_probe_at) WHERE deleted_at IS NULL;
    CREATE INDEX pending_revocations_due ON pending_revocations(next_attempt_at);
  `,
} as const;
