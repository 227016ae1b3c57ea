export interface InstallDays {
  days: { date: string; installs: number }[];
  total: number;
}

const BAR = 10;
const HEIGHT = 60;

/**
 * Daily installs as a small bar chart (inline SVG, no script), with the same facts in words for
 * screen readers and anyone who would rather read them.
 */
export function InstallsChart({ data }: { data: InstallDays }) {
  const { days, total } = data;
  const sum = days.reduce((n, d) => n + d.installs, 0);
  const max = Math.max(1, ...days.map((d) => d.installs));
  const busiest = days.reduce<{ date: string; installs: number } | undefined>(
    (b, d) => (d.installs > (b?.installs ?? 0) ? d : b),
    undefined,
  );
  const plural = (n: number) => (n === 1 ? '1 install' : `${n.toLocaleString('en-US')} installs`);
  const summary =
    sum === 0
      ? `No installs in the last ${days.length} days (${plural(total)} in all).`
      : `${plural(sum)} in the last ${days.length} days (${plural(total)} in all). Most on ${busiest!.date}: ${plural(busiest!.installs)}.`;
  return (
    <section aria-labelledby="installs" data-installs-chart>
      <h2 id="installs" className="text-xl font-semibold">
        Installs
      </h2>
      <figure className="mt-3">
        <svg
          role="img"
          aria-labelledby="installs-summary"
          viewBox={`0 0 ${days.length * BAR} ${HEIGHT}`}
          preserveAspectRatio="none"
          className="h-16 w-full text-blue-600 dark:text-blue-400"
        >
          <line
            x1="0"
            y1={HEIGHT - 0.5}
            x2={days.length * BAR}
            y2={HEIGHT - 0.5}
            className="stroke-slate-300 dark:stroke-slate-600"
            strokeWidth="1"
          />
          {days.map((d, i) => {
            const h = d.installs === 0 ? 0 : Math.max(2, (d.installs / max) * (HEIGHT - 4));
            return (
              <rect
                key={d.date}
                x={i * BAR + 1}
                y={HEIGHT - h}
                width={BAR - 2}
                height={h}
                className="fill-current"
                data-day={d.date}
                data-installs={d.installs}
              >
                <title>{`${d.date}: ${plural(d.installs)}`}</title>
              </rect>
            );
          })}
        </svg>
        <div aria-hidden="true" className="mt-1 flex justify-between text-xs text-slate-600 dark:text-slate-400">
          <span>{days[0]?.date}</span>
          <span>{days.at(-1)?.date}</span>
        </div>
        <figcaption
          id="installs-summary"
          className="mt-1 text-sm text-slate-700 dark:text-slate-300"
          data-installs-summary
        >
          {summary}
        </figcaption>
      </figure>
    </section>
  );
}
