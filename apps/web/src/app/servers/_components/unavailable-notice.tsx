/** A section the Hub could not give just now (it failed or did not answer): the rest of the page stands. */
export function UnavailableNotice({ what }: { what: string }) {
  return (
    <p
      className="rounded-lg border border-dashed border-slate-300 p-6 text-sm text-slate-700 dark:border-slate-600 dark:text-slate-300"
      data-unavailable
    >
      {what} Reload the page in a little while.
    </p>
  );
}
