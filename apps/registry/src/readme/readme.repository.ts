import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, rowsOf, serverReadmes } from '@mcp-hub/db';
import { type Viewer, orgsLiteral } from '@mcp-hub/domain';
import { HUB_DB } from '@mcp-hub/http';
import { eq, sql } from 'drizzle-orm';

export interface StoredReadme {
  source: string;
  status: 'ok' | 'none' | 'unavailable';
  markdown: string | null;
  reason: string | null;
  license: string | null;
  defaultBranch: string | null;
  fetchedAt: Date;
  checkedAt: Date;
}

/** READMEs as last read (server_readmes), and what a server's latest version says of its repository. */
@Injectable()
export class ReadmeRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  /**
   * The `repository` object of the server's latest version, if the viewer may see a version of
   * it that is not deleted (null: it names none); undefined when there is no such server for it.
   */
  async repositoryOf(
    name: string,
    viewer: Viewer,
  ): Promise<{ repository: Record<string, unknown> | null } | undefined> {
    const [row] = rowsOf<{ repository: string | null }>(
      await this.db.execute(sql`
        select (v.server_json::jsonb -> 'repository')::text as repository from server_versions v
         where v.server_name = ${name} and v.is_latest and v.status <> 'deleted'
           and (v.private_org_id is null or ${viewer.all}::boolean or v.private_org_id = any(${orgsLiteral(viewer)}::uuid[]))`),
    );
    if (!row) return undefined;
    const repository = row.repository ? (JSON.parse(row.repository) as unknown) : null;
    return {
      repository:
        repository && typeof repository === 'object' && !Array.isArray(repository)
          ? (repository as Record<string, unknown>)
          : null,
    };
  }

  async find(name: string): Promise<StoredReadme | undefined> {
    const [row] = await this.db.select().from(serverReadmes).where(eq(serverReadmes.serverName, name));
    // The table's check allows only these statuses.
    return row ? { ...row, status: row.status as StoredReadme['status'] } : undefined;
  }

  /**
   * Keeps what was read (the server may have been removed meanwhile: then nothing is kept): an
   * insert from a select of the server, so raw SQL.
   */
  async store(name: string, r: StoredReadme): Promise<void> {
    await this.db.execute(sql`
      insert into server_readmes (server_name, source, status, markdown, reason, license, default_branch, fetched_at, checked_at)
      select s.name, ${r.source}, ${r.status}, ${r.markdown}, ${r.reason}, ${r.license}, ${r.defaultBranch}, ${r.fetchedAt.toISOString()}::timestamptz, ${r.checkedAt.toISOString()}::timestamptz
        from servers s where s.name = ${name}
      on conflict (server_name) do update set source = excluded.source, status = excluded.status, markdown = excluded.markdown, reason = excluded.reason,
        license = excluded.license, default_branch = excluded.default_branch, fetched_at = excluded.fetched_at, checked_at = excluded.checked_at`);
  }

  /** A failed attempt to read it again: the stored text stays, the next attempt waits. */
  async checked(name: string, at: Date): Promise<void> {
    await this.db.update(serverReadmes).set({ checkedAt: at }).where(eq(serverReadmes.serverName, name));
  }
}
