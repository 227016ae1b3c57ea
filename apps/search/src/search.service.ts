import { Inject, Injectable } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { ANONYMOUS, HubError, type Viewer } from '@mcp-hub/domain';
import { EmbeddingsService } from './embeddings/embeddings.service';
import { SearchIndexer } from './indexing/search-indexer';
import { type Facets, type PageRow, type SearchFilters, type SemanticCandidate, addFacets, facetsOf, hasFilters, passesFilters, subtractFacets } from './facets';
import { SearchRepository } from './search.repository';
import {
  type FusionParams,
  type QueryItem,
  type SearchMode,
  type SearchQuery,
  buildTsQuery,
  decodeCursor,
  encodeCursor,
  fingerprint,
  fuse,
  highlight,
  itemsToTsQuery,
  queryItems,
  rankedList,
  tokenize,
} from './search-query';

export interface SearchResult {
  name: string;
  version: string;
  title: string | null;
  description: string;
  status: string;
  score: number;
  highlights: { title?: string; description?: string };
  packages: unknown[];
  remotes: unknown[];
}

export interface SearchResponse {
  results: SearchResult[];
  facets: Facets;
  total: number;
  nextCursor?: string;
  /** The mode that produced the results (hybrid falls back to text while no embedder is available). */
  mode: SearchMode;
  notice?: string;
}

/** Deepest page reachable with a cursor. */
const MAX_OFFSET = 1_000;
/** Text matches taken into fusion at least (more when paging deeper). */
const TEXT_CANDIDATES = 200;
/** Semantic neighbours taken into hybrid fusion, and the most semantic mode returns. */
const SEMANTIC_CANDIDATES = 50;
const SEMANTIC_MAX = 100;
/** Typo tolerance: how similar (trigram) a known term must be to stand in for an unknown word. */
const FUZZY_MIN_SIMILARITY = 0.45;
const TERM_CACHE_MS = 30_000;

/**
 * How much hybrid trusts the semantic ranking, per embedder. Tuned on apps/search/eval with
 * `pnpm search:eval --sweep`: the static GloVe stand-in is weak alone, so it may only reorder
 * and add at the margin; a transformer sentence model gets plain RRF's equal weight.
 */
export const FUSION_PROFILES: { match: RegExp; params: Partial<FusionParams> }[] = [{ match: /glove-static/, params: { semanticWeight: 0.3, k: 30 } }];
export const DEFAULT_FUSION: FusionParams = { textWeight: 1, semanticWeight: 1, k: 60, deprecatedFactor: 0.5 };

@Injectable()
export class SearchService {
  /** Query word → its typo stand-ins; short-lived, since the vocabulary grows as servers are indexed. */
  private readonly termCache = new Map<string, { terms: string[]; at: number }>();
  /** Word → its query lexeme (Postgres' stemming never changes, so these are kept until evicted). */
  private readonly lexemeCache = new Map<string, string | null | false>();
  private readonly resultCache = new Map<string, SearchResponse>();
  /** Set by the evaluation script to sweep fusion parameters; otherwise chosen per embedder. */
  fusionOverride?: Partial<FusionParams>;

