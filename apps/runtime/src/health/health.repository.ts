import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, rowsOf } from '@mcp-hub/db';
import type { ToolsDiff } from '@mcp-hub/domain';
import { HUB_DB } from '@mcp-hub/http';
import { sql } from 'drizzle-orm';
import { HEALTH_LATENCY_BUCKETS, bucketOf } from './latency-buckets';

export type ProbeStatus = 'up' | 'down' | 'degraded';

export interface HealthCheckWrite {
  serverName: string;
  url: string;
  status: ProbeStatus;
  latencyMs?: number;
  error?: string;
  at: Date;
}

export interface RemoteToolState {
  version: string;
  toolsFingerprint: string;
  tools: Record<string, string>;
}

export interface DriftEventRow {
  url: string;
  version: string;
  previousFingerprint: string;
  fingerprint: string;
  diff: ToolsDiff;
  detectedAt: Date;
}

export interface WindowFigures {
  checks: number;
  available: number;
  buckets: number[];
}

/** Health checks of remotes, their hourly rollups, each remote's last tool list, and drift events. */
@Injectable()
export class HealthRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  /** One check, and its hour's rollup (counts by outcome, one latency bucket), in one statement. */
  async record(c: HealthCheckWrite): Promise<void> {
    const hour = new Date(Math.floor(c.at.getTime() / 3_600_000) * 3_600_000);
    // Postgres arrays are 1-based; a down check has no latency to count.
    const bucket = c.status === 'down' || c.latencyMs === undefined ? 0 : bucketOf(c.latencyMs) + 1;
    await this.db.execute(sql`
      with c as (
        insert into health_checks (server_name, url, status, latency_ms, error, checked_at)
        values (${c.serverName}, ${c.url}, ${c.status}, ${c.latencyMs ?? null}, ${c.error?.slice(0, 500) ?? null}, ${c.at.toISOString()}::timestamptz)
        returning 1
      )
      insert into health_hourly as h (server_name, url, hour, up, degraded, down, latency_buckets)
      select ${c.serverName}, ${c.url}, ${hour.toISOString()}::timestamptz,
        ${c.status === 'up' ? 1 : 0}, ${c.status === 'degraded' ? 1 : 0}, ${c.status === 'down' ? 1 : 0},
        (select array_agg(case when i = ${bucket} then 1 else 0 end order by i) from generate_series(1, ${HEALTH_LATENCY_BUCKETS.length}) i)
      from c
      on conflict (server_name, url, hour) do update set
        up = h.up + excluded.up, degraded = h.degraded + excluded.degraded, down = h.down + excluded.down,
        latency_buckets = (
          select array_agg(coalesce(h.latency_buckets[i], 0) + coalesce(excluded.latency_buckets[i], 0) order by i)
          from generate_series(1, ${HEALTH_LATENCY_BUCKETS.length}) i)`);
  }

  /** Uptime figures of one remote since `since`, from the hourly rollups. */
  async window(serverName: string, url: string, since: Date): Promise<WindowFigures> {
    const rows = rowsOf<{ up: number; degraded: number; down: number; latency_buckets: number[] | string }>(
      await this.db.execute(sql`
        select up, degraded, down, latency_buckets from health_hourly
        where server_name = ${serverName} and url = ${url} and hour >= ${since.toISOString()}::timestamptz`),
    );
    const buckets = HEALTH_LATENCY_BUCKETS.map(() => 0);
    let checks = 0;
    let available = 0;
    for (const r of rows) {
      checks += Number(r.up) + Number(r.degraded) + Number(r.down);
      available += Number(r.up) + Number(r.degraded);
      const b = typeof r.latency_buckets === 'string' ? parseIntArray(r.latency_buckets) : r.latency_buckets;
      b.forEach((n, i) => (buckets[i] = (buckets[i] ?? 0) + Number(n)));
    }
    return { checks, available, buckets };
  }

  /** Per UTC day since `since`: checks and available checks (the page's 7-day bar). */
  async days(
    serverName: string,
    url: string,
    since: Date,
  ): Promise<{ day: string; checks: number; available: number }[]> {
    const rows = rowsOf<{ day: string; checks: number; available: number }>(
      await this.db.execute(sql`
        select to_char(date_trunc('day', hour at time zone 'UTC'), 'YYYY-MM-DD') as day,
          sum(up + degraded + down)::int as checks, sum(up + degraded)::int as available
        from health_hourly where server_name = ${serverName} and url = ${url} and hour >= ${since.toISOString()}::timestamptz
        group by 1 order by 1`),
    );
    return rows.map((r) => ({ day: r.day, checks: Number(r.checks), available: Number(r.available) }));
  }

  /** p50 and p95 latency of the raw checks since `since` (exact, not bucketed). */
  async latency(serverName: string, url: string, since: Date): Promise<{ p50: number | null; p95: number | null }> {
    const [r] = rowsOf<{ p50: number | null; p95: number | null }>(
      await this.db.execute(sql`
        select percentile_cont(0.5) within group (order by latency_ms) as p50,
          percentile_cont(0.95) within group (order by latency_ms) as p95
        from health_checks where server_name = ${serverName} and url = ${url} and status <> 'down'
          and latency_ms is not null and checked_at >= ${since.toISOString()}::timestamptz`),
    );
    return {
      p50: r?.p50 === null || r?.p50 === undefined ? null : Math.round(Number(r.p50)),
      p95: r?.p95 === null || r?.p95 === undefined ? null : Math.round(Number(r.p95)),
    };
  }

  async lastCheck(
    serverName: string,
    url: string,
  ): Promise<{ status: ProbeStatus; checkedAt: Date; error: string | null; lastError: string | null } | undefined> {
    const [r] = rowsOf<{ status: ProbeStatus; checked_at: string; error: string | null; last_error: string | null }>(
      await this.db.execute(sql`
        select c.status, c.checked_at, c.error,
          (select e.error from health_checks e where e.server_name = c.server_name and e.url = c.url and e.error is not null
            order by e.checked_at desc limit 1) as last_error
        from health_checks c where c.server_name = ${serverName} and c.url = ${url}
        order by c.checked_at desc limit 1`),
    );
    return r
      ? { status: r.status, checkedAt: new Date(r.checked_at), error: r.error, lastError: r.last_error }
      : undefined;
  }

  /** The URLs of a server that have ever been checked. */
  async checkedUrls(serverName: string): Promise<string[]> {
    const rows = rowsOf<{ url: string }>(
      await this.db.execute(sql`select distinct url from health_hourly where server_name = ${serverName} order by url`),
    );
    return rows.map((r) => r.url);
  }

  async toolState(serverName: string, url: string): Promise<RemoteToolState | undefined> {
    const [r] = rowsOf<{ version: string; tools_fingerprint: string; tools: unknown }>(
      await this.db.execute(
        sql`select version, tools_fingerprint, tools from remote_tool_state where server_name = ${serverName} and url = ${url}`,
      ),
    );
    if (!r) return undefined;
    const tools = (typeof r.tools === 'string' ? JSON.parse(r.tools) : r.tools) as Record<string, string>;
    return { version: r.version, toolsFingerprint: r.tools_fingerprint, tools };
  }

  /**
   * Stores what a probe listed; with `drift`, records the drift event in the same statement, so a
   * change is recorded exactly once however many processes probe.
   */
  async saveToolState(
    serverName: string,
    url: string,
    state: RemoteToolState,
    drift: { previousFingerprint: string; diff: unknown } | undefined,
    at: Date,
  ): Promise<void> {
    const tools = JSON.stringify(state.tools);
    if (!drift) {
      await this.db.execute(sql`
        insert into remote_tool_state (server_name, url, version, tools_fingerprint, tools, seen_at)
        values (${serverName}, ${url}, ${state.version}, ${state.toolsFingerprint}, ${tools}::jsonb, ${at.toISOString()}::timestamptz)
        on conflict (server_name, url) do update set version = excluded.version, tools_fingerprint = excluded.tools_fingerprint,
          tools = excluded.tools, seen_at = excluded.seen_at`);
      return;
    }
    await this.db.execute(sql`
      with s as (
        update remote_tool_state set version = ${state.version}, tools_fingerprint = ${state.toolsFingerprint},
          tools = ${tools}::jsonb, seen_at = ${at.toISOString()}::timestamptz
        where server_name = ${serverName} and url = ${url} and tools_fingerprint = ${drift.previousFingerprint}
        returning 1
      )
      insert into drift_events (server_name, version, url, previous_fingerprint, fingerprint, diff, detected_at)
      select ${serverName}, ${state.version}, ${url}, ${drift.previousFingerprint}, ${state.toolsFingerprint},
        ${JSON.stringify(drift.diff)}::jsonb, ${at.toISOString()}::timestamptz
      from s`);
  }

  async driftEvents(serverName: string, limit: number): Promise<DriftEventRow[]> {
    const rows = rowsOf<{
      url: string;
      version: string;
      previous_fingerprint: string;
      fingerprint: string;
      diff: unknown;
      detected_at: string;
    }>(
      await this.db.execute(sql`
        select url, version, previous_fingerprint, fingerprint, diff, detected_at from drift_events
        where server_name = ${serverName} order by detected_at desc, id desc limit ${limit}`),
    );
    return rows.map((r) => ({
      url: r.url,
      version: r.version,
      previousFingerprint: r.previous_fingerprint,
      fingerprint: r.fingerprint,
      diff: (typeof r.diff === 'string' ? JSON.parse(r.diff) : r.diff) as ToolsDiff,
      detectedAt: new Date(r.detected_at),
    }));
  }

  /** Raw checks older than `checksBefore` and rollups older than `rollupsBefore` go. */
  async prune(checksBefore: Date, rollupsBefore: Date): Promise<void> {
    await this.db.execute(sql`delete from health_checks where checked_at < ${checksBefore.toISOString()}::timestamptz`);
    await this.db.execute(sql`delete from health_hourly where hour < ${rollupsBefore.toISOString()}::timestamptz`);
  }
}

function parseIntArray(text: string): number[] {
  return text.replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
}
