import { type Facets, type PageRow, type SearchFilters, type SemanticCandidate, addFacets, facetsOf, hasFilters, passesFilters } from '../facets';
import { type FusionParams, type QueryItem, fuse, rankedList } from '../search-query';
import { MemoryTextIndex, type TextIndexDocument } from './memory-text-index';
import { MemoryVectorIndex } from './memory-vectors';

export interface EngineQuery {
  mode: 'text' | 'semantic' | 'hybrid';
  /** Null: browsing (no query words). */
  items: QueryItem[] | null;
  /** The query's embedding (semantic and hybrid); undefined when the model knows none of its words. */
  vector?: Float32Array;
  filters: SearchFilters;
  offset: number;
  limit: number;
  fusion: FusionParams;
  /** Text matches taken into fusion at least; semantic neighbours taken into fusion; the most semantic mode returns. */
  textCandidates: number;
  semanticCandidates: number;
  semanticMax: number;
}

export interface EngineAnswer {
  /** The requested page of the ranking, and its documents. */
  page: { name: string; score: number }[];
  rows: PageRow[];
  total: number;
  facets: Facets;
  /** How long the whole ranking is (semantic mode pages within it). */
  ranked: number;
}

/**
 * The in-memory search engine: documents and vectors, and a whole search over them, from query
 * lexemes and embedding to the ranked page with its rows. It runs on its own thread in the Hub
 * (engine-client.ts), so searching and serving HTTP use both cores; tests call it directly.
 * Every operation is synchronous: messages to the thread are answered in order.
 */
export class SearchEngine {
  readonly text = new MemoryTextIndex();
  readonly vectors = new MemoryVectorIndex();

  upsertDocs(docs: TextIndexDocument[]): number {
    for (const d of docs) this.text.upsert(d);
    return this.text.size;
  }

  removeDocs(names: string[]): number {
    for (const n of names) this.text.remove(n);
    return this.text.size;
  }

  resetVectors(model: string, dims: number): void {
    this.vectors.reset(model, dims);
  }

  upsertVectors(rows: { name: string; vector: ArrayLike<number> }[]): number {
    for (const r of rows) this.vectors.upsert(r.name, r.vector);
    return this.vectors.size;
  }

  removeVectors(names: string[]): number {
    for (const n of names) this.vectors.remove(n);
    return this.vectors.size;
  }

  /** Clusters the vectors when due (see MemoryVectorIndex.optimize). */
  optimize(): boolean {
    return this.vectors.optimize();
  }

  /** Nearest vectors, unfiltered (the Postgres engine on a database without pgvector filters them itself). */
  nearest(vector: Float32Array, k: number): { name: string; score: number }[] {
    return this.vectors.search(vector, k);
  }

  /** How many of the exact top k the vector index returns for these queries, on average (1 while it scans exactly). */
  vectorRecall(queries: Float32Array[], k: number): { recall: number; vectors: number; clustered: boolean } {
    let sum = 0;
    for (const q of queries) {
      const exact = new Set(this.vectors.search(q, k, { exact: true }).map((n) => n.name));
      const found = this.vectors.search(q, k).filter((n) => exact.has(n.name)).length;
      sum += exact.size ? found / exact.size : 1;
    }
    return { recall: queries.length ? sum / queries.length : 1, vectors: this.vectors.size, clustered: this.vectors.clustered };
  }

  /** One search, ranked exactly as SearchService ranks on the Postgres engine. */
  run(q: EngineQuery): EngineAnswer {
    const want = q.offset + q.limit;
    const text = (n: number) => (q.items?.length === 0 ? { candidates: [], total: 0, facets: facetsOf([]) } : this.text.search(q.items, q.filters, n));
    let ranked: { name: string; score: number }[];
    let total: number;
    let facets: Facets;
    if (q.mode === 'text') {
      const t = text(want);
      ranked = t.candidates.map((c) => ({ name: c.name, score: c.score }));
      total = t.total;
      facets = t.facets;
    } else if (q.mode === 'semantic') {
      const sem = this.semantic(q.vector, q.filters, Math.min(q.semanticMax, Math.max(want, q.semanticCandidates)));
      ranked = sem.map((c) => ({ name: c.name, score: c.deprecated ? c.score * q.fusion.deprecatedFactor : c.score })).sort((a, b) => b.score - a.score);
      total = ranked.length;
      facets = facetsOf(sem);
    } else {
      const t = text(Math.max(want, q.textCandidates));
      // Neighbours of all servers, then filtered, as SearchService does: a facet's count is the total its filter gives.
      const sem = this.semantic(q.vector, { viewer: q.filters.viewer }, q.semanticCandidates).filter((c) => passesFilters(q.filters, c));
      // Neighbours that are text matches beyond the candidates fuse with their true text rank and are in the text total already.
      const textNames = new Set(t.candidates.map((c) => c.name));
      const outside = sem.filter((c) => !textNames.has(c.name)).map((c) => c.name);
      const beyond = outside.length > 0 && t.total > t.candidates.length && q.items?.length ? this.text.ranksInLast(outside) : new Map<string, number>();
      ranked = fuse({ ...rankedList(t.candidates), beyond }, rankedList(sem), q.fusion);
      const semanticOnly = sem.filter((c) => !textNames.has(c.name) && !beyond.has(c.name));
      total = t.total + semanticOnly.length;
      facets = semanticOnly.length ? addFacets(t.facets, facetsOf(semanticOnly)) : t.facets;
    }
    const page = ranked.slice(q.offset, want);
    const rows: PageRow[] = [];
    for (const { name } of page) {
      const d = this.text.get(name);
      // The display fields only: the tsvector stays here.
      if (d) rows.push({ name: d.name, version: d.version, namespace: d.namespace, title: d.title, description: d.description, status: d.status, packages: d.packages, remotes: d.remotes });
    }
    return { page, rows, total, facets, ranked: ranked.length };
  }

  /** Vector neighbours that pass the filters, with what facets count. */
  private semantic(vector: Float32Array | undefined, filters: SearchFilters, k: number): SemanticCandidate[] {
    if (!vector) return [];
    const pass = this.text.filter(filters);
    const out: SemanticCandidate[] = [];
    // Private documents are filtered for every viewer but an instance admin: neighbours are taken among what it may see.
    const filtered = hasFilters(filters) || !filters.viewer?.all;
    for (const n of this.vectors.search(vector, k, filtered ? { accept: (name) => pass(name) !== undefined } : {})) {
      // Every vector has its document (both leave together); the test is for the moment between.
      const d = pass(n.name);
      if (d) out.push({ name: n.name, score: n.score, deprecated: d.status === 'deprecated', namespace: d.namespace, privateOrgId: d.privateOrgId, status: d.status, registryTypes: d.registryTypes, transports: d.transports, hasRemote: d.hasRemote });
    }
    return out;
  }
}
