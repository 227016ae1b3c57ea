import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, mirrorState, rowsOf } from '@mcp-hub/db';
import { REGISTRY_CHANGED_CHANNEL } from '@mcp-hub/registry-port';
import { type NameFacts, type NameSource, type NameWrite, pickLatest } from '@mcp-hub/domain';
import { HUB_DB } from '@mcp-hub/http';
import { eq, sql } from 'drizzle-orm';
import { type UpstreamVersion, upstreamMs } from './upstream-entry';

export type MirrorStateRow = typeof mirrorState.$inferSelect;
export type MirrorStatePatch = Partial<Omit<MirrorStateRow, 'upstreamUrl'>>;

export interface ApplyResult {
  /** Versions inserted or changed. */
  written: number;
  /** Versions already stored exactly as upstream has them. */
  unchanged: number;
  /** Versions skipped because the name belongs to a local publisher (verified namespace). */
  keptLocal: number;
  /** Names taken over from unverified local publishers (their versions archived). */
  supersededNames: string[];
  /** Servers whose stored versions changed: announced to the read caches and the search indexer. */
  touched: string[];
}

interface ExistingRow {
  id: number;
  server_name: string;
  version: string;
  upstream_updated_at: string | null;
  is_latest: boolean;
  status: string;
  published_at: string | Date;
}

/**
 * Writes upstream versions. A batch is one transaction: the servers' rows are locked in name
 * order (so it queues behind, never deadlocks with, local writes), versions are inserted or
 * updated only where upstream's `updatedAt` differs from what is stored (a re-run writes
 * nothing), the latest flags are settled, the change is announced with pg_notify, and the
 * mirror's progress (its cursor) is saved — all or nothing, so a crash resumes cleanly.
 */
