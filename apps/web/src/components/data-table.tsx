import type { ReactNode } from 'react';

/** A column heading; `false` (or undefined) leaves the column out, e.g. actions only an admin has. */
export type Column = string | false | undefined;

/** The row every table of the site draws between entries; `top` aligns multi-line cells at the top. */
export const rowClass = (top = false) => `border-t border-slate-200 ${top ? 'align-top ' : ''}dark:border-slate-700`;

/**
 * The site's one table shape: small left-aligned text under a muted header row. Every heading but
 * the last one declared is padded on the right (`pad`), whether or not the last is shown. With
 * `scroll` (the default) the table sits in a horizontally scrolling box that takes `className`;
 * without, the table takes it.
 */
export function DataTable({
  columns,
  pad = 'pr-3',
  className,
  scroll = true,
  label,
  caption,
  children,
}: {
  columns: Column[];
  pad?: 'pr-3' | 'pr-4';
  className?: string;
  scroll?: boolean;
  label?: string;
  caption?: string;
  children: ReactNode;
}) {
  const last = columns.length - 1;
  const table = (
    <table
      className={[scroll ? undefined : className, 'w-full text-left text-sm'].filter(Boolean).join(' ')}
      aria-label={label}
    >
      {caption && <caption className="sr-only">{caption}</caption>}
      <thead className="text-slate-700 dark:text-slate-300">
        <tr>
          {columns.map((c, i) =>
            c ? (
              <th key={c} className={i === last ? 'py-1' : `py-1 ${pad}`}>
                {c}
              </th>
            ) : null,
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  return scroll ? <div className={[className, 'overflow-x-auto'].filter(Boolean).join(' ')}>{table}</div> : table;
}
