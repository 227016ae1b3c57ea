import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, proofReplays, verifiedNamespaces } from '@mcp-hub/db';
import { HUB_DB } from '@mcp-hub/http';
import { eq, sql } from 'drizzle-orm';

export type VerifiedNamespaceRow = typeof verifiedNamespaces.$inferSelect;

/** verified_namespaces (who proved a namespace, and how) and proof_replays (proofs already used to log in). */
@Injectable()
export class NamespacesRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  async find(namespace: string): Promise<VerifiedNamespaceRow | undefined> {
    const [row] = await this.db
      .select()
      .from(verifiedNamespaces)
      .where(eq(verifiedNamespaces.namespace, namespace))
      .limit(1);
    return row;
  }

  /** Marks a namespace verified; with `orgId` the org now owns it (and no user does). */
  async recordVerified(namespace: string, method: string, at: Date, orgId: string | undefined): Promise<void> {
    await this.db
      .insert(verifiedNamespaces)
      .values({ namespace, method, verifiedAt: at, ...(orgId ? { orgId } : {}) })
      .onConflictDoUpdate({
        target: verifiedNamespaces.namespace,
        set: orgId ? { method, verifiedAt: at, orgId, userId: null } : { method, verifiedAt: at },
      });
  }

  /** Who owns a namespace now, when anyone verified it. */
  async ownerOf(namespace: string): Promise<{ orgId: string | null } | undefined> {
    const row = await this.find(namespace);
    return row ? { orgId: row.orgId } : undefined;
  }

  /** Gives a namespace to an org (an admin's assignment, or a GitHub org membership); no user owns it then. */
  async assignToOrg(namespace: string, method: string, orgId: string, at: Date): Promise<void> {
    await this.db
      .insert(verifiedNamespaces)
      .values({ namespace, method, orgId })
      .onConflictDoUpdate({
        target: verifiedNamespaces.namespace,
        set: { orgId, userId: null, method, verifiedAt: at },
      });
  }

  /**
   * Used proofs, in the database: every Hub process sees a replay, whichever one took the first
   * login. One statement claims a key: a fresh key is inserted; an expired one is taken over; a
   * live one is left alone and nothing comes back (a replay).
   */
  async claimReplay(key: string, expiresAt: Date, now: Date): Promise<boolean> {
    const rows = await this.db
      .insert(proofReplays)
      .values({ key, expiresAt })
      .onConflictDoUpdate({
        target: proofReplays.key,
        set: { expiresAt },
        where: sql`${proofReplays.expiresAt} <= ${now}`,
      })
      .returning({ key: proofReplays.key });
    return rows.length === 1;
  }
}
