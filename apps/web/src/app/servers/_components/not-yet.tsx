/** An honest placeholder for a section whose data the Hub does not collect yet: no invented figures. */
export function NotYet({ title, what }: { title: string; what: string }) {
  return (
    <section
      aria-label={title}
      className="rounded-lg border border-dashed border-slate-300 p-6 dark:border-slate-600"
      data-not-yet={title.toLowerCase()}
    >
      <p className="text-sm font-semibold">
        {title}{' '}
        <span className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-300">
          not available yet
        </span>
      </p>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{what}</p>
    </section>
  );
}
