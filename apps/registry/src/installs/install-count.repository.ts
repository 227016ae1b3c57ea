import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, rowsOf } from '@mcp-hub/db';
import { type Viewer, orgsLiteral } from '@mcp-hub/domain';
import { HUB_DB } from '@mcp-hub/http';
import { sql } from 'drizzle-orm';

export interface PopularServer {
  name: string;
  version: string;
  title: string | null;
  description: string;
  installs: number;
}

export interface InstallDay {
  /** UTC day, YYYY-MM-DD. */
  date: string;
  installs: number;
}

/** The UTC calendar day of an instant, YYYY-MM-DD. */
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** A version the viewer may see: public, or private to an org it reads (every one for an instance admin). */
const visibleTo = (viewer: Viewer) =>
  sql`(v.private_org_id is null or ${viewer.all}::boolean or v.private_org_id = any(${orgsLiteral(viewer)}::uuid[]))`;

/** Install counts per server; every read and write applies the viewer's visibility. */
@Injectable()
export class InstallCountRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  /**
   * Counts one install, in one statement (its total and its UTC day's bucket together): only of a
   * server with a version that is not deleted and that the viewer may see. False when there is
   * none (a private server it may not see is none).
   */
  async count(name: string, viewer: Viewer, at: Date): Promise<boolean> {
    const rows = await this.db.execute(sql`
      with counted as (
        insert into install_counts (server_name, installs, last_installed_at)
        select s.name, 1, ${at.toISOString()}::timestamptz from servers s
         where s.name = ${name}
           and exists (select 1 from server_versions v where v.server_name = s.name and v.status <> 'deleted' and ${visibleTo(viewer)})
        on conflict (server_name) do update
          set installs = install_counts.installs + 1, last_installed_at = excluded.last_installed_at
        returning server_name
      )
      insert into install_days (server_name, day, installs)
      select server_name, ${utcDay(at)}::date, 1 from counted
      on conflict (server_name, day) do update set installs = install_days.installs + 1
      returning server_name`);
    return rowsOf(rows).length > 0;
  }

  /**
   * Installs per UTC day over the `days` days ending with `today` (oldest first, every day listed,
   * 0 when none), and the all-time total; undefined when the viewer may see no version of the
   * server that is not deleted (exactly as for a name that does not exist).
   */
  async daily(
    name: string,
    viewer: Viewer,
    days: number,
    today: Date,
  ): Promise<{ days: InstallDay[]; total: number } | undefined> {
    const rows = rowsOf<{ day: string; installs: string | number; total: string | number }>(
      await this.db.execute(sql`
        select to_char(d, 'YYYY-MM-DD') as day, coalesce(x.installs, 0) as installs, coalesce(c.installs, 0) as total
          from generate_series(${utcDay(today)}::date - ${days - 1}::int, ${utcDay(today)}::date, interval '1 day') as d
          left join install_days x on x.server_name = ${name} and x.day = d::date
          left join install_counts c on c.server_name = ${name}
         where exists (select 1 from server_versions v where v.server_name = ${name} and v.status <> 'deleted' and ${visibleTo(viewer)})
         order by d`),
    );
    if (rows.length === 0) return undefined;
    return { days: rows.map((r) => ({ date: r.day, installs: Number(r.installs) })), total: Number(rows[0]!.total) };
  }

  /** The most installed servers the viewer may see (the latest version of each), most first. */
  async popular(limit: number, viewer: Viewer): Promise<PopularServer[]> {
    const rows = await this.db.execute(sql`
      select c.server_name as name, v.version, v.server_json->>'title' as title, coalesce(v.server_json->>'description', '') as description, c.installs
        from install_counts c
        join server_versions v on v.server_name = c.server_name and v.is_latest and v.status <> 'deleted'
       where ${visibleTo(viewer)}
       order by c.installs desc, c.server_name
       limit ${limit}`);
    return rowsOf<Omit<PopularServer, 'installs'> & { installs: string | number }>(rows).map((r) => ({
      ...r,
      installs: Number(r.installs),
    }));
  }
}
