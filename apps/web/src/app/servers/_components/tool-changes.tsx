import type { CapabilitiesView } from '@mcp-hub/api-client';

/** What changed in the tools since the previous inspected version: where a reviewer should look again. */
export function ToolChanges({ changes }: { changes?: CapabilitiesView['changes'] }) {
  if (!changes) return null;
  const parts = (
    [
      ['Added', changes.added],
      ['Removed', changes.removed],
      ['Changed', changes.changed],
    ] as const
  ).filter(([, names]) => names.length > 0);
  return (
    <div className="mt-3 rounded border border-slate-200 p-3 text-sm dark:border-slate-700" data-tool-changes>
      <p className="font-semibold">
        {parts.length ? `Changed since ${changes.since}:` : `No tool changed since ${changes.since}.`}
      </p>
      {parts.length > 0 && (
        <ul className="mt-1 space-y-0.5">
          {parts.map(([what, names]) => (
            <li key={what} data-change={what.toLowerCase()}>
              {what}:{' '}
              {names.map((n, i) => (
                <span key={n}>
                  {i > 0 && ', '}
                  <code className="font-mono">{n}</code>
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
