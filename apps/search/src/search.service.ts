import { Inject, Injectable } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { ANONYMOUS, HubError, type Viewer } from '@mcp-hub/domain';
import { RegistryReader } from '@mcp-hub/registry-port';
import { EmbeddingsService } from './embeddings/embeddings.service';
import { EngineHost } from './engine/engine-host';
import { embeddedQueryVectors, postgresText } from './engine/postgres-sources';
import { type ModeAnswer, runModes } from './engine/search-modes';
import {
  type Facets,
  type PageRow,
  type SearchFilters,
  type SemanticCandidate,
  facetsOf,
  subtractFacets,
} from './facets';
import { SearchQueryingRepository } from './querying.repository';
import {
  type FusionParams,
  type QueryItem,
  type SearchMode,
  type SearchQuery,
  buildTsQuery,
  decodeCursor,
  encodeCursor,
  fingerprint,
  highlight,
  itemsToTsQuery,
  queryItems,
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
export const FUSION_PROFILES: { match: RegExp; params: Partial<FusionParams> }[] = [
  { match: /glove-static/, params: { semanticWeight: 0.3, k: 30 } },
];
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
    private readonly repo: SearchQueryingRepository,
    private readonly registry: RegistryReader,
    private readonly embeddings: EmbeddingsService,
    private readonly host: EngineHost,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  fusionParams(): FusionParams {
    const id = this.embeddings.embedder?.id ?? '';
    const profile = FUSION_PROFILES.find((p) => p.match.test(id))?.params ?? {};
    const fromConfig =
      this.config.search.semanticWeight !== undefined ? { semanticWeight: this.config.search.semanticWeight } : {};
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
    return this.host.upToDate ? response : this.visibleNow(response, viewer);
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
    const visible = await this.registry.visibleNow(
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
    const key = JSON.stringify([
      this.host.generation,
      this.config.search.engine,
      this.embeddings.embedder?.id ?? '',
      this.fusionOverride ?? null,
      q,
      viewer.all,
      [...viewer.orgs].sort(),
    ]);
    const hit = this.resultCache.get(key);
    if (hit) {
      this.resultCache.delete(key);
      this.resultCache.set(key, hit);
      return hit;
    }
    const generation = this.host.generation;
    const response = await this.compute(q, viewer);
    // Stored only if nothing was indexed while it was computed.
    if (generation === this.host.generation && this.config.search.resultCacheSize > 0) {
      this.resultCache.set(key, response);
      if (this.resultCache.size > this.config.search.resultCacheSize)
        this.resultCache.delete(this.resultCache.keys().next().value!);
    }
    return response;
  }

  private async compute(q: SearchQuery, viewer: Viewer): Promise<SearchResponse> {
    const requested = q.mode ?? 'hybrid';
    const words = tokenize(q.q ?? '');
    const limit = q.limit ?? 20;
    const offset = q.cursor ? decodeCursor(q.cursor, fingerprint(q, requested)) : 0;
    if (offset > MAX_OFFSET)
      throw new HubError('bad_request', `results beyond the first ${MAX_OFFSET} are not served; narrow the search`);
    const filters: SearchFilters = {
      viewer,
      registryType: q.registryType,
      transport: q.transport,
      hasRemote: q.hasRemote,
      namespace: q.namespace,
      status: q.status,
      tool: q.tool,
    };

    const reason = this.embeddings.unavailableReason;
    if (requested === 'semantic' && reason) {
      // Why (a model folder, a download) is the operator's business: /healthz and the logs say it.
      throw new HubError('unavailable', 'semantic search is unavailable on this Hub. Use mode=text or mode=hybrid.');
    }
    const browsing = words.length === 0;
    const mode: SearchMode = browsing ? 'text' : requested === 'hybrid' && reason ? 'text' : requested;
    const notice =
      !browsing && requested === 'hybrid' && reason
        ? 'semantic search unavailable on this Hub; showing text results'
        : undefined;

    const fuzzy = browsing ? new Map<string, string[]>() : await this.fuzzyTerms(words);
    const items = browsing ? null : await this.queryItems(words, fuzzy);
    // A word Postgres splits into several lexemes (rare) leaves the whole query to its parser, on the database.
    const tsquery = browsing
      ? null
      : items
        ? { lexemes: itemsToTsQuery(items) }
        : { words: buildTsQuery(words, { fuzzy, prefixLast: true })! };
    const memory = this.host.textInMemory && items !== undefined;
    const want = offset + limit;
    const modeQuery = {
      mode,
      filters,
      offset,
      limit,
      fusion: this.fusionParams(),
      textCandidates: TEXT_CANDIDATES,
      semanticCandidates: SEMANTIC_CANDIDATES,
      semanticMax: SEMANTIC_MAX,
    };
    let answer: ModeAnswer;
    if (memory) {
      // The whole search on the engine's thread: ranking, fusion, facets and the page's rows.
      const vector = mode === 'text' ? undefined : ((await this.embeddings.embedQuery(q.q!)) ?? undefined);
      answer = await this.host.engine.call('run', { ...modeQuery, items: items ?? null, vector });
    } else {
      // The same switch over Postgres: page rows come with the text query (see postgresText).
      const text = postgresText(this.repo, tsquery, filters, { offset, count: limit });
      const vectors = embeddedQueryVectors(
        () => this.embeddings.embedQuery(q.q!),
        (vector, f, k) => this.nearestTo(vector, f, k),
      );
      answer = await runModes({ ...modeQuery, matchesNothing: items?.length === 0 }, text, vectors);
    }
    const { total, facets, page: pageNames } = answer;
    const rows = new Map<string, PageRow>(answer.rows.map((r) => [r.name, r]));

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
    const more = want < (mode === 'semantic' ? answer.ranked : total) && want < MAX_OFFSET;
    return {
      results,
      facets,
      total,
      ...(more ? { nextCursor: encodeCursor(want, fingerprint(q, requested)) } : {}),
      mode,
      ...(notice ? { notice } : {}),
    };
  }

  /** The k documents nearest a vector of the current embedder's that pass the filters, nearest first. */
  async nearestTo(vector: Float32Array, filters: SearchFilters, k: number): Promise<SemanticCandidate[]> {
    return this.host.nearest(vector, this.embeddings.embedder!.id, filters, k);
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
    const unknown = words.filter(
      (w) => w.length >= 4 && !((this.termCache.get(w)?.at ?? -Infinity) > now - TERM_CACHE_MS),
    );
    if (unknown.length > 0) {
      const rows = await this.repo.nearestTerms(unknown);
      for (const w of unknown) {
        const mine = rows.filter((r) => r.word === w);
        // A word the index knows needs no stand-in.
        const known = mine.some((r) => r.term === w);
        this.termCache.delete(w);
        this.termCache.set(w, {
          at: now,
          terms: known ? [] : mine.filter((r) => Number(r.sim) >= FUZZY_MIN_SIMILARITY).map((r) => r.term),
        });
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
