import Link from 'next/link';
import type { SearchResult } from '@mcp-hub/api-client';
import { displayTitle } from '@mcp-hub/domain';
import { markOnly, serverHref } from '../lib/format';
import { plainText } from '../lib/plain-text';

/**
 * One search result or listed server. Highlights come from the Hub, reduced to <mark> only; the
 * description is shown as plain text, whatever markdown its publisher wrote.
 */
export function ServerCard({ result, headingLevel = 3 }: { result: SearchResult; headingLevel?: 2 | 3 }) {
  const H = `h${headingLevel}` as const;
  const types = [
    ...new Set((result.packages as { registryType?: string }[]).map((p) => p.registryType).filter(Boolean)),
  ];
  return (
    <article
      className="min-w-0 rounded-lg border border-slate-200 p-4 hover:border-blue-400 dark:border-slate-700 dark:hover:border-blue-500"
      data-result={result.name}
    >
      <H className="font-semibold break-words">
        <Link href={serverHref(result.name)} className="text-blue-800 hover:underline dark:text-blue-300">
          {result.highlights.title ? (
            <span dangerouslySetInnerHTML={{ __html: markOnly(result.highlights.title) }} />
          ) : (
            displayTitle(result)
          )}
        </Link>
      </H>
      <p className="font-mono text-xs break-all text-slate-600 dark:text-slate-400">
        {result.name} · v{result.version}
      </p>
      <p className="mt-1 text-sm text-slate-800 dark:text-slate-200" data-description>
        {result.highlights.description ? (
          <span dangerouslySetInnerHTML={{ __html: markOnly(plainText(result.highlights.description)) }} />
        ) : (
          plainText(result.description)
        )}
      </p>
      <div className="mt-2 flex flex-wrap gap-1 text-xs">
        {result.status === 'deprecated' && (
          <span className="rounded bg-amber-100 px-1.5 py-0.5 text-amber-900 dark:bg-amber-900 dark:text-amber-100">
            deprecated
          </span>
        )}
        {types.map((t) => (
          <span
            key={t}
            className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-800 dark:bg-slate-800 dark:text-slate-200"
          >
            {t}
          </span>
        ))}
        {result.remotes.length > 0 && (
          <span className="rounded bg-emerald-100 px-1.5 py-0.5 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">
            remote
          </span>
        )}
      </div>
    </article>
  );
}
