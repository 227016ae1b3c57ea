import {
  type Candidate,
  type Facets,
  type PageRow,
  type SearchFilters,
  type SemanticCandidate,
  addFacets,
  facetsOf,
  passesFilters,
} from '../facets';
import { type FusionParams, fuse, rankedList } from '../search-query';

/** Text matches: the best candidates (best first), how many match in all, and the facet counts over all of them. */
export interface TextMatches {
  candidates: Candidate[];
  total: number;
  facets: Facets;
}

/**
 * Full-text ranking for one search (its query and filters are the source's own): the in-memory
 * text index (engine thread) or Postgres' tsvector columns (SearchQueryingRepository).
 */
export interface TextSource {
  /** The best `limit` matches, with the total and facets over all matches. */
  search(limit: number): Promise<TextMatches>;
  /** Where these documents stand (1-based) in that ranking; those the query does not match are left out. Called after search(). */
  ranks(names: string[]): Promise<Map<string, number>>;
  /** The display rows of these documents the source has at hand (the caller fetches the rest). */
  rows(names: string[]): PageRow[];
}

/**
 * Vector neighbours of one search's query vector: the in-memory vector index, pgvector, or the
 * in-memory vectors filtered by Postgres. No query vector (no embedder, or the model knows none
 * of its words): no neighbours.
 */
export interface VectorSource {
  /** The `k` nearest documents that pass the filters, nearest first, with what facets count. */
  nearest(filters: SearchFilters, k: number): Promise<SemanticCandidate[]>;
}

export interface ModeQuery {
  mode: 'text' | 'semantic' | 'hybrid';
  /** Only stop words: nothing matches. */
  matchesNothing: boolean;
  filters: SearchFilters;
  offset: number;
  limit: number;
  fusion: FusionParams;
  /** Text matches taken into fusion at least; semantic neighbours taken into fusion; the most semantic mode returns. */
  textCandidates: number;
  semanticCandidates: number;
  semanticMax: number;
}

export interface ModeAnswer {
  /** The requested page of the ranking, and the documents of it its sources had at hand. */
  page: { name: string; score: number }[];
  rows: PageRow[];
  total: number;
  facets: Facets;
  /** How long the whole ranking is (semantic mode pages within it). */
  ranked: number;
}

const NO_MATCHES: TextMatches = { candidates: [], total: 0, facets: facetsOf([]) };

/**
 * The one text / semantic / hybrid switch, over a text source and a vector source: the memory
 * engine runs it on its thread over its indexes, SearchService over Postgres. Hybrid fuses the
 * two rankings (weighted reciprocal rank fusion); its semantic neighbours are taken among all
 * servers the viewer may see (with the tool asked for, if any) and then filtered, so a facet's
 * count is exactly the total its filter gives (taken after filtering, a filter would bring in
 * other neighbours).
 */
export async function runModes(q: ModeQuery, text: TextSource, vectors: VectorSource): Promise<ModeAnswer> {
  const want = q.offset + q.limit;
  const textSearch = (n: number) => (q.matchesNothing ? Promise.resolve(NO_MATCHES) : text.search(n));
  let ranked: { name: string; score: number }[];
  let total: number;
  let facets: Facets;
  if (q.mode === 'text') {
    const t = await textSearch(want);
    ranked = t.candidates.map((c) => ({ name: c.name, score: c.score }));
    total = t.total;
    facets = t.facets;
  } else if (q.mode === 'semantic') {
    const sem = await vectors.nearest(q.filters, Math.min(q.semanticMax, Math.max(want, q.semanticCandidates)));
    ranked = sem
      .map((c) => ({ name: c.name, score: c.deprecated ? c.score * q.fusion.deprecatedFactor : c.score }))
      .sort((a, b) => b.score - a.score);
    total = ranked.length;
    facets = facetsOf(sem);
  } else {
    const [t, near] = await Promise.all([
      textSearch(Math.max(want, q.textCandidates)),
      vectors.nearest({ viewer: q.filters.viewer, tool: q.filters.tool }, q.semanticCandidates),
    ]);
    const sem = near.filter((c) => passesFilters(q.filters, c));
    // Neighbours that are text matches beyond the candidates fuse with their true text rank (so
    // a page never depends on how many candidates were taken) and are in the text total already.
    const textNames = new Set(t.candidates.map((c) => c.name));
    const outside = sem.filter((c) => !textNames.has(c.name)).map((c) => c.name);
    const beyond =
      outside.length > 0 && t.total > t.candidates.length ? await text.ranks(outside) : new Map<string, number>();
    ranked = fuse({ ...rankedList(t.candidates), beyond }, rankedList(sem), q.fusion);
    const semanticOnly = sem.filter((c) => !textNames.has(c.name) && !beyond.has(c.name));
    total = t.total + semanticOnly.length;
    facets = semanticOnly.length ? addFacets(t.facets, facetsOf(semanticOnly)) : t.facets;
  }
  const page = ranked.slice(q.offset, want);
  return { page, rows: text.rows(page.map((p) => p.name)), total, facets, ranked: ranked.length };
}
