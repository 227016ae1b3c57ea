'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export interface SubNavItem {
  href: string;
  label: string;
  /** A count shown after the label (open invitations), with what it counts for screen readers. */
  badge?: { count: number; srText: string };
}

/**
 * The dashboard's sub-nav. The page you are on is marked (aria-current="page", underlined and
 * bold); a section's deeper pages (a token's uses under API tokens) mark their section.
 */
export function SubNav({ items }: { items: SubNavItem[] }) {
  const path = usePathname();
  const current = items
    .filter((i) => path === i.href || path.startsWith(`${i.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <nav aria-label="Dashboard" className="flex flex-wrap gap-x-4 gap-y-1 text-sm font-medium">
      {items.map((i) => {
        const here = i === current;
        return (
          <Link
            key={i.href}
            href={i.href}
            aria-current={here ? 'page' : undefined}
            className={`border-b-2 pb-0.5 ${here ? 'border-blue-700 font-bold text-blue-800 dark:border-blue-400 dark:text-blue-300' : 'border-transparent hover:underline'}`}
          >
            {i.label}
            {i.badge && i.badge.count > 0 && (
              <>
                {' '}
                <span
                  className="rounded-full bg-blue-700 px-1.5 py-0.5 text-xs font-semibold text-white"
                  data-invitation-count
                >
                  {i.badge.count}
                  <span className="sr-only"> {i.badge.srText}</span>
                </span>
              </>
            )}
          </Link>
        );
      })}
    </nav>
  );
}
