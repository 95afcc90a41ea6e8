// Pure helpers for the connection detail: the health history as chart series (seconds on x, a
// level per state on y, extended to now so the last state shows its duration).
import type { ConnectionState } from '../../../preload/contract';
import type { HealthPoint } from '../../../preload/workspace-channels';

const LEVEL: { readonly [S in ConnectionState]: number } = { disconnected: 0, needs_consent: 1, degraded: 2, active: 3 };

export function chartSeries(history: ReadonlyArray<HealthPoint>, now: number): { readonly xs: number[]; readonly ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const h of history) {
    const at = Date.parse(h.at);
    if (Number.isNaN(at)) continue;
    xs.push(at / 1000);
    ys.push(LEVEL[h.state]);
  }
  const last = ys.at(-1);
  if (last !== undefined && (xs.at(-1) ?? 0) < now / 1000) {
    xs.push(now / 1000);
    ys.push(last);
  }
  return { xs, ys };
}
