import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, rowsOf } from '@mcp-hub/db';
import { HUB_DB } from '@mcp-hub/http';
import { type SQL, sql } from 'drizzle-orm';
import type { LatestVersionRow, SearchDocument } from './indexing/document';
import type { TextIndexDocument } from './indexing/memory-text-index';
import { ANONYMOUS, type Viewer, orgsLiteral } from '@mcp-hub/domain';
import { type Candidate, FACET_VALUES, type FacetFields, type Facets, type PageRow, type SearchFilters, type SemanticCandidate, toFacets } from './facets';

export type { Candidate, FacetFields, Facets, PageRow, SearchFilters, SemanticCandidate } from './facets';
export { facetsOf } from './facets';

/** Field weights for ts_rank, in Postgres' order {D, C, B, A}: name and title ≫ description > packages > tools. */
const WEIGHTS = '{0.05,0.2,0.4,1.0}';
const param = sql.param;

/** All search SQL: documents, vocabulary, embeddings, and the queries over them. */
@Injectable()
export class SearchRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  private async rows<T>(query: SQL): Promise<T[]> {
    return rowsOf<T>(await this.db.execute(query));
  }

  async hasPgvector(): Promise<boolean> {
    const [row] = await this.rows<{ ok: boolean }>(sql`
      select exists (select 1 from information_schema.columns where table_name = 'search_embeddings' and column_name = 'vec') as ok`);
    return Boolean(row?.ok);
  }

  /** The latest visible version of each server (deleted-only servers have none). */
  async latestVersions(names: string[]): Promise<LatestVersionRow[]> {
    const rows = await this.rows<{ server_name: string; namespace: string; version: string; json: string; status: string; published_at: string | Date; src: string; private_org_id: string | null }>(sql`
      with m as (
        -- Grouped, not a correlated max(): per name, Postgres would walk the updated_at index backwards.
        select server_name, max(updated_at) as src from server_versions where server_name = any(${param(names)}::text[]) group by server_name
      )
      select v.server_name, s.namespace, v.version, v.server_json::text as json, v.status, v.published_at, m.src::text as src, v.private_org_id
      from m join server_versions v on v.server_name = m.server_name and v.is_latest join servers s on s.name = v.server_name`);
    return rows.map((r) => ({
      serverName: r.server_name,
      namespace: r.namespace,
      version: r.version,
      serverJson: JSON.parse(r.json) as Record<string, unknown>,
      status: r.status,
      publishedAt: new Date(r.published_at),
      sourceUpdatedAt: r.src,
      privateOrgId: r.private_org_id ?? null,
    }));
  }

  async stored(names: string[]): Promise<Map<string, { contentHash: string; embeddingModel: string | null; embeddingHash: string | null }>> {
    const rows = await this.rows<{ server_name: string; content_hash: string; model: string | null; ehash: string | null }>(sql`
      select d.server_name, d.content_hash, e.model, e.content_hash as ehash
      from search_documents d left join search_embeddings e on e.server_name = d.server_name
      where d.server_name = any(${param(names)}::text[])`);
    return new Map(rows.map((r) => [r.server_name, { contentHash: r.content_hash, embeddingModel: r.model, embeddingHash: r.ehash }]));
  }

  async upsertDocuments(docs: SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const col = <K extends keyof SearchDocument>(k: K) => param(docs.map((d) => d[k]));
    const json = (k: 'packages' | 'remotes') => param(docs.map((d) => JSON.stringify(d[k])));
    const arr = (k: 'registryTypes' | 'transports') => param(docs.map((d) => `{${d[k].map((x) => `"${x.replace(/["\\]/g, '')}"`).join(',')}}`));
    // One statement for both tables: a document is never half written.
    await this.db.execute(sql`
      with t as (
        select * from unnest(${col('serverName')}::text[], ${col('version')}::text[], ${col('namespace')}::text[], ${col('title')}::text[],
          ${col('description')}::text[], ${col('status')}::text[], ${arr('registryTypes')}::text[], ${arr('transports')}::text[],
          ${col('hasRemote')}::boolean[], ${json('packages')}::text[], ${json('remotes')}::text[], ${col('nameWords')}::text[],
          ${col('packageWords')}::text[], ${col('toolWords')}::text[], ${col('contentHash')}::text[],
          ${param(docs.map((d) => d.sourceUpdatedAt))}::text[], ${param(docs.map((d) => d.publishedAt.toISOString()))}::text[],
          ${param(docs.map((d) => d.privateOrgId))}::uuid[])
          as t(n, ver, ns, ti, de, st, rt, tr, hr, pk, rm, nw, pw, tw, h, su, pa, po)
      ),
      written as (
        insert into search_documents as d (server_name, version, namespace, status, registry_types, transports, has_remote,
          tsv, content_hash, source_updated_at, published_at, indexed_at, private_org_id)
        select n, ver, ns, st, rt::text[], tr::text[], hr,
          setweight(to_tsvector('english', coalesce(ti, '') || ' ' || nw), 'A')
            || setweight(to_tsvector('english', de), 'B')
            || setweight(to_tsvector('english', pw), 'C')
            || setweight(to_tsvector('english', tw), 'D'),
          h, su::timestamptz, pa::timestamptz, now(), po
        from t
        on conflict (server_name) do update set version = excluded.version, namespace = excluded.namespace, status = excluded.status,
          registry_types = excluded.registry_types, transports = excluded.transports, has_remote = excluded.has_remote,
          tsv = excluded.tsv, content_hash = excluded.content_hash, source_updated_at = excluded.source_updated_at,
          published_at = excluded.published_at, indexed_at = excluded.indexed_at, private_org_id = excluded.private_org_id
        returning server_name
      )
      insert into search_display as p (server_name, title, description, packages, remotes)
      select n, ti, de, pk::json, rm::json from t join written w on w.server_name = t.n
      on conflict (server_name) do update set title = excluded.title, description = excluded.description,
        packages = excluded.packages, remotes = excluded.remotes`);
  }

  /** Marks documents as current without rewriting them (their source changed in ways the index does not show). */
  async touchDocuments(docs: SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    await this.db.execute(sql`
      update search_documents d set source_updated_at = t.su::timestamptz
      from unnest(${param(docs.map((d) => d.serverName))}::text[], ${param(docs.map((d) => d.sourceUpdatedAt))}::text[]) as t(n, su)
      where d.server_name = t.n`);
  }

  async deleteDocuments(names: string[]): Promise<void> {
    if (names.length === 0) return;
    await this.db.execute(sql`delete from search_documents where server_name = any(${param(names)}::text[])`);
  }

  async maintain(): Promise<void> {
    await this.db.execute(sql`vacuum (analyze) search_documents, search_embeddings, search_terms`);
  }

  async addTerms(terms: string[]): Promise<void> {
    if (terms.length === 0) return;
    await this.db.execute(sql`insert into search_terms (term) select unnest(${param(terms)}::text[]) on conflict do nothing`);
  }

  async upsertEmbeddings(rows: { name: string; model: string; hash: string; vector: Float32Array }[], pgvector: boolean): Promise<void> {
    if (rows.length === 0) return;
    // Vectors travel as text ('[0.1,0.2,…]'): one array parameter for the whole batch on either driver.
    // Nine significant digits give back the very same float32, so what a process holds in memory
    // equals what another one loads.
    const texts = param(rows.map((r) => `[${Array.from(r.vector, (x) => x.toPrecision(9)).join(',')}]`));
    const names = param(rows.map((r) => r.name));
    const models = param(rows.map((r) => r.model));
    const hashes = param(rows.map((r) => r.hash));
    const asReal = sql`('{' || trim(both '[]' from v) || '}')::real[]`;
    await this.db.execute(
      pgvector
        ? sql`insert into search_embeddings (server_name, model, content_hash, embedding, vec)
            select n, m, h, ${asReal}, v::vector from unnest(${names}::text[], ${models}::text[], ${hashes}::text[], ${texts}::text[]) as t(n, m, h, v)
            on conflict (server_name) do update set model = excluded.model, content_hash = excluded.content_hash, embedding = excluded.embedding, vec = excluded.vec`
        : sql`insert into search_embeddings (server_name, model, content_hash, embedding)
            select n, m, h, ${asReal} from unnest(${names}::text[], ${models}::text[], ${hashes}::text[], ${texts}::text[]) as t(n, m, h, v)
            on conflict (server_name) do update set model = excluded.model, content_hash = excluded.content_hash, embedding = excluded.embedding`,
    );
  }

  /** Servers whose document is missing or older than their versions, and documents whose server is gone. */
  async staleNames(): Promise<string[]> {
    const rows = await this.rows<{ name: string }>(sql`
      select s.server_name as name from (
        select server_name, max(updated_at) as src, bool_or(is_latest) as visible from server_versions group by server_name
      ) s left join search_documents d on d.server_name = s.server_name
      where (s.visible and (d.server_name is null or d.source_updated_at is distinct from s.src)
          -- A document the index refused waits for its source to change.
          and not exists (select 1 from search_index_failures f where f.server_name = s.server_name and f.source_updated_at = s.src))
        or (not s.visible and d.server_name is not null)
      union
      select d.server_name from search_documents d where not exists (select 1 from server_versions v where v.server_name = d.server_name)`);
    return rows.map((r) => r.name);
  }

  async namesWithoutEmbedding(model: string): Promise<string[]> {
    const rows = await this.rows<{ name: string }>(sql`
      select d.server_name as name from search_documents d left join search_embeddings e on e.server_name = d.server_name and e.model = ${model}
      where e.server_name is null`);
    return rows.map((r) => r.name);
  }

  async allServerNames(): Promise<string[]> {
    const rows = await this.rows<{ name: string }>(sql`select distinct server_name as name from server_versions union select server_name from search_documents`);
    return rows.map((r) => r.name);
  }

  async loadVectors(model: string, names?: string[]): Promise<{ name: string; embedding: number[] }[]> {
    return this.rows(sql`
      select server_name as name, embedding from search_embeddings
      where model = ${model} ${names ? sql`and server_name = any(${param(names)}::text[])` : sql``}`);
  }

  async counts(model: string | undefined): Promise<{ documents: number; embedded: number; skipped: number }> {
    const [row] = await this.rows<{ n: number | string; e: number | string; f: number | string }>(sql`
      select (select count(*) from search_documents) as n,
        (select count(*) from search_embeddings where model = ${model ?? ''}) as e,
        (select count(*) from search_index_failures) as f`);
    return { documents: Number(row?.n ?? 0), embedded: Number(row?.e ?? 0), skipped: Number(row?.f ?? 0) };
  }

  /** For each of these servers the index refused: the source timestamp (as Postgres prints it) it refused. */
  async indexFailures(names: string[]): Promise<Map<string, string>> {
    if (names.length === 0) return new Map();
    const rows = await this.rows<{ name: string; src: string }>(sql`
      select server_name as name, source_updated_at::text as src from search_index_failures where server_name = any(${param(names)}::text[])`);
    return new Map(rows.map((r) => [r.name, r.src]));
  }

  /** Leaves a document out of the index, saying why: its old document goes, so nothing stale is served. */
  async recordIndexFailure(f: { serverName: string; version: string; reason: string; sourceUpdatedAt: string }): Promise<void> {
    await this.db.execute(sql`
      with gone as (delete from search_documents where server_name = ${f.serverName})
      insert into search_index_failures (server_name, version, reason, source_updated_at, failed_at)
      values (${f.serverName}, ${f.version}, ${f.reason}, ${f.sourceUpdatedAt}::timestamptz, now())
      on conflict (server_name) do update set version = excluded.version, reason = excluded.reason,
        source_updated_at = excluded.source_updated_at, failed_at = excluded.failed_at`);
  }

  async clearIndexFailures(names: string[]): Promise<void> {
    if (names.length === 0) return;
    await this.db.execute(sql`delete from search_index_failures where server_name = any(${param(names)}::text[])`);
  }

  async listIndexFailures(): Promise<{ name: string; version: string; reason: string; sourceUpdatedAt: string; failedAt: string }[]> {
    const rows = await this.rows<{ name: string; version: string; reason: string; src: string | Date; at: string | Date }>(sql`
      select server_name as name, version, reason, source_updated_at as src, failed_at as at from search_index_failures order by failed_at desc, server_name`);
    return rows.map((r) => ({ name: r.name, version: r.version, reason: r.reason, sourceUpdatedAt: new Date(r.src).toISOString(), failedAt: new Date(r.at).toISOString() }));
  }

  /** Whether the viewer may see a version of the server that is not deleted, as the registry says. */
  async servedTo(name: string, viewer: Viewer): Promise<boolean> {
    const [row] = await this.rows<{ ok: boolean }>(sql`
      select exists (select 1 from server_versions where server_name = ${name} and status <> 'deleted'
        and (private_org_id is null or ${viewer.all}::boolean or private_org_id = any(${orgsLiteral(viewer)}::uuid[]))) as ok`);
    return Boolean(row?.ok);
  }

  /**
   * Which of these servers the viewer may see now, as the registry says (each version row carries
   * its server's visibility, written in the same transaction as the change): the index may lag.
   */
  async visibleNow(names: string[], viewer: Viewer): Promise<Set<string>> {
    if (names.length === 0) return new Set();
    const rows = await this.rows<{ name: string }>(sql`
      select server_name as name from server_versions
      where server_name = any(${param(names)}::text[]) and is_latest
        and (private_org_id is null or private_org_id = any(${orgsLiteral(viewer)}::uuid[]))`);
    return new Set(rows.map((r) => r.name));
  }

  /**
   * Search documents as the in-memory index holds them: fields, display columns and the
   * tsvector as text (all of them, or these names).
   */
  async indexDocuments(names?: string[]): Promise<TextIndexDocument[]> {
    const rows = await this.rows<FacetRow & {
      name: string; version: string; namespace: string; published_at: string | Date; tsv: string; content_hash: string; private_org_id: string | null;
      title: string | null; description: string; packages: unknown[]; remotes: unknown[];
    }>(sql`
      select d.server_name as name, d.version, d.namespace, d.status, d.registry_types, d.transports, d.has_remote, d.published_at,
        d.private_org_id, d.tsv::text as tsv, d.content_hash, p.title, p.description, p.packages, p.remotes
      from search_documents d join search_display p on p.server_name = d.server_name
      ${names ? sql`where d.server_name = any(${param(names)}::text[])` : sql``}`);
    return rows.map((r) => ({
      name: r.name,
      version: r.version,
      namespace: r.namespace,
      title: r.title,
      description: r.description,
      packages: r.packages,
      remotes: r.remotes,
      ...facetFields(r),
      publishedAt: new Date(r.published_at).getTime(),
      privateOrgId: r.private_org_id ?? null,
      tsv: r.tsv,
      contentHash: r.content_hash,
    }));
  }

  /**
   * Each word as Postgres' English configuration turns it into a query lexeme: its Snowball stem,
   * null for a stop word, false when it becomes more than one lexeme (the caller then leaves the
   * query to Postgres).
   */
  async lexemes(words: string[]): Promise<Map<string, string | null | false>> {
    if (words.length === 0) return new Map();
    const rows = await this.rows<{ w: string; q: string }>(sql`
      select w, to_tsquery('english', w)::text as q from unnest(${param(words)}::text[]) as t(w)`);
    return new Map(rows.map((r) => [r.w, parseSingleLexeme(r.q)]));
  }

  /** For each query word: itself if the index knows it, else its nearest known terms by trigram similarity. */
  async nearestTerms(words: string[]): Promise<{ word: string; term: string; sim: number }[]> {
    if (words.length === 0) return [];
    return this.rows(sql`
      select q.word, t.term, similarity(t.term, q.word) as sim
      from unnest(${param(words)}::text[]) as q(word)
      cross join lateral (select term from search_terms where term % q.word order by term <-> q.word limit 3) t`);
  }

  /**
   * Full-text candidates (best first, up to `limit`), with the total number of matches and the
   * facet counts over all of them, in one round trip. `tsquery` is null for browsing (no query);
   * lexemes (itemsToTsQuery) are taken as they are, words go through the English configuration.
   */
  async textSearch(
    tsquery: { lexemes: string } | { words: string } | null,
    filters: SearchFilters,
    limit: number,
    show: { offset: number; count: number },
  ): Promise<{ candidates: Candidate[]; total: number; facets: Facets; shown: PageRow[] }> {
    const where = filterSql(filters);
    const rank = tsquery
      ? TEXT_RANK
      : sql`(case when d.status = 'deprecated' then 0.5 else 1 end) * extract(epoch from d.published_at) / 1e10`;
    const [row] = await this.rows<{ top: string; agg: string; shown: string }>(sql`
      with q as (select ${tsquerySql(tsquery)} as tq),
      m as materialized (
        select d.server_name, d.status, d.registry_types, d.transports, d.has_remote, ${rank} as score
        from search_documents d, q where ${tsquery ? sql`d.tsv @@ q.tq` : sql`true`} ${where}
      ),
      -- The best candidates (a top-N sort), numbered: the page rows are among them.
      top as materialized (
        select *, row_number() over (order by score desc, server_name) as r
        from (select server_name, score, status from m order by score desc, server_name limit ${limit}) x
      )
      select
        (select coalesce(json_agg(json_build_array(server_name, score, status) order by r), '[]') from top)::text as top,
        (select ${FACET_COUNTS} from m)::text as agg,
        (select coalesce(json_agg(${PAGE_ROW} order by t.r), '[]') from top t
          join search_documents d on d.server_name = t.server_name join search_display p on p.server_name = t.server_name
          where t.r > ${show.offset} and t.r <= ${show.offset + show.count})::text as shown`);
    return { candidates: parseCandidates(row!.top), ...parseCounts(row!.agg), shown: parsePageRows(row!.shown) };
  }

  /**
   * Where these documents stand (1-based) in textSearch's ranking under the same filters; those
   * the query does not match are left out. Hybrid asks it for semantic neighbours beyond the text
   * candidates, so they fuse with their true text rank and are counted once.
   */
  async textRanks(tsquery: { lexemes: string } | { words: string }, filters: SearchFilters, names: string[]): Promise<Map<string, number>> {
    if (names.length === 0) return new Map();
    const rows = await this.rows<{ name: string; r: string | number }>(sql`
      with q as (select ${tsquerySql(tsquery)} as tq),
      m as (
        select d.server_name, row_number() over (order by ${TEXT_RANK} desc, d.server_name) as r
        from search_documents d, q where d.tsv @@ q.tq ${filterSql(filters)}
      )
      select server_name as name, r from m where server_name = any(${param(names)}::text[])`);
    return new Map(rows.map((row) => [row.name, Number(row.r)]));
  }

  /**
   * An HNSW index for vectors of this many dimensions (one per dimension count: the column holds
   * whatever the current model produces). Built once; afterwards kept up by every insert.
   */
  async ensureVectorIndex(dims: number): Promise<void> {
    if (!Number.isInteger(dims) || dims < 1 || dims > 16_000) throw new Error(`invalid vector dimensions: ${dims}`);
    await this.db.execute(
      sql.raw(
        `create index if not exists search_embeddings_hnsw_${dims} on search_embeddings ` +
          `using hnsw ((vec::vector(${dims})) vector_cosine_ops) where vector_dims(vec) = ${dims}`,
      ),
    );
  }

  /** Vector candidates from pgvector's HNSW index (cosine), best first, with the same filters. */
  async vectorSearch(vector: Float32Array, model: string, filters: SearchFilters, limit: number): Promise<SemanticCandidate[]> {
    const dims = vector.length;
    const v = `[${Array.from(vector, (x) => x.toPrecision(9)).join(',')}]`;
    // The cast and the dimension test are the index's own expression and predicate, so it is used.
    const distance = sql`(e.vec::vector(${sql.raw(String(dims))})) <=> ${v}::vector(${sql.raw(String(dims))})`;
    const rows = await this.rows<{ name: string; namespace: string; private_org_id: string | null; sim: number } & FacetRow>(sql`
      with near as materialized (
        select d.server_name as name, d.namespace, d.private_org_id, d.status, d.registry_types, d.transports, d.has_remote, ${distance} as distance
        from search_embeddings e join search_documents d on d.server_name = e.server_name
        where vector_dims(e.vec) = ${sql.raw(String(dims))} and e.model = ${model} ${filterSql(filters)}
        order by ${distance} limit ${limit}
      )
      select name, namespace, private_org_id, status, registry_types, transports, has_remote, 1 - distance as sim from near order by distance`);
    return rows.map((r) => ({ name: r.name, score: Number(r.sim), deprecated: r.status === 'deprecated', namespace: r.namespace, privateOrgId: r.private_org_id ?? null, ...facetFields(r) }));
  }

  /** The names that pass the filters, with what facets count (memory vector search filters after ranking). */
  async filterNames(names: string[], filters: SearchFilters): Promise<Map<string, FacetFields & { namespace: string; privateOrgId: string | null }>> {
    if (names.length === 0) return new Map();
    const rows = await this.rows<{ name: string; namespace: string; private_org_id: string | null } & FacetRow>(sql`
      select d.server_name as name, d.namespace, d.private_org_id, d.status, d.registry_types, d.transports, d.has_remote
      from search_documents d where d.server_name = any(${param(names)}::text[]) ${filterSql(filters)}`);
    return new Map(rows.map((r) => [r.name, { namespace: r.namespace, privateOrgId: r.private_org_id ?? null, ...facetFields(r) }]));
  }

  /** The documents of one page (highlighting is done by the caller, without the database). */
  async page(names: string[]): Promise<PageRow[]> {
    if (names.length === 0) return [];
    const [row] = await this.rows<{ rows: string }>(sql`
      select coalesce(json_agg(${PAGE_ROW}), '[]')::text as rows
      from search_documents d join search_display p on p.server_name = d.server_name where d.server_name = any(${param(names)}::text[])`);
    return parsePageRows(row!.rows);
  }
}

