// Timing helpers for the benchmarks: interleaved repetitions of a measured side and its floor,
// reduced to medians, and a plain table for standalone runs.
import { performance } from 'node:perf_hooks';

export interface Paired {
  readonly value: number;
  readonly floor: number;
  readonly samples: { readonly value: ReadonlyArray<number>; readonly floor: ReadonlyArray<number> };
}

export function median(samples: ReadonlyArray<number>): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function timeMs(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/**
 * Runs the measured side and its floor alternately, so drift of the machine (thermal, other
 * processes) hits both alike; the first `warmup` rounds let the JIT settle and are dropped.
 */
export function measurePaired(measured: () => void, floor: () => void, opts: { readonly repetitions: number; readonly warmup: number }): Paired {
  const value: number[] = [];
  const base: number[] = [];
  for (let round = 0; round < opts.warmup + opts.repetitions; round += 1) {
    // Alternate who goes first, so neither side always runs on a warmer cache.
    let measuredMs: number;
    let floorMs: number;
    if (round % 2 === 0) {
      measuredMs = timeMs(measured);
      floorMs = timeMs(floor);
    } else {
      floorMs = timeMs(floor);
      measuredMs = timeMs(measured);
    }
    if (round >= opts.warmup) {
      value.push(measuredMs);
      base.push(floorMs);
    }
  }
  return { value: median(value), floor: median(base), samples: { value, floor: base } };
}

/** measurePaired for a measured side that is asynchronous (audit verify reads its anchors so). */
export async function measurePairedAsync(measured: () => Promise<void>, floor: () => void, opts: { readonly repetitions: number; readonly warmup: number }): Promise<Paired> {
  const value: number[] = [];
  const base: number[] = [];
  const timeAsync = async (): Promise<number> => {
    const start = performance.now();
    await measured();
    return performance.now() - start;
  };
  for (let round = 0; round < opts.warmup + opts.repetitions; round += 1) {
    let measuredMs: number;
    let floorMs: number;
    if (round % 2 === 0) {
      measuredMs = await timeAsync();
      floorMs = timeMs(floor);
    } else {
      floorMs = timeMs(floor);
      measuredMs = await timeAsync();
    }
    if (round >= opts.warmup) {
      value.push(measuredMs);
      base.push(floorMs);
    }
  }
  return { value: median(value), floor: median(base), samples: { value, floor: base } };
}

/**
 * For work that splits into items (decrypt N secrets): each repetition covers all `items` on both
 * sides, alternating in chunks so that a burst of load from another process lands on both sides
 * rather than on one whole repetition. Returns per-repetition totals, reduced to medians.
 */
export function measureChunked(
  measured: (from: number, to: number) => void,
  floor: (from: number, to: number) => void,
  opts: { readonly items: number; readonly chunk: number; readonly repetitions: number; readonly warmup: number },
): Paired {
  const value: number[] = [];
  const base: number[] = [];
  for (let round = 0; round < opts.warmup + opts.repetitions; round += 1) {
    let measuredMs = 0;
    let floorMs = 0;
    for (let from = 0, turn = round; from < opts.items; from += opts.chunk, turn += 1) {
      const to = Math.min(from + opts.chunk, opts.items);
      if (turn % 2 === 0) {
        measuredMs += timeMs(() => measured(from, to));
        floorMs += timeMs(() => floor(from, to));
      } else {
        floorMs += timeMs(() => floor(from, to));
        measuredMs += timeMs(() => measured(from, to));
      }
    }
    if (round >= opts.warmup) {
      value.push(measuredMs);
      base.push(floorMs);
    }
  }
  return { value: median(value), floor: median(base), samples: { value, floor: base } };
}

export function formatTable(header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  return [header, ...rows].map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** One benchmark's outcome: a value and, where there is one, its floor from the same run. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly floor: number | null;
  readonly ratio: number | null;
  readonly target: number | null;
  readonly unit: string;
}

/** The results as the table every bench prints. */
export function formatResults(results: ReadonlyArray<BenchResult>): string {
  const rows = results.map((r) => [
    r.name,
    `${r.value.toFixed(2)} ${r.unit}`,
    r.floor === null ? '-' : `${r.floor.toFixed(2)} ${r.unit}`,
    r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`,
    r.target === null ? '-' : `<= ${r.target}x`,
    r.ratio === null || r.target === null ? '' : r.ratio <= r.target ? 'ok' : 'OVER',
  ]);
  return formatTable(['benchmark', 'value', 'floor', 'ratio', 'target', ''], rows);
}

export function overTarget(results: ReadonlyArray<BenchResult>): boolean {
  return results.some((r) => r.ratio !== null && r.target !== null && r.ratio > r.target);
}
