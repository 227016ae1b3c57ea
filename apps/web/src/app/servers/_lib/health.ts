import type { ServerHealth } from '@mcp-hub/api-client';

export type RemoteHealth = ServerHealth['remotes'][number];
export type DriftEvent = ServerHealth['drift'][number];

/** One day of the uptime bar: a UTC date, its probes, and the share that reached the server. */
export interface DayCell {
  day: string;
  checks: number;
  uptime: number | null;
  tone: 'none' | 'up' | 'partial' | 'down';
  /** The cell in words: its text alternative. */
  label: string;
}

const DAY_MS = 24 * 3_600_000;

/**
 * An uptime share as a percentage, rounded down to one decimal (so 99.96 % is never shown as
 * 100 %: a day with a failed probe must not read as a perfect one); "—" without probes.
 */
export function percent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  const p = Math.floor(Math.min(1, Math.max(0, share)) * 1000) / 10;
  return `${p}%`;
}

export function milliseconds(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? '—' : `${Math.round(ms)} ms`;
}

/** The last `n` UTC days up to `now`'s, oldest first; days without probes are cells too. */
export function lastDays(days: RemoteHealth['days'], now: Date, n = 7): DayCell[] {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: n }, (_, i) => {
    const day = new Date(today - (n - 1 - i) * DAY_MS).toISOString().slice(0, 10);
    const d = byDay.get(day);
    const checks = d?.checks ?? 0;
    const uptime = checks > 0 ? (d?.uptime ?? null) : null;
    return { day, checks, uptime, tone: tone(uptime), label: dayLabel(day, checks, uptime) };
  });
}

function tone(uptime: number | null): DayCell['tone'] {
  if (uptime === null) return 'none';
  if (uptime >= 0.99) return 'up';
  return uptime >= 0.9 ? 'partial' : 'down';
}

function dayLabel(day: string, checks: number, uptime: number | null): string {
  if (checks === 0 || uptime === null) return `${day}: not checked`;
  return `${day}: ${percent(uptime)} up over ${checks} ${checks === 1 ? 'check' : 'checks'}`;
}

export const STATUS_LABELS: Record<RemoteHealth['status'], string> = {
  up: 'Up',
  degraded: 'Degraded',
  down: 'Down',
  unknown: 'Not checked yet',
};

/** "changed: echo; added: x": what a drift event did to the tools, in words. */
export function driftChanges(e: Pick<DriftEvent, 'added' | 'removed' | 'changed'>): string {
  return (
    [
      ['changed', e.changed],
      ['added', e.added],
      ['removed', e.removed],
    ] as const
  )
    .filter(([, names]) => names.length > 0)
    .map(([what, names]) => `${what}: ${names.join(', ')}`)
    .join('; ');
}

/** "2025-03-10 05:04 UTC" (a probe's time: the date alone would hide how fresh it is). */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
