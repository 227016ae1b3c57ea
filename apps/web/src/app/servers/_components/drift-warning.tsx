import type { DriftEvent } from '../_lib/health';
import { driftChanges } from '../_lib/health';
import { formatDate } from '../../../lib/format';

/**
 * Tools of a remote that changed without a new version (a "rug pull" looks like this): shown above
 * the tabs, whichever is open, so nobody installs without seeing it.
 */
export function DriftWarning({ events }: { events: DriftEvent[] }) {
  if (events.length === 0) return null;
  return (
    <div
      role="alert"
      className="rounded border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-100"
      data-drift
    >
      <p className="font-semibold">Tools changed without a new version</p>
      <ul className="mt-1 space-y-1 text-sm">
        {events.map((e, i) => (
          <li key={`${e.url} ${e.detectedAt} ${i}`} data-drift-event={e.url}>
            The tools of this remote (<code className="font-mono">{e.url}</code>) changed on{' '}
            <time dateTime={e.detectedAt}>{formatDate(e.detectedAt)}</time> without a new version (still {e.version}):{' '}
            {driftChanges(e)}.
          </li>
        ))}
      </ul>
      <p className="mt-2 text-sm">
        What an agent is told by these tools may differ from what you reviewed. Review them again before you rely on
        this server; <code className="font-mono">mcpm audit</code> reports this for what you have installed.
      </p>
    </div>
  );
}
