import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, orgMembers, users } from '@mcp-hub/db';
import type { OrgRole } from '@mcp-hub/domain';
import { HUB_DB } from '@mcp-hub/http';
import { and, asc, eq, sql } from 'drizzle-orm';

/** A membership row locked for a change (inside one transaction): its role, and what may be done to it. */
export interface LockedMembership {
  /** undefined: not a member. */
  role: OrgRole | undefined;
  /** How many owners the org has besides this member. */
  otherOwners(): Promise<number>;
  setRole(role: OrgRole): Promise<void>;
  remove(): Promise<void>;
}

/** The org_members table. */
@Injectable()
export class MembersRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  async list(orgId: string): Promise<{ login: string; role: OrgRole; since: Date }[]> {
    const rows = await this.db
      .select({ login: users.login, role: orgMembers.role, since: orgMembers.createdAt })
      .from(orgMembers)
      .innerJoin(users, eq(users.id, orgMembers.userId))
      .where(eq(orgMembers.orgId, orgId))
      .orderBy(asc(users.login));
    return rows.map((r) => ({ ...r, role: r.role as OrgRole }));
  }

  async roleOf(orgId: string, userId: string): Promise<OrgRole | undefined> {
    const [member] = await this.db.select().from(orgMembers).where(this.is(orgId, userId)).limit(1);
    return member?.role as OrgRole | undefined;
  }

  /** False when the user is a member already. */
  async add(orgId: string, userId: string, role: OrgRole): Promise<boolean> {
    const rows = await this.db.insert(orgMembers).values({ orgId, userId, role }).onConflictDoNothing().returning();
    return rows.length > 0;
  }

  /** Runs `work` in one transaction with the membership of `userId` (none without a user) locked. */
  async withLocked<T>(
    orgId: string,
    userId: string | undefined,
    work: (member: LockedMembership) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (tx) => {
      const [member] = userId ? await tx.select().from(orgMembers).where(this.is(orgId, userId)).for('update') : [];
      return work({
        role: member?.role as OrgRole | undefined,
        otherOwners: async () => {
          const [{ n }] = (await tx
            .select({ n: sql<number>`count(*)::int` })
            .from(orgMembers)
            .where(
              and(eq(orgMembers.orgId, orgId), eq(orgMembers.role, 'owner'), sql`${orgMembers.userId} <> ${userId}`),
            )) as [{ n: number }];
          return n;
        },
        setRole: async (role) => {
          await tx.update(orgMembers).set({ role }).where(this.is(orgId, userId!));
        },
        remove: async () => {
          await tx.delete(orgMembers).where(this.is(orgId, userId!));
        },
      });
    });
  }

  private is(orgId: string, userId: string) {
    return and(eq(orgMembers.orgId, orgId), eq(orgMembers.userId, userId));
  }
}
