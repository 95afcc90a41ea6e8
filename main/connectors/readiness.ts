// Whether Connect can start for a connector before any attempt, from its definition and the
// agency's app registration summary (never the secret: listing connectors decrypts nothing).
// The same checks the connect use case makes when it prepares an attempt, in the same order.
import type { ConnectorDefinition } from '../../connectors/types';
import type { ConsentUnavailableReason } from '../../preload/contract';
import { ConfigError, resolveConnector } from '../oauth/resolve';
import type { AppRegistrationSummary } from '../repos/app-registrations';

export function consentReadiness(connector: ConnectorDefinition, registration: AppRegistrationSummary | undefined): ConsentUnavailableReason | null {
  if (connector.grant !== 'authorization_code') return 'unsupported_grant';
  if (connector.connectionSettings.some((s) => s.required)) return 'needs_settings';
  if (registration === undefined || registration.brokenReason !== null) return 'not_configured';
  try {
    // Endpoint templates and parameters resolve without the secret (none of them may use it).
    resolveConnector({ connector, registration: { ...registration, clientSecret: null }, region: null, settings: {} });
  } catch (err) {
    if (err instanceof ConfigError) return 'not_configured';
    throw err;
  }
  const strategy = registration.redirectStrategy ?? connector.redirect.default;
  if (!(connector.redirect.supported as ReadonlyArray<string>).includes(strategy)) return 'not_configured';
  return strategy === 'manual' ? 'manual_only' : null;
}
