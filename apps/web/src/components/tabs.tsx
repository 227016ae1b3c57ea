'use client';
import { type ReactNode, useRef } from 'react';

export interface TabItem {
  id: string;
  label: ReactNode;
  panel: ReactNode;
}

/**
 * WAI-ARIA tabs: a click selects a tab; arrow keys, Home and End move between them and focus the
 * one selected. The caller holds which one is `active` (`select` sets it). Tab `t` is
 * `${idPrefix}tab-${t.id}`, its panel `${idPrefix}panel-${t.id}`.
 */
export function Tabs({
  items,
  active,
  select,
  label,
  idPrefix = '',
  size,
  className,
  panelClassName,
  focusablePanels = false,
  buttonType,
}: {
  items: TabItem[];
  active: number;
  select: (index: number) => void;
  /** The tab list's accessible name. */
  label: string;
  idPrefix?: string;
  /** The tab buttons' padding: `px-4 py-2` or the smaller `px-3 py-1.5`. */
  size: 'md' | 'sm';
  className?: string;
  panelClassName: string;
  focusablePanels?: boolean;
  buttonType?: 'button';
}) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (i: number) => {
    const n = (i + items.length) % items.length;
    select(n);
    buttons.current[n]?.focus();
  };
  return (
    <div className={className}>
      <div
        role="tablist"
        aria-label={label}
        className="flex flex-wrap gap-1 border-b border-slate-200 dark:border-slate-700"
      >
        {items.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type={buttonType}
            role="tab"
            id={`${idPrefix}tab-${t.id}`}
            aria-selected={i === active}
            aria-controls={`${idPrefix}panel-${t.id}`}
            tabIndex={i === active ? 0 : -1}
            onClick={() => select(i)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') move(i + 1);
              else if (e.key === 'ArrowLeft') move(i - 1);
              else if (e.key === 'Home') move(0);
              else if (e.key === 'End') move(items.length - 1);
              else return;
              e.preventDefault();
            }}
            className={`-mb-px rounded-t border ${size === 'md' ? 'px-4 py-2' : 'px-3 py-1.5'} text-sm ${
              i === active
                ? 'border-slate-200 border-b-white bg-white font-semibold dark:border-slate-700 dark:border-b-slate-950 dark:bg-slate-950'
                : 'border-transparent text-slate-700 hover:text-slate-950 dark:text-slate-300 dark:hover:text-white'
            }`}
          >
            {t.label}
          </button>
        ))}
      </div>
      {items.map((t, i) => (
        <div
          key={t.id}
          role="tabpanel"
          id={`${idPrefix}panel-${t.id}`}
          aria-labelledby={`${idPrefix}tab-${t.id}`}
          hidden={i !== active}
          tabIndex={focusablePanels ? 0 : undefined}
          className={panelClassName}
        >
          {t.panel}
        </div>
      ))}
    </div>
  );
}
