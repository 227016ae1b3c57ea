import { type HubDatabase, rowsOf } from '@mcp-hub/db';
import { type SQL, sql } from 'drizzle-orm';
import { CapabilitiesReader, type ToolSet, type ToolText, type VersionKey } from './capabilities-reader';

/** CapabilitiesReader on the runtime's `capabilities` table. Runtime-owned: it changes with that table. */
export class PostgresCapabilitiesReader extends CapabilitiesReader {
  constructor(private readonly db: HubDatabase) {
    super();
  }

  async toolsOf(versions: VersionKey[]): Promise<Map<string, ToolText[]>> {
    const sets = await this.toolSetsOf(versions);
    return new Map([...sets].map(([name, set]) => [name, set.tools]));
  }

  async toolSetsOf(versions: VersionKey[]): Promise<Map<string, ToolSet>> {
    const out = new Map<string, ToolSet>();
    const rows = await this.shown<{ tools: unknown }>(versions, sql`c.tools`);
    for (const r of rows) {
      const tools = (typeof r.tools === 'string' ? JSON.parse(r.tools) : r.tools) as ToolText[] | null;
      out.set(r.server_name, {
        fingerprint: r.fingerprint,
        tools: (tools ?? []).map((t) =>
          t.description === undefined ? { name: t.name } : { name: t.name, description: t.description },
        ),
      });
    }
    return out;
  }

  async toolFingerprints(versions: VersionKey[]): Promise<Map<string, string>> {
    const rows = await this.shown(versions, sql`null`);
    return new Map(rows.map((r) => [r.server_name, r.fingerprint]));
  }

  /**
   * The row whose tools are shown for each version: the inspected one when it ended ok, else the
   * publisher's declaration; with its fingerprint (every ok or declared row has one; the hash of the
   * stored list stands in should one not).
   */
  private async shown<T extends object = object>(
    versions: VersionKey[],
    extra: SQL,
  ): Promise<(T & { server_name: string; fingerprint: string })[]> {
    if (versions.length === 0) return [];
    return rowsOf<T & { server_name: string; fingerprint: string }>(
      await this.db.execute(sql`
        select distinct on (c.server_name) c.server_name,
          coalesce(c.tools_fingerprint, md5(c.tools::text)) as fingerprint, ${extra} as tools
        from capabilities c
        join unnest(${sql.param(versions.map((v) => v.serverName))}::text[], ${sql.param(versions.map((v) => v.version))}::text[])
          as k(name, version) on c.server_name = k.name and c.version = k.version
        where (c.source = 'inspected' and c.status = 'ok') or c.source = 'declared'
        -- the inspected row first: it wins over a declaration
        order by c.server_name, c.source desc`),
    );
  }
}

/** A Nest provider of CapabilitiesReader on the database behind `dbToken` (HUB_DB in a Hub process). */
export function capabilitiesReaderProvider(dbToken: string | symbol) {
  return {
    provide: CapabilitiesReader,
    inject: [dbToken],
    useFactory: (db: HubDatabase) => new PostgresCapabilitiesReader(db),
  };
}
