'use client';
import { useRef, useState } from 'react';
import type { HostSnippet } from '../lib/snippets';
import { CopyButton } from './copy-button';

/** WAI-ARIA tabs: arrow keys move between hosts, each panel has its snippet and a copy button. */
export function InstallTabs({ snippets }: { snippets: HostSnippet[] }) {
  const [active, setActive] = useState(0);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const select = (i: number) => {
    const n = (i + snippets.length) % snippets.length;
    setActive(n);
    tabs.current[n]?.focus();
  };
  return (
    <div>
      <div role="tablist" aria-label="Install in" className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-700">
        {snippets.map((s, i) => (
          <button
            key={s.host}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            role="tab"
            id={`tab-${s.host}`}
            aria-selected={i === active}
            aria-controls={`panel-${s.host}`}
            tabIndex={i === active ? 0 : -1}
            onClick={() => setActive(i)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') select(i + 1);
              else if (e.key === 'ArrowLeft') select(i - 1);
              else if (e.key === 'Home') select(0);
              else if (e.key === 'End') select(snippets.length - 1);
              else return;
              e.preventDefault();
            }}
            className={`-mb-px rounded-t border px-3 py-1.5 text-sm ${
              i === active
                ? 'border-slate-200 border-b-white bg-white font-semibold dark:border-slate-700 dark:border-b-slate-950 dark:bg-slate-950'
                : 'border-transparent text-slate-700 hover:text-slate-950 dark:text-slate-300 dark:hover:text-white'
            }`}
          >
            {s.title}
          </button>
        ))}
      </div>
      {snippets.map((s, i) => (
        <div key={s.host} role="tabpanel" id={`panel-${s.host}`} aria-labelledby={`tab-${s.host}`} hidden={i !== active} className="pt-3">
          <div className="mb-2 flex items-center justify-between gap-2 text-sm text-slate-700 dark:text-slate-300">
            <span>{s.where === 'terminal' ? 'Run in a terminal' : <>Add to <code className="font-mono">{s.where}</code></>}</span>
            <CopyButton text={s.code} label={`Copy ${s.title} snippet`} />
          </div>
          <pre className="overflow-x-auto rounded bg-slate-100 p-3 font-mono text-sm text-slate-900 dark:bg-slate-900 dark:text-slate-100" data-snippet={s.host}>
            <code>{s.code}</code>
          </pre>
          {s.note && <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{s.note}</p>}
        </div>
      ))}
    </div>
  );
}
