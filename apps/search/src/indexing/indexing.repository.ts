import { Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { SearchTables } from '../search-tables';
import type { SearchDocument } from './document';

const param = sql.param;

/** A document or refusal the index holds: which version, and which tool set (null: none). */
export interface HeldTools {
  serverName: string;
  version: string;
  toolsFingerprint: string | null;
}

/** What a refused document was made of: it stays out until either changes. */
export interface RefusedSource {
  sourceUpdatedAt: string;
  toolsFingerprint: string | null;
}

/**
 * The indexer's SQL, on search's own tables only (search_documents, search_display, search_terms,
 * search_embeddings, search_index_failures): writing documents, vocabulary and embeddings, and the
 * bookkeeping of what is indexed. Registry data comes through RegistryReader (@mcp-hub/registry-port).
 */
@Injectable()
export class SearchIndexingRepository extends SearchTables {
  async stored(
    names: string[],
  ): Promise<Map<string, { contentHash: string; embeddingModel: string | null; embeddingHash: string | null }>> {
    const rows = await this.rows<{
      server_name: string;
      content_hash: string;
      model: string | null;
      ehash: string | null;
    }>(sql`
      select d.server_name, d.content_hash, e.model, e.content_hash as ehash
      from search_documents d left join search_embeddings e on e.server_name = d.server_name
      where d.server_name = any(${param(names)}::text[])`);
    return new Map(
      rows.map((r) => [
        r.server_name,
        { contentHash: r.content_hash, embeddingModel: r.model, embeddingHash: r.ehash },
      ]),
    );
  }

  async upsertDocuments(docs: SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const col = <K extends keyof SearchDocument>(k: K) => param(docs.map((d) => d[k]));
    const json = (k: 'packages' | 'remotes') => param(docs.map((d) => JSON.stringify(d[k])));
    const arr = (k: 'registryTypes' | 'transports') =>
      param(docs.map((d) => `{${d[k].map((x) => `"${x.replace(/["\\]/g, '')}"`).join(',')}}`));
    // Tool names are matched exactly: quoted and escaped, never altered.
    const toolNames = param(
      docs.map((d) => `{${d.toolNames.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`),
    );
    // One statement for both tables: a document is never half written.
    await this.db.execute(sql`
      with t as (
        select * from unnest(${col('serverName')}::text[], ${col('version')}::text[], ${col('namespace')}::text[], ${col('title')}::text[],
          ${col('description')}::text[], ${col('status')}::text[], ${arr('registryTypes')}::text[], ${arr('transports')}::text[],
          ${col('hasRemote')}::boolean[], ${json('packages')}::text[], ${json('remotes')}::text[], ${col('nameWords')}::text[],
          ${col('packageWords')}::text[], ${col('toolWords')}::text[], ${col('contentHash')}::text[],
          ${param(docs.map((d) => d.sourceUpdatedAt))}::text[], ${param(docs.map((d) => d.publishedAt.toISOString()))}::text[],
          ${param(docs.map((d) => d.privateOrgId))}::uuid[], ${toolNames}::text[], ${col('toolsFingerprint')}::text[])
          as t(n, ver, ns, ti, de, st, rt, tr, hr, pk, rm, nw, pw, tw, h, su, pa, po, tn, tf)
      ),
      written as (
        insert into search_documents as d (server_name, version, namespace, status, registry_types, transports, has_remote,
          tsv, content_hash, source_updated_at, published_at, indexed_at, private_org_id, tool_names, tools_fingerprint)
        select n, ver, ns, st, rt::text[], tr::text[], hr,
          setweight(to_tsvector('english', coalesce(ti, '') || ' ' || nw), 'A')
            || setweight(to_tsvector('english', de), 'B')
            || setweight(to_tsvector('english', pw), 'C')
            || setweight(to_tsvector('english', tw), 'D'),
          h, su::timestamptz, pa::timestamptz, now(), po, tn::text[], tf
        from t
        on conflict (server_name) do update set version = excluded.version, namespace = excluded.namespace, status = excluded.status,
          registry_types = excluded.registry_types, transports = excluded.transports, has_remote = excluded.has_remote,
          tsv = excluded.tsv, content_hash = excluded.content_hash, source_updated_at = excluded.source_updated_at,
          published_at = excluded.published_at, indexed_at = excluded.indexed_at, private_org_id = excluded.private_org_id,
          tool_names = excluded.tool_names, tools_fingerprint = excluded.tools_fingerprint
        returning server_name
      )
      insert into search_display as p (server_name, title, description, packages, remotes)
      select n, ti, de, pk::json, rm::json from t join written w on w.server_name = t.n
      on conflict (server_name) do update set title = excluded.title, description = excluded.description,
        packages = excluded.packages, remotes = excluded.remotes`);
  }

  /**
   * Marks documents as current without rewriting them (their source, or their tools' schemas,
   * changed in ways the index does not show).
   */
  async touchDocuments(docs: SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    await this.db.execute(sql`
      update search_documents d set source_updated_at = t.su::timestamptz, tools_fingerprint = t.tf
      from unnest(${param(docs.map((d) => d.serverName))}::text[], ${param(docs.map((d) => d.sourceUpdatedAt))}::text[],
        ${param(docs.map((d) => d.toolsFingerprint))}::text[]) as t(n, su, tf)
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
    await this.db.execute(
      sql`insert into search_terms (term) select unnest(${param(terms)}::text[]) on conflict do nothing`,
    );
  }

  async upsertEmbeddings(
    rows: { name: string; model: string; hash: string; vector: Float32Array }[],
    pgvector: boolean,
  ): Promise<void> {
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

  /**
   * What the index holds, for the catch-up to compare with the registry's server stamps and the
   * runtime's tool fingerprints: each document's and each refusal's source timestamp (as Postgres
   * prints it), version and tool fingerprint, in one round trip.
   */
  async heldStamps(): Promise<{
    documents: Map<string, string>;
    failures: Map<string, string>;
    tools: HeldTools[];
  }> {
    const rows = await this.rows<{
      name: string;
      src: string;
      failed: boolean;
      version: string;
      tf: string | null;
    }>(sql`
      select server_name as name, source_updated_at::text as src, false as failed, version, tools_fingerprint as tf from search_documents
      union all
      select server_name, source_updated_at::text, true, version, tools_fingerprint from search_index_failures`);
    const documents = new Map<string, string>();
    const failures = new Map<string, string>();
    for (const r of rows) (r.failed ? failures : documents).set(r.name, r.src);
    return {
      documents,
      failures,
      tools: rows.map((r) => ({ serverName: r.name, version: r.version, toolsFingerprint: r.tf ?? null })),
    };
  }

  /** Every server that has a search document. */
  async documentNames(): Promise<string[]> {
    const rows = await this.rows<{ name: string }>(sql`select server_name as name from search_documents`);
    return rows.map((r) => r.name);
  }

  async namesWithoutEmbedding(model: string): Promise<string[]> {
    const rows = await this.rows<{ name: string }>(sql`
      select d.server_name as name from search_documents d left join search_embeddings e on e.server_name = d.server_name and e.model = ${model}
      where e.server_name is null`);
    return rows.map((r) => r.name);
  }

  async counts(model: string | undefined): Promise<{ documents: number; embedded: number; skipped: number }> {
    const [row] = await this.rows<{ n: number | string; e: number | string; f: number | string }>(sql`
      select (select count(*) from search_documents) as n,
        (select count(*) from search_embeddings where model = ${model ?? ''}) as e,
        (select count(*) from search_index_failures) as f`);
    return { documents: Number(row?.n ?? 0), embedded: Number(row?.e ?? 0), skipped: Number(row?.f ?? 0) };
  }

  /** For each of these servers the index refused: the source timestamp (as Postgres prints it) and tool set it refused. */
  async indexFailures(names: string[]): Promise<Map<string, RefusedSource>> {
    if (names.length === 0) return new Map();
    const rows = await this.rows<{ name: string; src: string; tf: string | null }>(sql`
      select server_name as name, source_updated_at::text as src, tools_fingerprint as tf
      from search_index_failures where server_name = any(${param(names)}::text[])`);
    return new Map(rows.map((r) => [r.name, { sourceUpdatedAt: r.src, toolsFingerprint: r.tf ?? null }]));
  }

  /** Leaves a document out of the index, saying why: its old document goes, so nothing stale is served. */
  async recordIndexFailure(f: {
    serverName: string;
    version: string;
    reason: string;
    sourceUpdatedAt: string;
    toolsFingerprint: string | null;
  }): Promise<void> {
    await this.db.execute(sql`
      with gone as (delete from search_documents where server_name = ${f.serverName})
      insert into search_index_failures (server_name, version, reason, source_updated_at, tools_fingerprint, failed_at)
      values (${f.serverName}, ${f.version}, ${f.reason}, ${f.sourceUpdatedAt}::timestamptz, ${f.toolsFingerprint}, now())
      on conflict (server_name) do update set version = excluded.version, reason = excluded.reason,
        source_updated_at = excluded.source_updated_at, tools_fingerprint = excluded.tools_fingerprint,
        failed_at = excluded.failed_at`);
  }

  async clearIndexFailures(names: string[]): Promise<void> {
    if (names.length === 0) return;
    await this.db.execute(sql`delete from search_index_failures where server_name = any(${param(names)}::text[])`);
  }

  async listIndexFailures(): Promise<
    { name: string; version: string; reason: string; sourceUpdatedAt: string; failedAt: string }[]
  > {
    const rows = await this.rows<{
      name: string;
      version: string;
      reason: string;
      src: string | Date;
      at: string | Date;
    }>(sql`
      select server_name as name, version, reason, source_updated_at as src, failed_at as at from search_index_failures order by failed_at desc, server_name`);
    return rows.map((r) => ({
      name: r.name,
      version: r.version,
      reason: r.reason,
      sourceUpdatedAt: new Date(r.src).toISOString(),
      failedAt: new Date(r.at).toISOString(),
    }));
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
}