  constructor(
    private readonly repo: SearchRepository,
    private readonly embeddings: EmbeddingsService,
    private readonly indexer: SearchIndexer,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  fusionParams(): FusionParams {
    const id = this.embeddings.embedder?.id ?? '';
    const profile = FUSION_PROFILES.find((p) => p.match.test(id))?.params ?? {};
    const fromConfig = this.config.search.semanticWeight !== undefined ? { semanticWeight: this.config.search.semanticWeight } : {};
    return { ...DEFAULT_FUSION, ...profile, ...fromConfig, ...this.fusionOverride };
  }

  /**
   * Answers repeated searches from memory. Popular queries repeat (and search-as-you-type repeats
   * prefixes); an entry is valid only for the index generation and embedder it was computed with,
   * so any indexed change makes every older entry a miss.
   */
  async search(q: SearchQuery, viewer: Viewer = ANONYMOUS): Promise<SearchResponse> {
    const response = await this.cachedOrComputed(q, viewer);
    // Read after the answer: a change heard of while it was computed is still checked.
    return this.indexer.upToDate ? response : this.visibleNow(response, viewer);
  }

  /**
   * The index (and its cached answers) learns of a visibility change after the registry commits
   * it — from another process, only by the change feed. So while any change this process has
   * heard of is not indexed yet, an answer's servers are checked against the registry's current
   * visibility before it goes out: a server made private is not shown outside its org even once,
   * and the total and facets no longer count it (a match beyond this page is counted until the
   * index catches up). Once the index is up to date the check is skipped: it would cost every
   * answer, cached ones included, a database round trip. A change made in another process is
   * heard of when its notification arrives (milliseconds after its commit).
   */
  private async visibleNow(response: SearchResponse, viewer: Viewer): Promise<SearchResponse> {
    if (viewer.all || response.results.length === 0) return response;
    const visible = await this.repo.visibleNow(
      response.results.map((r) => r.name),
      viewer,
    );
    const hidden = response.results.filter((r) => !visible.has(r.name)).map((r) => r.name);
    if (hidden.length === 0) return response;
    const counted = await this.repo.filterNames(hidden, { viewer: { all: true, orgs: [] } });
    return {
      ...response,
      results: response.results.filter((r) => visible.has(r.name)),
      total: response.total - hidden.length,
      facets: subtractFacets(response.facets, facetsOf([...counted.values()])),
    };
  }

  private async cachedOrComputed(q: SearchQuery, viewer: Viewer): Promise<SearchResponse> {
    // The viewer is part of the key: a member's answer (with private servers) is never anyone else's.
    const key = JSON.stringify([this.indexer.generation, this.config.search.engine, this.embeddings.embedder?.id ?? '', this.fusionOverride ?? null, q, viewer.all, [...viewer.orgs].sort()]);
    const hit = this.resultCache.get(key);
    if (hit) {
      this.resultCache.delete(key);
      this.resultCache.set(key, hit);
      return hit;
    }
    const generation = this.indexer.generation;
    const response = await this.compute(q, viewer);
    // Stored only if nothing was indexed while it was computed.
    if (generation === this.indexer.generation && this.config.search.resultCacheSize > 0) {
      this.resultCache.set(key, response);
      if (this.resultCache.size > this.config.search.resultCacheSize) this.resultCache.delete(this.resultCache.keys().next().value!);
    }
    return response;
  }

  private async compute(q: SearchQuery, viewer: Viewer): Promise<SearchResponse> {
    const requested = q.mode ?? 'hybrid';
    const words = tokenize(q.q ?? '');
    const limit = q.limit ?? 20;
    const offset = q.cursor ? decodeCursor(q.cursor, fingerprint(q, requested)) : 0;
    if (offset > MAX_OFFSET) throw new HubError('bad_request', `results beyond the first ${MAX_OFFSET} are not served; narrow the search`);
    const filters: SearchFilters = { viewer, registryType: q.registryType, transport: q.transport, hasRemote: q.hasRemote, namespace: q.namespace, status: q.status };

    const reason = this.embeddings.unavailableReason;
    if (requested === 'semantic' && reason) {
      // Why (a model folder, a download) is the operator's business: /healthz and the logs say it.
      throw new HubError('unavailable', 'semantic search is unavailable on this Hub. Use mode=text or mode=hybrid.');
    }
    const browsing = words.length === 0;
    const mode: SearchMode = browsing ? 'text' : requested === 'hybrid' && reason ? 'text' : requested;
    const notice = !browsing && requested === 'hybrid' && reason ? 'semantic search unavailable on this Hub; showing text results' : undefined;

    const fuzzy = browsing ? new Map<string, string[]>() : await this.fuzzyTerms(words);
    const items = browsing ? null : await this.queryItems(words, fuzzy);
    // A word Postgres splits into several lexemes (rare) leaves the whole query to its parser, on the database.
    const tsquery = browsing ? null : items ? { lexemes: itemsToTsQuery(items) } : { words: buildTsQuery(words, { fuzzy, prefixLast: true })! };
    const memory = this.indexer.textInMemory && items !== undefined;
    const want = offset + limit;
    let pageNames: { name: string; score: number }[] = [];
    let rankedLength = 0;
    let total: number;
    let facets: Facets;

    // Page rows come with the text query (its top ranks, which fill the page in text mode and most
    // of it in hybrid) and are fetched only for what is still missing: one round trip, usually.
    const shown = { offset, count: limit };
    const rows = new Map<string, PageRow>();
    const textSearch = async (n: number) => {
      // Only stop words: nothing matches.
      if (items?.length === 0) return { candidates: [], total: 0, facets: facetsOf([]), shown: [] };
      return this.repo.textSearch(tsquery, filters, n, shown);
    };
    let ranked: { name: string; score: number }[] = [];
    if (memory) {
      // The whole search on the engine's thread: ranking, fusion, facets and the page's rows.
      const vector = mode === 'text' ? undefined : ((await this.embeddings.embedQuery(q.q!)) ?? undefined);
      const answer = await this.indexer.engine.call('run', {
        mode,
        items: items ?? null,
        vector,
        filters,
        offset,
        limit,
        fusion: this.fusionParams(),
        textCandidates: TEXT_CANDIDATES,
        semanticCandidates: SEMANTIC_CANDIDATES,
        semanticMax: SEMANTIC_MAX,
      });
      total = answer.total;
      facets = answer.facets;
      for (const r of answer.rows) rows.set(r.name, r);
      pageNames = answer.page;
      rankedLength = answer.ranked;
    } else if (mode === 'text') {
      const text = await textSearch(want);
      ranked = text.candidates.map((c) => ({ name: c.name, score: c.score }));
      total = text.total;
      facets = text.facets;
      for (const r of text.shown) rows.set(r.name, r);
    } else if (mode === 'semantic') {
      const sem = await this.semanticCandidates(q.q!, filters, Math.min(SEMANTIC_MAX, Math.max(want, SEMANTIC_CANDIDATES)));
      ranked = sem.map((c) => ({ name: c.name, score: c.deprecated ? c.score * DEFAULT_FUSION.deprecatedFactor : c.score })).sort((a, b) => b.score - a.score);
      total = ranked.length;
      facets = facetsOf(sem);
    } else {
      // The semantic neighbours of all servers, then filtered: so a facet's count is exactly the
      // total its filter gives (taken after filtering, a filter would bring in other neighbours).
      const [text, near] = await Promise.all([textSearch(Math.max(want, TEXT_CANDIDATES)), this.semanticCandidates(q.q!, { viewer }, SEMANTIC_CANDIDATES)]);
      const sem = near.filter((c) => passesFilters(filters, c));
      // Neighbours that are text matches beyond the candidates fuse with their true text rank (so
      // a page never depends on how many candidates were taken) and are in the text total already.
      const textNames = new Set(text.candidates.map((c) => c.name));
      const outside = sem.filter((c) => !textNames.has(c.name)).map((c) => c.name);
      const beyond = outside.length > 0 && text.total > text.candidates.length && tsquery ? await this.repo.textRanks(tsquery, filters, outside) : new Map<string, number>();
      ranked = fuse({ ...rankedList(text.candidates), beyond }, rankedList(sem), this.fusionParams());
      const semanticOnly = sem.filter((c) => !textNames.has(c.name) && !beyond.has(c.name));
      total = text.total + semanticOnly.length;
      facets = semanticOnly.length ? addFacets(text.facets, facetsOf(semanticOnly)) : text.facets;
      for (const r of text.shown) rows.set(r.name, r);
    }
    if (!memory) {
      pageNames = ranked.slice(offset, want);
      rankedLength = ranked.length;
    }

    const missing = pageNames.filter((r) => !rows.has(r.name)).map((r) => r.name);
    for (const r of await this.repo.page(missing)) rows.set(r.name, r);
    const results: SearchResult[] = [];
    for (const { name, score } of pageNames) {
      const row = rows.get(name);
      if (!row) continue;
      const highlights: SearchResult['highlights'] = {};
      const title = highlight(row.title, words, fuzzy);
      const description = highlight(row.description, words, fuzzy);
      if (title) highlights.title = title;
      if (description) highlights.description = description;
      results.push({
        name,
        version: row.version,
        title: row.title,
        description: row.description,
        status: row.status,
        score: Math.round(score * 1e6) / 1e6,
        highlights,
        packages: row.packages,
        remotes: row.remotes,
      });
    }
    const more = want < (mode === 'semantic' ? rankedLength : total) && want < MAX_OFFSET;
    return {
      results,
      facets,
      total,
      ...(more ? { nextCursor: encodeCursor(want, fingerprint(q, requested)) } : {}),
      mode,
      ...(notice ? { notice } : {}),
    };
  }

  private async semanticCandidates(q: string, filters: SearchFilters, k: number): Promise<SemanticCandidate[]> {
    const vector = await this.embeddings.embedQuery(q);
    if (!vector) return [];
    return this.nearestTo(vector, filters, k);
  }

  /** The k documents nearest a vector of the current embedder's that pass the filters, nearest first. */
  async nearestTo(vector: Float32Array, filters: SearchFilters, k: number): Promise<SemanticCandidate[]> {
    const embedder = this.embeddings.embedder!;
    await this.indexer.init();
    if (this.indexer.vectorStore === 'pgvector') return this.repo.vectorSearch(vector, embedder.id, filters, k);
    // No pgvector: neighbours from the engine's vectors, filtered here by the database.
    // Private servers are filtered out for everyone but an instance admin, so the neighbours come from a wider net then.
    const filtered = hasFilters(filters) || !filters.viewer?.all;
    const near = await this.indexer.engine.call('nearest', vector, filtered ? Math.max(2_000, k) : k);
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

  /** The query as lexemes (see queryItems), stems looked up once per word and kept. */
  private async queryItems(words: string[], fuzzy: Map<string, string[]>): Promise<QueryItem[] | undefined> {
    const all = [...new Set(words.flatMap((w) => [w, ...(fuzzy.get(w) ?? [])]))];
    const unknown = all.filter((w) => !this.lexemeCache.has(w));
    if (unknown.length > 0) {
      for (const [w, lexeme] of await this.repo.lexemes(unknown)) {
        this.lexemeCache.set(w, lexeme);
        if (this.lexemeCache.size > 50_000) this.lexemeCache.delete(this.lexemeCache.keys().next().value!);
      }
    }
    return queryItems(words, fuzzy, (w) => this.lexemeCache.get(w));
  }

  /** For query words the index does not know: their nearest known terms (typo tolerance). */
  private async fuzzyTerms(words: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const now = Date.now();
    const unknown = words.filter((w) => w.length >= 4 && !((this.termCache.get(w)?.at ?? -Infinity) > now - TERM_CACHE_MS));
    if (unknown.length > 0) {
      const rows = await this.repo.nearestTerms(unknown);
      for (const w of unknown) {
        const mine = rows.filter((r) => r.word === w);
        // A word the index knows needs no stand-in.
        const known = mine.some((r) => r.term === w);
        this.termCache.delete(w);
        this.termCache.set(w, { at: now, terms: known ? [] : mine.filter((r) => Number(r.sim) >= FUZZY_MIN_SIMILARITY).map((r) => r.term) });
        if (this.termCache.size > 10_000) this.termCache.delete(this.termCache.keys().next().value!);
      }
    }
    for (const w of words) {
      const terms = this.termCache.get(w)?.terms;
      if (terms?.length) out.set(w, terms);
    }
    return out;
  }
}
