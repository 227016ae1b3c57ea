import type { SearchResult } from '@mcp-hub/api-client';
import { ServerCard } from '../../../components/server-card';

/** Servers like this one, as the Hub's search finds them (by meaning where it has an embedder). */
export function RelatedServers({ results, basis }: { results: SearchResult[]; basis: 'embedding' | 'text' }) {
  if (results.length === 0) return null;
  return (
    <section aria-labelledby="related" data-related={basis}>
      <h2 id="related" className="text-xl font-semibold">
        Related servers
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        {basis === 'embedding' ? 'Closest in meaning to this one.' : 'Sharing the most words with this one.'}
      </p>
      <div className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {results.map((r) => (
          <ServerCard key={r.name} result={r} headingLevel={3} />
        ))}
      </div>
    </section>
  );
}
