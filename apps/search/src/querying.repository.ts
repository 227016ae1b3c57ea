import { Injectable } from '@nestjs/common';
import { type SQL, sql } from 'drizzle-orm';
import { SearchTables } from './search-tables';
import type { TextIndexDocument } from './engine/memory-text-index';
import { ANONYMOUS, orgsLiteral } from '@mcp-hub/domain';
import {
  type Candidate,
  FACET_VALUES,
  type FacetFields,
  type Facets,
  type PageRow,
  type SearchFilters,
  type SemanticCandidate,
  toFacets,
} from './facets';

export type { Candidate, FacetFields, Facets, PageRow, SearchFilters, SemanticCandidate } from './facets';

/** Field weights for ts_rank, in Postgres' order {D, C, B, A}: name and title ≫ description > packages > tools. */
const WEIGHTS = '{0.05,0.2,0.4,1.0}';
const param = sql.param;

/**
 * Search's read side, on its own tables only: the documents as the in-memory engine loads them,
 * stored vectors, stems and typo stand-ins, and the Postgres text and vector queries
 * (engine/postgres-sources.ts runs them behind the mode switch).
 */
@Injectable()
export class SearchQueryingRepository extends SearchTables {
  async hasPgvector(): Promise<boolean> {
    const [row] = await this.rows<{ ok: boolean }>(sql`
      select exists (select 1 from information_schema.columns where table_name = 'search_embeddings' and column_name = 'vec') as ok`);
    return Boolean(row?.ok);
  }

  /**
   * Search documents as the in-memory index holds them: fields, display columns and the
   * tsvector as text (all of them, or these names).
   */
  async indexDocuments(names?: string[]): Promise<TextIndexDocument[]> {
    const rows = await this.rows<
      FacetRow & {
        name: string;
        version: string;
        namespace: string;
        published_at: string | Date;
        tsv: string;
        content_hash: string;
        private_org_id: string | null;
        title: string | null;
        description: string;
        packages: unknown[];
        remotes: unknown[];
        tool_names: string[] | null;
      }
    >(sql`
      select d.server_name as name, d.version, d.namespace, d.status, d.registry_types, d.transports, d.has_remote, d.published_at,
        d.private_org_id, d.tsv::text as tsv, d.content_hash, p.title, p.description, p.packages, p.remotes, d.tool_names
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
      toolNames: r.tool_names ?? [],
      tsv: r.tsv,
      contentHash: r.content_hash,
    }));
  }

  async loadVectors(model: string, names?: string[]): Promise<{ name: string; embedding: number[] }[]> {
    return this.rows(sql`
      select server_name as name, embedding from search_embeddings
      where model = ${model} ${names ? sql`and server_name = any(${param(names)}::text[])` : sql``}`);
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
  async textRanks(
    tsquery: { lexemes: string } | { words: string },
    filters: SearchFilters,
    names: string[],
  ): Promise<Map<string, number>> {
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

  /** Vector candidates from pgvector's HNSW index (cosine), best first, with the same filters. */
  async vectorSearch(
    vector: Float32Array,
    model: string,
    filters: SearchFilters,
    limit: number,
  ): Promise<SemanticCandidate[]> {
    const dims = vector.length;
    const v = `[${Array.from(vector, (x) => x.toPrecision(9)).join(',')}]`;
    // The cast and the dimension test are the index's own expression and predicate, so it is used.
    const distance = sql`(e.vec::vector(${sql.raw(String(dims))})) <=> ${v}::vector(${sql.raw(String(dims))})`;
    const rows = await this.rows<
      { name: string; namespace: string; private_org_id: string | null; sim: number } & FacetRow
    >(sql`
      with near as materialized (
        select d.server_name as name, d.namespace, d.private_org_id, d.status, d.registry_types, d.transports, d.has_remote, ${distance} as distance
        from search_embeddings e join search_documents d on d.server_name = e.server_name
        where vector_dims(e.vec) = ${sql.raw(String(dims))} and e.model = ${model} ${filterSql(filters)}
        order by ${distance} limit ${limit}
      )
      select name, namespace, private_org_id, status, registry_types, transports, has_remote, 1 - distance as sim from near order by distance`);
    return rows.map((r) => ({
      name: r.name,
      score: Number(r.sim),
      deprecated: r.status === 'deprecated',
      namespace: r.namespace,
      privateOrgId: r.private_org_id ?? null,
      ...facetFields(r),
    }));
  }

  /** The names that pass the filters, with what facets count (memory vector search filters after ranking). */
  async filterNames(
    names: string[],
    filters: SearchFilters,
  ): Promise<Map<string, FacetFields & { namespace: string; privateOrgId: string | null }>> {
    if (names.length === 0) return new Map();
    const rows = await this.rows<{ name: string; namespace: string; private_org_id: string | null } & FacetRow>(sql`
      select d.server_name as name, d.namespace, d.private_org_id, d.status, d.registry_types, d.transports, d.has_remote
      from search_documents d where d.server_name = any(${param(names)}::text[]) ${filterSql(filters)}`);
    return new Map(
      rows.map((r) => [r.name, { namespace: r.namespace, privateOrgId: r.private_org_id ?? null, ...facetFields(r) }]),
    );
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
  const parts: SQL[] = viewer.all
    ? []
    : [sql`and (d.private_org_id is null or d.private_org_id = any(${orgsLiteral(viewer)}::uuid[]))`];
  if (f.registryType?.length) parts.push(sql`and d.registry_types && ${param(f.registryType)}::text[]`);
  if (f.transport?.length) parts.push(sql`and d.transports && ${param(f.transport)}::text[]`);
  if (f.hasRemote !== undefined) parts.push(sql`and d.has_remote = ${f.hasRemote}`);
  if (f.namespace) parts.push(sql`and d.namespace = ${f.namespace}`);
  if (f.status) parts.push(sql`and d.status = ${f.status}`);
  // Containment, so the GIN index on tool_names answers it.
  if (f.tool) parts.push(sql`and d.tool_names @> array[${f.tool}::text]`);
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
  return rows.map(([name, version, namespace, title, description, status, packages, remotes]) => ({
    name,
    version,
    namespace,
    title,
    description,
    status,
    packages,
    remotes,
  }));
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
