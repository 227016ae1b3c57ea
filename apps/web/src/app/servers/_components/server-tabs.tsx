'use client';
import { type ReactNode, useEffect, useRef, useState } from 'react';

export interface ServerTab {
  id: string;
  label: string;
  content: ReactNode;
}

/**
 * The server page's sections as WAI-ARIA tabs (arrow keys, Home and End move between them); the
 * address's #fragment opens one. Every panel is rendered on the server, so all of it is in the page.
 */
export function ServerTabs({ tabs }: { tabs: ServerTab[] }) {
  const [active, setActive] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  useEffect(() => {
    const fromHash = tabs.findIndex((t) => `#${t.id}` === window.location.hash);
    if (fromHash > 0) setActive(fromHash);
  }, [tabs]);
  const choose = (i: number, focus: boolean) => {
    const n = (i + tabs.length) % tabs.length;
    setActive(n);
    if (focus) buttons.current[n]?.focus();
    window.history.replaceState(null, '', n === 0 ? window.location.pathname + window.location.search : `#${tabs[n]!.id}`);
  };
  return (
    <div>
      <div role="tablist" aria-label="Server details" className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-700">
        {tabs.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`server-tab-${t.id}`}
            aria-selected={i === active}
            aria-controls={`server-panel-${t.id}`}
            tabIndex={i === active ? 0 : -1}
            onClick={() => choose(i, false)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') choose(i + 1, true);
              else if (e.key === 'ArrowLeft') choose(i - 1, true);
              else if (e.key === 'Home') choose(0, true);
              else if (e.key === 'End') choose(tabs.length - 1, true);
              else return;
              e.preventDefault();
            }}
            className={`-mb-px rounded-t border px-4 py-2 text-sm ${
              i === active
                ? 'border-slate-200 border-b-white bg-white font-semibold dark:border-slate-700 dark:border-b-slate-950 dark:bg-slate-950'
                : 'border-transparent text-slate-700 hover:text-slate-950 dark:text-slate-300 dark:hover:text-white'
            }`}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tabs.map((t, i) => (
        <div key={t.id} role="tabpanel" id={`server-panel-${t.id}`} aria-labelledby={`server-tab-${t.id}`} hidden={i !== active} tabIndex={0} className="pt-6">
          {t.content}
        </div>
      ))}
    </div>
  );
}
