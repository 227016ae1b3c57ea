import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, orgMembers, orgs, verifiedNamespaces } from '@mcp-hub/db';
import type { Visibility } from '@mcp-hub/domain';
import { HUB_DB } from '@mcp-hub/http';
import { asc, eq } from 'drizzle-orm';

export interface Org {
  id: string;
  name: string;
  defaultVisibility: Visibility;
  allowListEnabled: boolean;
  createdAt: Date;
}

export type OrgPatch = { defaultVisibility?: Visibility; allowListEnabled?: boolean };

/** The orgs table (and the namespaces an org owns, as verified_namespaces records them). */
@Injectable()
export class OrgsRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  async byName(name: string): Promise<Org | undefined> {
    const [org] = await this.db.select().from(orgs).where(eq(orgs.name, name)).limit(1);
    return org as Org | undefined;
  }

  /** Every org, by name. */
  async all(): Promise<Org[]> {
    return (await this.db.select().from(orgs).orderBy(asc(orgs.name))) as Org[];
  }

  /** A new org, with `ownerUserId` (when given) its owner, in one transaction; undefined when the name is taken. */
  async create(
    input: { name: string; defaultVisibility: Visibility },
    ownerUserId: string | undefined,
  ): Promise<Org | undefined> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.insert(orgs).values(input).onConflictDoNothing().returning();
      if (!row) return undefined;
      if (ownerUserId) await tx.insert(orgMembers).values({ orgId: row.id, userId: ownerUserId, role: 'owner' });
      return row as Org;
    });
  }

  async update(id: string, patch: OrgPatch): Promise<Org> {
    const [row] = await this.db.update(orgs).set(patch).where(eq(orgs.id, id)).returning();
    return row as Org;
  }

  async namespacesOf(orgId: string): Promise<string[]> {
    const rows = await this.db
      .select({ ns: verifiedNamespaces.namespace })
      .from(verifiedNamespaces)
      .where(eq(verifiedNamespaces.orgId, orgId));
    return rows.map((r) => r.ns);
  }
}
