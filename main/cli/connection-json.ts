// The CONNECTION JSON of docs/cli-contract.md, shaped by the CLI from the engine's connection
// view (the repository and the engine return rows and views, not a front end's output).
import type { ConnectionState, ConnectionView } from '../refresh';

/** Exactly the CONNECTION shape of docs/cli-contract.md. */
export interface ConnectionJson {
  readonly id: string;
  readonly tenantId: string;
  readonly tenant: string;
  readonly connector: string;
  readonly account: string;
  readonly region: string | null;
  readonly state: ConnectionState;
  readonly reason: string | null;
  readonly accessExpiresAt: string | null;
  readonly consentExpiresAt: string | null;
  readonly lastRefreshAt: string | null;
  readonly lastProbeAt: string | null;
  readonly owner: string | null;
}

export function toConnectionJson(view: ConnectionView): ConnectionJson {
  return {
    id: view.id,
    tenantId: view.tenantId,
    tenant: view.tenant,
    connector: view.connectorId,
    account: view.account,
    region: view.region,
    state: view.state,
    reason: view.reason,
    accessExpiresAt: view.accessExpiresAt,
    consentExpiresAt: view.consentExpiresAt,
    lastRefreshAt: view.lastRefreshAt,
    lastProbeAt: view.lastProbeAt,
    owner: view.owner,
  };
}
