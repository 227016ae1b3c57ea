import type { DayCell } from '../_lib/health';

const COLOURS: Record<DayCell['tone'], string> = {
  up: 'bg-emerald-500',
  partial: 'bg-amber-400',
  down: 'bg-red-600',
  none: 'border border-dashed border-slate-400 bg-transparent dark:border-slate-500',
};

const LEGEND: [DayCell['tone'], string][] = [
  ['up', '99% or more'],
  ['partial', '90–99%'],
  ['down', 'under 90%'],
  ['none', 'not checked'],
];

/**
 * Uptime per UTC day as a row of cells coloured by uptime; each cell says its figures in words
 * (read by screen readers, and shown on hover), so the colour is never the only way to tell.
 */
export function UptimeBar({ cells, label }: { cells: DayCell[]; label: string }) {
  return (
    <div className="mt-3" data-uptime-bar>
      <p className="text-xs text-slate-700 dark:text-slate-300">Uptime per day, last {cells.length} days (UTC)</p>
      <ol className="mt-1 flex gap-1" aria-label={label}>
        {cells.map((c) => (
          <li
            key={c.day}
            title={c.label}
            className={`h-6 flex-1 rounded-sm ${COLOURS[c.tone]}`}
            data-day={c.day}
            data-tone={c.tone}
          >
            <span className="sr-only">{c.label}</span>
          </li>
        ))}
      </ol>
      <div aria-hidden="true" className="mt-1 flex justify-between text-xs text-slate-600 dark:text-slate-400">
        <span>{cells[0]?.day}</span>
        <span>{cells.at(-1)?.day}</span>
      </div>
      <ul aria-hidden="true" className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-600 dark:text-slate-400">
        {LEGEND.map(([tone, text]) => (
          <li key={tone} className="flex items-center gap-1">
            <span className={`inline-block h-2.5 w-2.5 rounded-sm ${COLOURS[tone]}`} />
            {text}
          </li>
        ))}
      </ul>
    </div>
  );
}
