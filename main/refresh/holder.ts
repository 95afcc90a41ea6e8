// Who holds a refresh lease, and whether that holder is provably dead. A lease records its
// holder's identity: the host name (diagnostics only), a "pid space" (where a pid means one
// process: Linux boot id + pid namespace, since containers on one kernel share the boot id but not
// their pids) and the process's start time in that space (so a reused pid is not mistaken for the
// holder). A waiter in the same pid space can then see a SIGKILLed holder at once instead of
// waiting out the lease time-out.
//
// Where this cannot be known for sure — another machine or container, macOS and Windows (no
// /proc; `ps`/WMI would cost a process per poll and still race pid reuse), a lease written by an
// older version — the holder is never judged dead and the time-out alone frees the lease. Wrongly
// judging a live holder dead would let two processes spend the same rotating refresh token, which
// ends the grant at most marketplaces; waiting 30 s is the safe failure.
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

export interface HolderIdentity {
  readonly pid: number;
  readonly host: string;
  /** Where `pid` names one process (boot id + pid namespace), or null where that is unknowable. */
  readonly pidSpace: string | null;
  /** The process's start time within pidSpace (clock ticks since boot on Linux), or null. */
  readonly startedAt: string | null;
}

/** Reads a process's start time and, for the current process, its pid space. Injected in tests. */
export interface ProcessTable {
  /** This process's pid space, or null when processes cannot be checked on this platform. */
  pidSpace(): string | null;
  /** Start time of `pid` in this pid space; null when no live process has it (or it cannot be read). */
  startTime(pid: number): string | null;
}

/** Linux: /proc/sys/kernel/random/boot_id, /proc/self/ns/pid and field 22 of /proc/PID/stat. */
export const linuxProcessTable: ProcessTable = {
  pidSpace() {
    try {
      const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
      const ns = readlinkSync('/proc/self/ns/pid');
      return boot && ns ? `${boot}/${ns}` : null;
    } catch {
      return null;
    }
  },
  startTime(pid) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // A zombie (killed, not yet reaped by its parent) still has its stat, but runs nothing.
      return isZombie(stat) ? null : parseStatStartTime(stat);
    } catch {
      return null;
    }
  },
};

/** Elsewhere no process is ever judged dead: the lease time-out decides (see the top of the file). */
export const opaqueProcessTable: ProcessTable = {
  pidSpace: () => null,
  startTime: () => null,
};

export function platformProcessTable(): ProcessTable {
  return process.platform === 'linux' ? linuxProcessTable : opaqueProcessTable;
}

/**
 * starttime is field 22 of /proc/PID/stat; field 2 (comm) is in parentheses and may itself hold
 * spaces and parentheses, so fields are counted after the last ')'.
 */
export function parseStatStartTime(stat: string): string | null {
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  // After comm: field 3 (state) is the first; starttime (22) is the 20th.
  const value = stat.slice(close + 1).trim().split(/\s+/)[19];
  return value !== undefined && /^\d+$/.test(value) ? value : null;
}

/** Field 3 (state) is Z (zombie) or X (dead). */
export function isZombie(stat: string): boolean {
  const close = stat.lastIndexOf(')');
  const state = close < 0 ? undefined : stat.slice(close + 1).trim().split(/\s+/)[0];
  return state === 'Z' || state === 'X';
}

export function currentHolder(table: ProcessTable = platformProcessTable(), pid: number = process.pid): HolderIdentity {
  const pidSpace = table.pidSpace();
  const startedAt = pidSpace === null ? null : table.startTime(pid);
  return { pid, host: safeHostname(), pidSpace: startedAt === null ? null : pidSpace, startedAt };
}

function safeHostname(): string {
  try {
    return hostname();
  } catch {
    return 'unknown';
  }
}

/**
 * True only when the holder ran in our pid space and its process is gone or is another process
 * now (a different start time under the same pid).
 */
export function holderIsDead(holder: HolderIdentity, ours: HolderIdentity, table: ProcessTable): boolean {
  if (holder.pidSpace === null || holder.startedAt === null || ours.pidSpace === null) return false;
  if (holder.pidSpace !== ours.pidSpace) return false;
  return table.startTime(holder.pid) !== holder.startedAt;
}
