import { type HubDatabase, rowsOf } from '@mcp-hub/db';
import { type Viewer, orgsLiteral } from '@mcp-hub/domain';
import { type SQL, sql } from 'drizzle-orm';
import {
  type ActiveVersion,
  type LatestVersion,
  RegistryReader,
  type RemoteVersion,
  type ServerStamp,
  type VersionDetail,
  type VersionRef,
} from './registry-reader';

const param = sql.param;

/**
 * RegistryReader on the registry's own tables. Registry-owned: besides apps/registry, this is the
 * only code that reads servers and server_versions; when their schema changes, this file changes
 * with it and its consumers do not.
 */
export class PostgresRegistryReader extends RegistryReader {
  constructor(private readonly db: HubDatabase) {
    super();
  }

  private async rows<T>(query: SQL): Promise<T[]> {
    return rowsOf<T>(await this.db.execute(query));
  }

  async latestVisibleVersions(names: string[]): Promise<LatestVersion[]> {
    const rows = await this.rows<{
      server_name: string;
      namespace: string;
      version: string;
      json: string;
      status: string;
      published_at: string | Date;
      src: string;
      private_org_id: string | null;
    }>(sql`
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

  async serverStamps(): Promise<ServerStamp[]> {
    const rows = await this.rows<{ name: string; src: string; visible: boolean }>(sql`
      select server_name as name, max(updated_at)::text as src, bool_or(is_latest) as visible from server_versions group by server_name`);
    return rows.map((r) => ({ serverName: r.name, updatedAt: r.src, visible: Boolean(r.visible) }));
  }

  async serverNames(): Promise<string[]> {
    const rows = await this.rows<{ name: string }>(sql`select distinct server_name as name from server_versions`);
    return rows.map((r) => r.name);
  }

  async servedTo(name: string, viewer: Viewer): Promise<boolean> {
    const [row] = await this.rows<{ ok: boolean }>(sql`
      select exists (select 1 from server_versions where server_name = ${name} and status <> 'deleted'
        and (private_org_id is null or ${viewer.all}::boolean or private_org_id = any(${orgsLiteral(viewer)}::uuid[]))) as ok`);
    return Boolean(row?.ok);
  }

  async visibleNow(names: string[], viewer: Viewer): Promise<Set<string>> {
    if (names.length === 0) return new Set();
    const rows = await this.rows<{ name: string }>(sql`
      select server_name as name from server_versions
      where server_name = any(${param(names)}::text[]) and is_latest
        and (private_org_id is null or private_org_id = any(${orgsLiteral(viewer)}::uuid[]))`);
    return new Set(rows.map((r) => r.name));
  }

  async activeVersions(names?: string[]): Promise<ActiveVersion[]> {
    const only = names ? sql`and server_name = any(${param(names)}::text[])` : sql``;
    const rows = await this.rows<{ name: string; version: string; is_latest: boolean; updated_at: string }>(sql`
      select server_name as name, version, is_latest, updated_at::text as updated_at from server_versions
      where status <> 'deleted' ${only} order by server_name, version`);
    return rows.map((r) => ({
      serverName: r.name,
      version: r.version,
      isLatest: Boolean(r.is_latest),
      updatedAt: r.updated_at,
    }));
  }

  async versionOf(name: string, version: string, viewer: Viewer): Promise<VersionDetail | undefined> {
    const which = version === 'latest' ? sql`v.is_latest` : sql`v.version = ${version}`;
    const [r] = await this.rows<{
      name: string;
      namespace: string;
      version: string;
      json: string;
      status: string;
      is_latest: boolean;
      private_org_id: string | null;
    }>(sql`
      select v.server_name as name, s.namespace, v.version, v.server_json::text as json, v.status, v.is_latest, v.private_org_id
      from server_versions v join servers s on s.name = v.server_name
      where v.server_name = ${name} and ${which}
        and (${viewer.all}::boolean or (v.status <> 'deleted'
          and (v.private_org_id is null or v.private_org_id = any(${orgsLiteral(viewer)}::uuid[]))))`);
    if (!r) return undefined;
    return {
      serverName: r.name,
      namespace: r.namespace,
      version: r.version,
      serverJson: JSON.parse(r.json) as Record<string, unknown>,
      status: r.status,
      isLatest: Boolean(r.is_latest),
      privateOrgId: r.private_org_id ?? null,
    };
  }

  async latestWithRemotes(): Promise<RemoteVersion[]> {
    const rows = await this.rows<{ name: string; version: string; remotes: string }>(sql`
      select server_name as name, version, (server_json::jsonb -> 'remotes')::text as remotes from server_versions
      where is_latest and status = 'active' and jsonb_typeof(server_json::jsonb -> 'remotes') = 'array'
        and jsonb_array_length(server_json::jsonb -> 'remotes') > 0
      order by server_name`);
    return rows.map((r) => {
      const remotes = (JSON.parse(r.remotes) as { type?: unknown; url?: unknown }[])
        .filter((x) => typeof x?.url === 'string' && typeof x?.type === 'string')
        .map((x) => ({ type: x.type as string, url: x.url as string }));
      return { serverName: r.name, version: r.version, remotes };
    });
  }

  async latestVersionKeys(viewer: Viewer, names?: string[]): Promise<VersionRef[]> {
    const only = names ? sql`and server_name = any(${param(names)}::text[])` : sql``;
    const rows = await this.rows<{ name: string; version: string }>(sql`
      select server_name as name, version from server_versions
      where is_latest ${only}
        and (${viewer.all}::boolean or private_org_id is null or private_org_id = any(${orgsLiteral(viewer)}::uuid[]))`);
    return rows.map((r) => ({ serverName: r.name, version: r.version }));
  }
}

/** A Nest provider of RegistryReader on the database behind `dbToken` (HUB_DB in a Hub process). */
export function registryReaderProvider(dbToken: string | symbol) {
  return {
    provide: RegistryReader,
    inject: [dbToken],
    useFactory: (db: HubDatabase) => new PostgresRegistryReader(db),
  };
}
