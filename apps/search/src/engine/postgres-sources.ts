import type { PageRow, SearchFilters, SemanticCandidate } from '../facets';
import type { SearchQueryingRepository } from '../querying.repository';
import type { TextSource, VectorSource } from './search-modes';

/** A query as Postgres takes it: stems (itemsToTsQuery), words for its own parser, or null for browsing. */
export type TsQuery = { lexemes: string } | { words: string } | null;

/**
 * Full-text ranking on Postgres (search_documents' tsvector). The text query also brings the
 * rows of the page it would show (its top ranks, which fill the page in text mode and most of it
 * in hybrid): one round trip, usually.
 */
export function postgresText(
  repo: SearchQueryingRepository,
  tsquery: TsQuery,
  filters: SearchFilters,
  show: { offset: number; count: number },
): TextSource {
  let shown: PageRow[] = [];
  return {
    search: async (limit) => {
      const found = await repo.textSearch(tsquery, filters, limit, show);
      shown = found.shown;
      return found;
    },
    ranks: async (names) => (tsquery ? repo.textRanks(tsquery, filters, names) : new Map()),
    rows: (names) => {
      const wanted = new Set(names);
      return shown.filter((r) => wanted.has(r.name));
    },
  };
}

/**
 * Vector neighbours of a query embedded on demand (embedded once, and only if a mode needs it),
 * searched by `nearest` (EngineHost.nearest: pgvector, or the engine's vectors filtered by Postgres).
 */
export function embeddedQueryVectors(
  embed: () => Promise<Float32Array | undefined>,
  nearest: (vector: Float32Array, filters: SearchFilters, k: number) => Promise<SemanticCandidate[]>,
): VectorSource {
  let vector: Promise<Float32Array | undefined> | undefined;
  return {
    nearest: async (filters, k) => {
      const v = await (vector ??= embed());
      return v ? nearest(v, filters, k) : [];
    },
  };
}