/** A text match's score (q.tq against d.tsv); deprecated servers count half. */
const TEXT_RANK = sql`ts_rank(${WEIGHTS}::float4[], d.tsv, q.tq) * (case when d.status = 'deprecated' then 0.5 else 1 end)`;

function tsquerySql(tsquery: { lexemes: string } | { words: string } | null): SQL {
  if (!tsquery) return sql`null::tsquery`;
  return 'lexemes' in tsquery ? sql`${tsquery.lexemes}::tsquery` : sql`to_tsquery('english', ${tsquery.words})`;
}

function filterSql(f: SearchFilters): SQL {
  const viewer = f.viewer ?? ANONYMOUS;
  // Private servers match only for their org's members and tokens: in results, totals and facet counts alike.
  const parts: SQL[] = viewer.all ? [] : [sql`and (d.private_org_id is null or d.private_org_id = any(${orgsLiteral(viewer)}::uuid[]))`];
  if (f.registryType?.length) parts.push(sql`and d.registry_types && ${param(f.registryType)}::text[]`);
  if (f.transport?.length) parts.push(sql`and d.transports && ${param(f.transport)}::text[]`);
  if (f.hasRemote !== undefined) parts.push(sql`and d.has_remote = ${f.hasRemote}`);
  if (f.namespace) parts.push(sql`and d.namespace = ${f.namespace}`);
  if (f.status) parts.push(sql`and d.status = ${f.status}`);
  return sql.join(parts, sql` `);
}

