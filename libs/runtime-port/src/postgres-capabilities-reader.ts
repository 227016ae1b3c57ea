import { type HubDatabase, rowsOf } from '@mcp-hub/db';
import { sql } from 'drizzle-orm';
import { CapabilitiesReader, type ToolText, type VersionKey } from './capabilities-reader';

/** CapabilitiesReader on the runtime's `capabilities` table. Runtime-owned: it changes with that table. */
export class PostgresCapabilitiesReader extends CapabilitiesReader {
  constructor(private readonly db: HubDatabase) {
    super();
  }

  async toolsOf(versions: VersionKey[]): Promise<Map<string, ToolText[]>> {
    const out = new Map<string, ToolText[]>();
    if (versions.length === 0) return out;
    const rows = rowsOf<{ server_name: string; tools: unknown }>(
      await this.db.execute(sql`
        select c.server_name, c.tools from capabilities c
        join unnest(${sql.param(versions.map((v) => v.serverName))}::text[], ${sql.param(versions.map((v) => v.version))}::text[])
          as k(name, version) on c.server_name = k.name and c.version = k.version
        where (c.source = 'inspected' and c.status = 'ok') or c.source = 'declared'
        -- the inspected row first: it wins over a declaration
        order by c.server_name, c.source desc`),
    );
    for (const r of rows) {
      if (out.has(r.server_name)) continue;
      const tools = (typeof r.tools === 'string' ? JSON.parse(r.tools) : r.tools) as ToolText[] | null;
      out.set(
        r.server_name,
        (tools ?? []).map((t) =>
          t.description === undefined ? { name: t.name } : { name: t.name, description: t.description },
        ),
      );
    }
    return out;
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
