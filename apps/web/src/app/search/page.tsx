import type { Metadata } from 'next';
import Link from 'next/link';
import { NoServers } from '../../components/no-servers';
import { SearchBox } from '../../components/search-box';
import { ServerCard } from '../../components/server-card';
import { FACET_LABELS, facetValueLabel } from '../../lib/format';
import { hub, unavailable } from '../../lib/hub';
import { QUERY_MAX, searchTerms } from '../../lib/query';

type Params = Record<string, string | string[] | undefined>;
const FACETS = ['registryType', 'transport', 'hasRemote', 'status'] as const;
type Facet = (typeof FACETS)[number];
/** Facets where several values may be chosen at once (any of them matches). */
const MULTI: ReadonlySet<Facet> = new Set(['registryType', 'transport']);
const PAGE_SIZE = 20;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const values = (v: string | string[] | undefined) => (one(v) ?? '').split(',').filter(Boolean);

export async function generateMetadata({ searchParams }: { searchParams: Promise<Params> }): Promise<Metadata> {
  const { q } = searchTerms(one((await searchParams).q));
  return { title: q ? `“${q}”: search` : 'Browse servers', robots: { index: false, follow: true } };
}

export default async function SearchPage({ searchParams }: { searchParams: Promise<Params> }) {
  const sp = await searchParams;
  const { q, cut } = searchTerms(one(sp.q));
  const chosen = Object.fromEntries(FACETS.map((f) => [f, values(sp[f])])) as Record<Facet, string[]>;
  const cursor = one(sp.cursor);
  const page = Math.max(1, Number(one(sp.page)) || 1);

  const query: Record<string, string | number> = { limit: PAGE_SIZE };
  if (q) query.q = q;
  for (const f of FACETS) if (chosen[f].length) query[f] = chosen[f].join(',');
  if (cursor) query.cursor = cursor;
  const { data, error, response } = await hub().GET('/api/v1/search', { params: { query } });
  if (!data) {
    // A bad cursor or filter is the visitor's URL, not an outage: say so and offer a way back.
    // Too many requests is neither: it gets the error page, with the Hub's status and Retry-After.
    if (response.status >= 400 && response.status < 500 && response.status !== 429) {
      return <Problem q={q} message={(error as { detail?: string })?.detail ?? 'That search could not be run.'} />;
    }
    throw unavailable(response, 'the search');
  }
  const res = data!;

  /** The URL with one facet value toggled, back on page 1. */
  const toggled = (facet: Facet, value: string) => {
    const next = new URLSearchParams();
    if (q) next.set('q', q);
    for (const f of FACETS) {
      let vals = chosen[f];
      if (f === facet)
        vals = vals.includes(value) ? vals.filter((v) => v !== value) : MULTI.has(f) ? [...vals, value] : [value];
      if (vals.length) next.set(f, vals.join(','));
    }
    const s = next.toString();
    return s ? `/search?${s}` : '/search';
  };
  const pageHref = (c: string | undefined, p: number) => {
    const next = new URLSearchParams();
    if (q) next.set('q', q);
    for (const f of FACETS) if (chosen[f].length) next.set(f, chosen[f].join(','));
    if (c) {
      next.set('cursor', c);
      next.set('page', String(p));
    }
    return `/search?${next.toString()}`;
  };
  const anyFilter = FACETS.some((f) => chosen[f].length);
  const chosenCount = FACETS.reduce((n, f) => n + chosen[f].length, 0);

  return (
    <div className="space-y-6">
      <SearchBox defaultValue={q} size="md" />
      {cut && (
        <p role="status" className="text-sm text-amber-800 dark:text-amber-300" data-query-cut>
          Search terms can be at most {QUERY_MAX} characters: searched for the first {QUERY_MAX}.
        </p>
      )}
      {/* On a phone the results come first and the filters after them, a link away. */}
      <div className="grid gap-8 md:grid-cols-[14rem_1fr]">
        <aside id="filters" aria-label="Filters" className="order-last min-w-0 space-y-5 md:order-none">
          {FACETS.map((f) => {
            const counts = Object.entries(res.facets[f]).filter(([v, n]) => n > 0 || chosen[f].includes(v));
            if (counts.length === 0) return null;
            return (
              <nav key={f} aria-labelledby={`facet-${f}`}>
                <h2 id={`facet-${f}`} className="text-sm font-semibold text-slate-700 dark:text-slate-300">
                  {FACET_LABELS[f]}
                </h2>
                <ul className="mt-1 space-y-1 text-sm">
                  {counts
                    .sort((a, b) => b[1] - a[1])
                    .map(([value, n]) => {
                      const on = chosen[f].includes(value);
                      return (
                        <li key={value}>
                          <Link
                            href={toggled(f, value)}
                            aria-current={on ? 'true' : undefined}
                            data-facet={`${f}:${value}`}
                            className={`flex justify-between rounded px-2 py-1 ${on ? 'bg-blue-700 text-white' : 'text-slate-800 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800'}`}
                          >
                            <span>
                              <span aria-hidden="true">{on ? '✓ ' : ''}</span>
                              {facetValueLabel(f, value)}
                            </span>
                            <span data-count>{n}</span>
                          </Link>
                        </li>
                      );
                    })}
                </ul>
              </nav>
            );
          })}
          {anyFilter && (
            <Link
              href={q ? `/search?q=${encodeURIComponent(q)}` : '/search'}
              className="text-sm text-blue-800 underline dark:text-blue-300"
            >
              Clear filters
            </Link>
          )}
        </aside>
        <section aria-labelledby="results-heading" className="min-w-0">
          <h1 id="results-heading" className="text-lg font-semibold" data-total={res.total}>
            {res.total.toLocaleString('en')} {res.total === 1 ? 'server' : 'servers'}
            {q ? <> for “{q}”</> : null}
            {page > 1 ? <span className="font-normal text-slate-600 dark:text-slate-400"> · page {page}</span> : null}
          </h1>
          {(res.total > 0 || anyFilter) && (
            <a
              href="#filters"
              className="mt-1 inline-block text-sm text-blue-800 underline md:hidden dark:text-blue-300"
            >
              Filters{chosenCount > 0 ? ` (${chosenCount} chosen)` : ''}
            </a>
          )}
          {res.total === 0 && !q && !anyFilter ? (
            <NoServers />
          ) : res.results.length === 0 ? (
            <Empty q={q} filtered={anyFilter} clearHref={q ? `/search?q=${encodeURIComponent(q)}` : '/search'} />
          ) : (
            <ol className="mt-4 space-y-3">
              {res.results.map((r) => (
                <li key={r.name}>
                  <ServerCard result={r} headingLevel={2} />
                </li>
              ))}
            </ol>
          )}
          <nav aria-label="Pages" className="mt-6 flex justify-between text-sm">
            {page > 1 ? (
              <Link href={pageHref(undefined, 1)} className="text-blue-800 underline dark:text-blue-300">
                ← First page
              </Link>
            ) : (
              <span />
            )}
            {res.nextCursor && (
              <Link
                href={pageHref(res.nextCursor, page + 1)}
                rel="next"
                className="text-blue-800 underline dark:text-blue-300"
              >
                Next page →
              </Link>
            )}
          </nav>
        </section>
      </div>
    </div>
  );
}

