import Link from 'next/link';
import { DataTable, rowClass } from './data-table';

export interface TokenUsesData {
  tokenId: string;
  since: string;
  totals: { requests: number; writes: number; refused: number };
  uses: {
    minute: string;
    requests: number;
    writes: number;
    refused: number;
    lastAt: string;
    ip: string | null;
    userAgent: string | null;
  }[];
}

export const USE_WINDOWS = [1, 7, 30, 90] as const;

/** The `days` a page was asked for, if it is one of the windows offered; 7 otherwise. */
export function windowDays(value: string | string[] | undefined): number {
  const days = Number(value);
  return (USE_WINDOWS as readonly number[]).includes(days) ? days : 7;
}

const at = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace('T', ' ');

/** Every use of one token: totals over the window, then one row per minute it was used, newest first. */
export function TokenUses({
  data,
  days,
  base,
  title,
  back,
}: {
  data: TokenUsesData;
  days: number;
  base: string;
  title: string;
  back: { href: string; label: string };
}) {
  const { totals, uses } = data;
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={back.href} className="text-blue-800 underline dark:text-blue-300">
          ← {back.label}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{title}</h1>
      <nav aria-label="Window" className="flex gap-3 text-sm">
        {USE_WINDOWS.map((d) =>
          d === days ? (
            <span key={d} aria-current="page" className="font-semibold">
              last {d === 1 ? 'day' : `${d} days`}
            </span>
          ) : (
            <Link key={d} href={`${base}?days=${d}`} className="text-blue-800 underline dark:text-blue-300">
              last {d === 1 ? 'day' : `${d} days`}
            </Link>
          ),
        )}
      </nav>
      <p data-use-totals className="text-slate-800 dark:text-slate-200">
        <strong>{totals.requests}</strong> {totals.requests === 1 ? 'request' : 'requests'} since {at(data.since)} UTC:{' '}
        {totals.writes} {totals.writes === 1 ? 'write' : 'writes'}, {totals.refused} refused (after it was revoked or
        expired).
      </p>
      {uses.length === 0 ? (
        <p>Not used in this window.</p>
      ) : (
        <DataTable
          columns={['Minute (UTC)', 'Requests', 'Writes', 'Refused', 'Address', 'User agent']}
          caption="Uses per minute, newest first"
        >
          {uses.map((u) => (
            <tr key={u.minute} data-use-row className={rowClass()}>
              <td className="py-1 pr-3 font-mono">{at(u.minute)}</td>
              <td className="py-1 pr-3">{u.requests}</td>
              <td className="py-1 pr-3">{u.writes}</td>
              <td className={u.refused > 0 ? 'py-1 pr-3 font-semibold text-red-800 dark:text-red-300' : 'py-1 pr-3'}>
                {u.refused}
              </td>
              <td className="py-1 pr-3 font-mono">{u.ip ?? ''}</td>
              <td className="max-w-xs truncate py-1" title={u.userAgent ?? undefined}>
                {u.userAgent ?? ''}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {uses.length === 100 && (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          The 100 most recent minutes are shown; the totals cover the whole window.
        </p>
      )}
    </div>
  );
}
