import { type PageRow, type SearchFilters, type SemanticCandidate, hasFilters } from '../facets';
import type { QueryItem } from '../search-query';
import { MemoryTextIndex, type TextIndexDocument } from './memory-text-index';
import { MemoryVectorIndex } from './memory-vectors';
import { type ModeAnswer, type ModeQuery, type TextSource, type VectorSource, runModes } from './search-modes';

/** A search as the engine takes it: the mode switch's query, with the query as lexemes and its embedding. */
export interface EngineQuery extends Omit<ModeQuery, 'matchesNothing'> {
  /** Null: browsing (no query words). */
  items: QueryItem[] | null;
  /** The query's embedding (semantic and hybrid); undefined when the model knows none of its words. */
  vector?: Float32Array;
}

/** The requested page of the ranking and its documents, the total and the facets. */
export type EngineAnswer = ModeAnswer;

/**
 * The in-memory search engine: documents and vectors, and a whole search over them, from query
 * lexemes and embedding to the ranked page with its rows. It runs on its own thread in the Hub
 * (engine-client.ts), so searching and serving HTTP use both cores; tests call it directly.
 * Operations run one at a time, in the order they were called (engine-client.ts queues them):
 * a search sees no change half made, and its text ranks are those of its own text search.
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
    return {
      recall: queries.length ? sum / queries.length : 1,
      vectors: this.vectors.size,
      clustered: this.vectors.clustered,
    };
  }

  /** One search over the memory indexes, through the same mode switch SearchService runs over Postgres. */
  run(q: EngineQuery): Promise<EngineAnswer> {
    const index = this.text;
    const items = q.items;
    const text: TextSource = {
      search: async (limit) => index.search(items, q.filters, limit),
      ranks: async (names) => index.ranksInLast(names),
      rows: (names) => {
        const rows: PageRow[] = [];
        for (const name of names) {
          const d = index.get(name);
          // The display fields only: the tsvector stays here.
          if (d)
            rows.push({
              name: d.name,
              version: d.version,
              namespace: d.namespace,
              title: d.title,
              description: d.description,
              status: d.status,
              packages: d.packages,
              remotes: d.remotes,
            });
        }
        return rows;
      },
    };
    const vectors: VectorSource = { nearest: async (filters, k) => this.semantic(q.vector, filters, k) };
    return runModes({ ...q, matchesNothing: items?.length === 0 }, text, vectors);
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
      if (d)
        out.push({
          name: n.name,
          score: n.score,
          deprecated: d.status === 'deprecated',
          namespace: d.namespace,
          privateOrgId: d.privateOrgId,
          status: d.status,
          registryTypes: d.registryTypes,
          transports: d.transports,
          hasRemote: d.hasRemote,
        });
    }
    return out;
  }
}