@Injectable()
export class MirrorRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  /**
   * Fresh planner statistics after a bulk load. Autovacuum may be off (it is on this project's CI
   * machines) and PGlite has none: without this the planner keeps its empty-table estimates.
   */
  async analyze(): Promise<void> {
    await this.db.execute(sql`analyze servers, server_versions`);
  }

  async state(upstreamUrl: string): Promise<MirrorStateRow | undefined> {
    const [row] = await this.db.select().from(mirrorState).where(eq(mirrorState.upstreamUrl, upstreamUrl));
    return row;
  }

  async saveState(upstreamUrl: string, patch: MirrorStatePatch): Promise<void> {
    await this.db
      .insert(mirrorState)
      .values({ upstreamUrl, ...patch })
      .onConflictDoUpdate({ target: mirrorState.upstreamUrl, set: patch });
  }

  async isEmpty(): Promise<boolean> {
    const rows = await this.db.execute(sql`select 1 as one from servers limit 1`);
    return rowsOf(rows).length === 0;
  }

  /**
   * `decide` is the name-ownership rule for the mirror (libs/domain `nameWrite('upstream', …)`):
   * this reads the facts (who holds each name, whether its namespace is verified) under the lock
   * and does what the rule says — write, take the name over, or leave it to its local publisher.
   */
  async apply(
    batch: UpstreamVersion[],
    decide: (facts: NameFacts) => NameWrite,
    progress?: { upstreamUrl: string; patch: MirrorStatePatch },
    now: Date = new Date(),
  ): Promise<ApplyResult> {
    // The last word on a name@version within one batch wins (a page never repeats one, but a snapshot might).
    const byKey = new Map<string, UpstreamVersion>();
    for (const v of batch) byKey.set(`${v.name}\u0000${v.version}`, v);
    const incoming = [...byKey.values()];
    const names = [...new Set(incoming.map((v) => v.name))].sort();
    const result: ApplyResult = { written: 0, unchanged: 0, keptLocal: 0, supersededNames: [], touched: [] };

    await this.db.transaction(async (tx) => {
      if (names.length > 0) {
        const namespaces = names.map((n) => n.slice(0, n.indexOf('/')));
        await tx.execute(sql`
          insert into servers (name, namespace, source, created_at, updated_at)
          select n, ns, 'upstream', ${now}::timestamptz, ${now}::timestamptz from unnest(${sql.param(names)}::text[], ${sql.param(namespaces)}::text[]) as t(n, ns)
          on conflict (name) do nothing`);
        const owners = rowsOf<{ name: string; source: string; verified: boolean }>(
          await tx.execute(sql`
            select s.name, s.source, (v.namespace is not null) as verified
            from servers s left join verified_namespaces v on v.namespace = s.namespace
            where s.name = any(${sql.param(names)}::text[]) order by s.name for update of s`),
        );
        const decisions = owners.map((o) => ({
          name: o.name,
          write: decide({ source: o.source as NameSource, namespaceVerified: o.verified }),
        }));
        const keepLocal = new Set(decisions.filter((d) => d.write === 'refuse').map((d) => d.name));
        const takeOver = decisions.filter((d) => d.write === 'take-over').map((d) => d.name);
        if (takeOver.length > 0) {
          // The name belongs to upstream: the local versions step aside into the archive.
          await tx.execute(sql`
            insert into superseded_versions (server_name, version, server_json, status, published_at, superseded_at, reason)
            select server_name, version, server_json, status, published_at, ${now}::timestamptz, 'the upstream registry publishes this name and its namespace is not verified here'
            from server_versions where server_name = any(${sql.param(takeOver)}::text[])`);
          await tx.execute(sql`delete from server_versions where server_name = any(${sql.param(takeOver)}::text[])`);
          await tx.execute(
            sql`update servers set source = 'upstream', updated_at = ${now}::timestamptz where name = any(${sql.param(takeOver)}::text[])`,
          );
          result.supersededNames = takeOver;
        }
        const mine = incoming.filter((v) => !keepLocal.has(v.name));
        result.keptLocal = incoming.length - mine.length;
        await this.write(tx as unknown as HubDatabase, mine, result);
        const touched = new Set([...result.touched, ...takeOver]);
        result.touched = [...touched].sort();
        if (result.touched.length > 0) {
          await tx.execute(
            sql`update servers set updated_at = ${now}::timestamptz where name = any(${sql.param(result.touched)}::text[])`,
          );
          await tx.execute(
            sql`select pg_notify(${REGISTRY_CHANGED_CHANNEL}, n) from unnest(${sql.param(result.touched)}::text[]) as t(n)`,
          );
        }
      }
      if (progress) {
        await tx
          .insert(mirrorState)
          .values({ upstreamUrl: progress.upstreamUrl, ...progress.patch })
          .onConflictDoUpdate({ target: mirrorState.upstreamUrl, set: progress.patch });
      }
    });
    return result;
  }

  private async write(tx: HubDatabase, incoming: UpstreamVersion[], result: ApplyResult): Promise<void> {
    if (incoming.length === 0) return;
    const names = [...new Set(incoming.map((v) => v.name))];
    const existing = rowsOf<ExistingRow>(
      await tx.execute(sql`
        select id, server_name, version, upstream_updated_at, is_latest, status, published_at
        from server_versions where server_name = any(${sql.param(names)}::text[])`),
    );
    const existingByKey = new Map(existing.map((r) => [`${r.server_name}\u0000${r.version}`, r]));

    const changed = incoming.filter((v) => {
      const row = existingByKey.get(`${v.name}\u0000${v.version}`);
      return !row || row.upstream_updated_at !== v.updatedAt;
    });
    result.unchanged += incoming.length - changed.length;
    if (changed.length === 0) return;

    // Settle `latest` per server: upstream's own flag when this batch carries one, else the
    // stored latest while it is still visible, else upstream's publish rule over what we hold.
    const touched = [...new Set(changed.map((v) => v.name))];
    const desired = new Map<string, string | undefined>();
    for (const name of touched) {
      const batchOf = changed.filter((v) => v.name === name);
      const claim = batchOf
        .filter((v) => v.isLatest && v.status !== 'deleted')
        .sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : 1))
        .pop();
      if (claim) {
        desired.set(name, claim.version);
        continue;
      }
      const statusAfter = new Map<string, { version: string; status: string; publishedAt: Date; id: number }>();
      for (const r of existing.filter((r) => r.server_name === name)) {
        statusAfter.set(r.version, {
          version: r.version,
          status: r.status,
          publishedAt: new Date(r.published_at),
          id: r.id,
        });
      }
      for (const v of batchOf) {
        statusAfter.set(v.version, {
          version: v.version,
          status: v.status,
          publishedAt: new Date(upstreamMs(v.publishedAt)),
          id: Number.MAX_SAFE_INTEGER,
        });
      }
      const current = existing.find((r) => r.server_name === name && r.is_latest);
      const currentAfter = current ? statusAfter.get(current.version) : undefined;
      desired.set(
        name,
        currentAfter && currentAfter.status !== 'deleted'
          ? currentAfter.version
          : pickLatest([...statusAfter.values()])?.version,
      );
    }

    // Clear first: the partial unique index allows one latest row per server at any instant.
    const clearIds = existing
      .filter((r) => r.is_latest && desired.has(r.server_name) && desired.get(r.server_name) !== r.version)
      .map((r) => r.id);
    if (clearIds.length > 0)
      await tx.execute(
        sql`update server_versions set is_latest = false where id = any(${sql.param(clearIds)}::bigint[])`,
      );

    const inserts = changed.filter((v) => !existingByKey.has(`${v.name}\u0000${v.version}`));
    for (const v of changed) {
      const row = existingByKey.get(`${v.name}\u0000${v.version}`);
      if (!row) continue;
      await tx.execute(sql`
        update server_versions set server_json = ${v.serverJsonText}::json, status = ${v.status}, status_message = ${v.statusMessage},
          status_changed_at = ${v.statusChangedAt}::timestamptz, published_at = ${v.publishedAt}::timestamptz,
          updated_at = ${v.updatedAt}::timestamptz, upstream_updated_at = ${v.updatedAt}, source = 'upstream'
        where id = ${row.id}`);
    }
    for (let i = 0; i < inserts.length; i += 500) {
      const chunk = inserts.slice(i, i + 500);
      const col = <K extends keyof UpstreamVersion>(k: K) => chunk.map((v) => v[k]);
      await tx.execute(sql`
        insert into server_versions (server_name, version, server_json, status, status_message, status_changed_at, is_latest,
          published_at, updated_at, source, upstream_updated_at)
        select n, ver, j::json, st, msg, sca::timestamptz, lat, pa::timestamptz, ua::timestamptz, 'upstream', ua
        from unnest(${sql.param(col('name'))}::text[], ${sql.param(col('version'))}::text[], ${sql.param(col('serverJsonText'))}::text[], ${sql.param(col('status'))}::text[],
          ${sql.param(col('statusMessage'))}::text[], ${sql.param(col('statusChangedAt'))}::text[], ${sql.param(chunk.map((v) => desired.get(v.name) === v.version))}::boolean[],
          ${sql.param(col('publishedAt'))}::text[], ${sql.param(col('updatedAt'))}::text[])
          as t(n, ver, j, st, msg, sca, lat, pa, ua)`);
    }
    const setIds = existing.filter((r) => !r.is_latest && desired.get(r.server_name) === r.version).map((r) => r.id);
    if (setIds.length > 0)
      await tx.execute(sql`update server_versions set is_latest = true where id = any(${sql.param(setIds)}::bigint[])`);

    result.written += changed.length;
    result.touched.push(...touched);
  }
}