const EXAMPLES = ['read and send email', 'query a postgres database', 'browse the web', 'github issues'];

function Empty({ q, filtered, clearHref }: { q: string; filtered: boolean; clearHref: string }) {
  return (
    <div className="mt-6 rounded-lg border border-dashed border-slate-300 p-6 dark:border-slate-600" data-empty>
      <p className="font-medium">
        No servers match{q ? ` “${q}”` : ''}
        {filtered ? ' with these filters' : ''}.
      </p>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700 dark:text-slate-300">
        {filtered && (
          <li>
            <Link href={clearHref} className="text-blue-800 underline dark:text-blue-300">
              Remove the filters
            </Link>
          </li>
        )}
        {q && <li>Use fewer or more general words, or describe what the server should do.</li>}
        <li>
          Try:{' '}
          {EXAMPLES.map((e, i) => (
            <span key={e}>
              {i > 0 && ', '}
              <Link href={`/search?q=${encodeURIComponent(e)}`} className="text-blue-800 underline dark:text-blue-300">
                {e}
              </Link>
            </span>
          ))}
        </li>
      </ul>
    </div>
  );
}

function Problem({ q, message }: { q: string; message: string }) {
  return (
    <div className="space-y-4">
      <SearchBox defaultValue={q} size="md" />
      <p
        role="alert"
        className="rounded border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
      >
        {message}{' '}
        <Link href={q ? `/search?q=${encodeURIComponent(q)}` : '/search'} className="underline">
          Start over
        </Link>
      </p>
    </div>
  );
}
