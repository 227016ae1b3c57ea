import { Inject } from '@nestjs/common';
import { type HubDatabase, rowsOf } from '@mcp-hub/db';
import { HUB_DB } from '@mcp-hub/http';
import type { SQL } from 'drizzle-orm';

/** What search's repositories share: the database, and rows of a query. Search's own tables only. */
export abstract class SearchTables {
  constructor(@Inject(HUB_DB) protected readonly db: HubDatabase) {}

  protected async rows<T>(query: SQL): Promise<T[]> {
    return rowsOf<T>(await this.db.execute(query));
  }
}