/** Each facet value's test in SQL, for the total and every count over a match set in one pass of filtered counts. */
function facetSql(f: (typeof FACET_VALUES)[number]): SQL {
  switch (f.facet) {
    case 'registryType':
      return sql`${f.value} = any(m.registry_types)`;
    case 'transport':
      return sql`${f.value} = any(m.transports)`;
    case 'hasRemote':
      return sql`m.has_remote = ${f.value === 'true'}`;
    case 'status':
      return sql`m.status = ${f.value}`;
  }
}
const FACET_COUNTS = sql`json_build_array(count(*), ${sql.join(
  FACET_VALUES.map((f) => sql`count(*) filter (where ${facetSql(f)})`),
  sql`, `,
)})`;

function parseCounts(text: string): { total: number; facets: Facets } {
  const [total, ...counts] = JSON.parse(text) as number[];
  return { total: Number(total), facets: toFacets(counts.map(Number)) };
}

function parseCandidates(text: string): Candidate[] {
  const rows = JSON.parse(text) as [string, number, string][];
  return rows.map(([name, score, status]) => ({ name, score: Number(score), deprecated: status === 'deprecated' }));
}

/** One page row as a JSON array (one text column for the whole page, parsed once). */
const PAGE_ROW = sql`json_build_array(d.server_name, d.version, d.namespace, p.title, p.description, d.status, p.packages, p.remotes)`;

function parsePageRows(text: string): PageRow[] {
  const rows = JSON.parse(text) as [string, string, string, string | null, string, string, unknown[], unknown[]][];
  return rows.map(([name, version, namespace, title, description, status, packages, remotes]) => ({ name, version, namespace, title, description, status, packages, remotes }));
}

interface FacetRow {
  status: string;
  registry_types: string[];
  transports: string[];
  has_remote: boolean;
}

function facetFields(r: FacetRow): FacetFields {
  return { status: r.status, registryTypes: r.registry_types, transports: r.transports, hasRemote: r.has_remote };
}

/** `'stem'` → stem; '' → null (stop word); anything else (several lexemes, operators) → false. */
export function parseSingleLexeme(tsquery: string): string | null | false {
  if (tsquery === '') return null;
  const m = /^'((?:[^']|'')*)'$/.exec(tsquery);
  return m ? m[1]!.replace(/''/g, "'").replace(/\\(.)/g, '$1') : false;
}
