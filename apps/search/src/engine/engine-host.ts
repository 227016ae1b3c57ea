import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import type { SearchFilters, SemanticCandidate } from '../facets';
import { hasFilters } from '../facets';
import { SearchQueryingRepository } from '../querying.repository';
import { type EngineClient, createEngine } from './engine-client';

/**
 * Owns the in-memory search engine (its own thread in the built Hub) and the index generation.
 * The engine holds the documents when searches run there (HUB_SEARCH_ENGINE=memory; complete
 * once init() resolves), and the vectors whenever they are searched in this process. The indexer
 * writes through it; SearchService reads through it, and never needs the indexer.
 */
@Injectable()
export class EngineHost implements OnApplicationShutdown {
  private readonly logger = new Logger('search-indexer');
  readonly engine: EngineClient;
  /** Bumped whenever what search can return changes (cached results older than it are stale). */
  generation = 0;
  private pgvector?: boolean;
  private initialized?: Promise<void>;
  /** What the engine holds, as this thread knows it: document content hashes, and the vectors' model. */
  private readonly engineDocs = new Map<string, string>();
  private engineVectorModel?: string;
  private freshness: () => boolean = () => false;

  constructor(
    private readonly repo: SearchQueryingRepository,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {
    this.engine = createEngine({
      thread: true,
      onFailure: (message) => {
        this.logger.error(`the search engine thread stopped (${message}); searching with Postgres`);
        this.changed();
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    // After every module's onModuleDestroy: the indexer's last batch has written to the engine.
    await this.engine.close();
  }

  /** Something search can return changed: older cached answers are stale. */
  changed(): void {
    this.generation++;
  }

  /**
   * Whether the index holds every registry change this process has heard of (the indexer
   * reports it: see SearchIndexer.upToDate). Until one reports, it is not.
   */
  get upToDate(): boolean {
    return this.freshness();
  }

  reportFreshness(probe: () => boolean): void {
    this.freshness = probe;
  }

  /** Whether the database has pgvector (known once init() has resolved). */
  get hasPgvector(): boolean | undefined {
    return this.pgvector;
  }

  /** Which vector store answers semantic queries here. */
  get vectorStore(): 'pgvector' | 'memory' {
    return this.vectorsInMemory ? 'memory' : 'pgvector';
  }

  /** Searches run on the in-memory index (loaded: init() has resolved). */
  get textInMemory(): boolean {
    return this.config.search.engine === 'memory' && this.pgvector !== undefined && !this.engine.failure;
  }

  /** Vectors are searched in this process: the memory engine, or a database without pgvector. */
  get vectorsInMemory(): boolean {
    return this.config.search.engine === 'memory' || this.pgvector === false;
  }

  /** Finds out what the database offers and, for the memory engine, loads the documents (once). */
  init(): Promise<void> {
    this.initialized ??= (async () => {
      const pgvector = await this.repo.hasPgvector();
      if (this.config.search.engine === 'memory') {
        const started = performance.now();
        const docs = await this.repo.indexDocuments();
        for (let i = 0; i < docs.length; i += 2_000) await this.engine.call('upsertDocs', docs.slice(i, i + 2_000));
        for (const d of docs) this.engineDocs.set(d.name, d.contentHash);
        this.logger.log(
          `loaded ${docs.length} search documents into memory in ${Math.round(performance.now() - started)} ms`,
        );
      }
      this.pgvector = pgvector;
    })().catch((err) => {
      this.initialized = undefined;
      throw err;
    });
    return this.initialized;
  }

  /**
   * For the memory engine: brings the in-memory documents of these servers in line with the
   * database, whoever wrote them (this process, or another one whose change reached us through the feed).
   */
  async refreshDocuments(names: string[]): Promise<void> {
    if (this.config.search.engine !== 'memory') return;
    const docs = await this.repo.indexDocuments(names);
    const found = new Set(docs.map((d) => d.name));
    const changed = docs.filter((d) => this.engineDocs.get(d.name) !== d.contentHash);
    const removed = names.filter((n) => !found.has(n) && this.engineDocs.has(n));
    if (changed.length > 0) await this.engine.call('upsertDocs', changed);
    if (removed.length > 0) await this.engine.call('removeDocs', removed);
    for (const d of changed) this.engineDocs.set(d.name, d.contentHash);
    for (const n of removed) this.engineDocs.delete(n);
    if (changed.length > 0 || removed.length > 0) this.changed();
  }

  /** Whether the engine holds this model's vectors (they are searched in this process). */
  holdsVectorsOf(model: string): boolean {
    return this.vectorsInMemory && this.engineVectorModel === model;
  }

  /** Whether the engine holds any model's vectors. */
  get holdsVectors(): boolean {
    return this.engineVectorModel !== undefined;
  }

  /** Where vectors are searched in this process, loads this model's stored vectors into the engine (once per model). */
  async loadVectors(model: string, dimensions: number): Promise<void> {
    if (!this.vectorsInMemory || this.engineVectorModel === model) return;
    await this.engine.call('resetVectors', model, dimensions);
    this.engineVectorModel = model;
    const rows = await this.repo.loadVectors(model);
    for (let i = 0; i < rows.length; i += 2_000)
      await this.engine.call(
        'upsertVectors',
        rows.slice(i, i + 2_000).map((r) => ({ name: r.name, vector: r.embedding })),
      );
    if (await this.engine.call('optimize')) this.logger.log(`clustered ${rows.length} vectors for approximate search`);
    this.changed();
  }

  async upsertVectors(rows: { name: string; vector: ArrayLike<number> }[]): Promise<void> {
    await this.engine.call('upsertVectors', rows);
  }

  /** Reads these servers' stored vectors of this model back into the engine (another process computed them). */
  async reloadVectors(model: string, names: string[]): Promise<void> {
    await this.engine.call(
      'upsertVectors',
      (await this.repo.loadVectors(model, names)).map((r) => ({ name: r.name, vector: r.embedding })),
    );
  }

  async removeVectors(names: string[]): Promise<void> {
    await this.engine.call('removeVectors', names);
  }

  /** Clusters the engine's vectors when due; whether it did. */
  async optimizeVectors(): Promise<boolean> {
    return this.holdsVectors && (await this.engine.call('optimize'));
  }

  /** The k documents nearest a vector of this model that pass the filters, nearest first (pgvector, or the engine's vectors). */
  async nearest(vector: Float32Array, model: string, filters: SearchFilters, k: number): Promise<SemanticCandidate[]> {
    await this.init();
    if (this.vectorStore === 'pgvector') return this.repo.vectorSearch(vector, model, filters, k);
    // No pgvector: neighbours from the engine's vectors, filtered here by the database.
    // Private servers are filtered out for everyone but an instance admin, so the neighbours come from a wider net then.
    const filtered = hasFilters(filters) || !filters.viewer?.all;
    const near = await this.engine.call('nearest', vector, filtered ? Math.max(2_000, k) : k);
    const pass = await this.repo.filterNames(
      near.map((n) => n.name),
      filters,
    );
    const out: SemanticCandidate[] = [];
    for (const n of near) {
      const fields = pass.get(n.name);
      if (fields) out.push({ name: n.name, score: n.score, deprecated: fields.status === 'deprecated', ...fields });
      if (out.length === k) break;
    }
    return out;
  }
}
