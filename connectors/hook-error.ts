// The error a connector hook throws when a marketplace call it makes fails, carrying what the
// engine needs to classify it with the connector's errorRules (never a token or secret).
export class ConnectorHookError extends Error {
  constructor(
    /** HTTP status, or null when the marketplace was not reached. */
    readonly status: number | null,
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ConnectorHookError';
  }
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now; null when absent. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
