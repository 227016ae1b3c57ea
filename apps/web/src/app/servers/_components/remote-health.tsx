import { type RemoteHealth, STATUS_LABELS, dateTime, lastDays, milliseconds, percent } from '../_lib/health';
import { Badge } from './badge';
import { UptimeBar } from './uptime-bar';

const STATUS_TONES = { up: 'good', degraded: 'warn', down: 'bad', unknown: 'neutral' } as const;

/** One remote as the Hub's probes saw it: last status, uptime, latency, when, the last error, seven days. */
export function RemoteHealthCard({ remote: r, now }: { remote: RemoteHealth; now: Date }) {
  const figures: [string, string, string][] = [
    ['24h', 'Uptime 24 h', percent(r.uptime['24h'])],
    ['7d', 'Uptime 7 days', percent(r.uptime['7d'])],
    ['30d', 'Uptime 30 days', percent(r.uptime['30d'])],
    ['latency', 'Latency p50 / p95', `${milliseconds(r.latencyMs.p50)} / ${milliseconds(r.latencyMs.p95)}`],
  ];
  return (
    <li className="rounded-lg border border-slate-200 p-4 dark:border-slate-700" data-remote={r.url}>
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        <h3 className="font-mono text-sm font-semibold wrap-anywhere">{r.url}</h3>
        <span className="text-sm text-slate-600 dark:text-slate-400">({r.type})</span>
        <span data-status={r.status}>
          <Badge tone={STATUS_TONES[r.status]}>{STATUS_LABELS[r.status]}</Badge>
        </span>
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
        {figures.map(([key, term, value]) => (
          <div key={key}>
            <dt className="text-xs text-slate-600 dark:text-slate-400">{term}</dt>
            <dd className="font-medium" data-figure={key}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-xs text-slate-700 dark:text-slate-300" data-last-checked>
        Last checked {dateTime(r.lastCheckedAt)} · {r.checks['24h']} {r.checks['24h'] === 1 ? 'check' : 'checks'} in 24
        h
      </p>
      {r.lastError && (
        <p className="mt-1 text-sm break-words text-red-800 dark:text-red-300" data-last-error>
          Last error: {r.lastError}
        </p>
      )}
      <UptimeBar cells={lastDays(r.days, now)} label={`Uptime per day of ${r.url}`} />
    </li>
  );
}
