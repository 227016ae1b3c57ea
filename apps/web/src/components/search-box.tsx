'use client';
import { useEffect, useId, useRef, useState } from 'react';
import { QUERY_MAX } from '../lib/query';

interface Suggestion {
  name: string;
  /** What to show: the server's title, or one derived from its name (displayTitle). */
  title: string;
  description: string;
}

/**
 * A GET form to /search (works without JavaScript) that suggests servers as you type: an ARIA
 * combobox, arrow keys to move, Enter to open the highlighted server.
 */
export function SearchBox({
  defaultValue = '',
  autoFocus = false,
  size = 'lg',
}: {
  defaultValue?: string;
  autoFocus?: boolean;
  size?: 'lg' | 'md';
}) {
  const [q, setQ] = useState(defaultValue);
  const [items, setItems] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const seq = useRef(0);

  useEffect(() => {
    const query = q.trim();
    if (query.length < 2) {
      setItems([]);
      return;
    }
    const mine = ++seq.current;
    const load = async () => {
      try {
        const res = await fetch(`/api/suggest?q=${encodeURIComponent(query)}`);
        if (!res.ok || mine !== seq.current) return;
        const body = (await res.json()) as { results: Suggestion[] };
        setItems(body.results);
        setActive(-1);
      } catch {
        // Suggestions are a convenience; the form still submits.
      }
    };
    const timer = setTimeout(() => void load(), 120);
    return () => clearTimeout(timer);
  }, [q]);

  const shown = open && items.length > 0;
  return (
    <form
      action="/search"
      method="get"
      role="search"
      className="relative"
      onSubmit={(e) => {
        if (shown && active >= 0 && items[active]) {
          e.preventDefault();
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full page load, as before
          window.location.href = `/servers/${items[active].name.split('/').map(encodeURIComponent).join('/')}`;
        }
      }}
    >
      <label htmlFor={`${listId}-input`} className="sr-only">
        Search MCP servers
      </label>
      <div className="flex gap-2">
        <input
          id={`${listId}-input`}
          name="q"
          type="search"
          value={q}
          autoFocus={autoFocus}
          autoComplete="off"
          maxLength={QUERY_MAX}
          placeholder="What should your assistant be able to do? e.g. read my calendar"
          role="combobox"
          aria-expanded={shown}
          aria-controls={`${listId}-list`}
          aria-autocomplete="list"
          aria-activedescendant={shown && active >= 0 ? `${listId}-opt-${active}` : undefined}
          onChange={(e) => {
            setQ(e.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={(e) => {
            if (!shown) return;
            if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, items.length - 1));
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, -1));
            else if (e.key === 'Escape') setOpen(false);
            else return;
            e.preventDefault();
          }}
          className={`w-full min-w-0 rounded-lg border border-slate-300 bg-white px-4 text-slate-900 placeholder:text-slate-500 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400 ${size === 'lg' ? 'py-3 text-lg' : 'py-2'}`}
        />
        <button type="submit" className="rounded-lg bg-blue-700 px-5 font-semibold text-white hover:bg-blue-800">
          Search
        </button>
      </div>
      {shown && (
        <ul
          id={`${listId}-list`}
          role="listbox"
          aria-label="Suggestions"
          className="absolute z-10 mt-1 w-full overflow-hidden rounded-lg border border-slate-200 bg-white shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {items.map((s, i) => (
            <li
              key={s.name}
              id={`${listId}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full page load, as before
                window.location.href = `/servers/${s.name.split('/').map(encodeURIComponent).join('/')}`;
              }}
              className={`cursor-pointer px-4 py-2 ${i === active ? 'bg-blue-50 dark:bg-slate-800' : ''}`}
            >
              <div className="font-medium">{s.title}</div>
              <div className="truncate text-sm text-slate-600 dark:text-slate-400">
                {s.name} · {s.description}
              </div>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
