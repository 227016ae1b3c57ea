import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, orgAllowedServers } from '@mcp-hub/db';
import { HUB_DB } from '@mcp-hub/http';
import { and, asc, eq } from 'drizzle-orm';

/** The org_allowed_servers table: the servers an org approved for its sub-registry. */
@Injectable()
export class AllowListRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  async list(orgId: string): Promise<string[]> {
    const rows = await this.db
      .select({ n: orgAllowedServers.serverName })
      .from(orgAllowedServers)
      .where(eq(orgAllowedServers.orgId, orgId))
      .orderBy(asc(orgAllowedServers.serverName));
    return rows.map((r) => r.n);
  }

  async add(orgId: string, serverName: string): Promise<void> {
    await this.db.insert(orgAllowedServers).values({ orgId, serverName }).onConflictDoNothing();
  }

  /** False when the server was not on the list. */
  async remove(orgId: string, serverName: string): Promise<boolean> {
    const rows = await this.db
      .delete(orgAllowedServers)
      .where(and(eq(orgAllowedServers.orgId, orgId), eq(orgAllowedServers.serverName, serverName)))
      .returning();
    return rows.length > 0;
  }
}
