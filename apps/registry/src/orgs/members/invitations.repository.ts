import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, orgInvitations, orgMembers, orgs } from '@mcp-hub/db';
import type { OrgRole } from '@mcp-hub/domain';
import { HUB_DB } from '@mcp-hub/http';
import { and, eq, gt, isNull } from 'drizzle-orm';

export interface InvitationRow {
  id: string;
  org: string;
  login: string;
  role: OrgRole;
  invitedBy: string;
  expiresAt: Date;
}

/** The org_invitations table (and the membership an accepted invitation becomes). */
@Injectable()
export class InvitationsRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  async create(values: {
    orgId: string;
    login: string;
    role: OrgRole;
    invitedBy: string;
    expiresAt: Date;
  }): Promise<{ id: string; expiresAt: Date }> {
    const [row] = await this.db.insert(orgInvitations).values(values).returning();
    return row!;
  }

  /** The org's open invitations at `now`. */
  async openFor(orgId: string, now: Date): Promise<Omit<InvitationRow, 'org'>[]> {
    const rows = await this.db
      .select()
      .from(orgInvitations)
      .where(and(eq(orgInvitations.orgId, orgId), this.open(now)));
    return rows.map((r) => ({
      id: r.id,
      login: r.login,
      role: r.role as OrgRole,
      invitedBy: r.invitedBy,
      expiresAt: r.expiresAt,
    }));
  }

  /** The open invitations addressed to `login` at `now`, soonest to expire first. */
  async openTo(login: string, now: Date): Promise<InvitationRow[]> {
    const rows = await this.db
      .select({ inv: orgInvitations, orgName: orgs.name })
      .from(orgInvitations)
      .innerJoin(orgs, eq(orgs.id, orgInvitations.orgId))
      .where(and(eq(orgInvitations.login, login), this.open(now)))
      .orderBy(orgInvitations.expiresAt);
    return rows.map((r) => ({
      id: r.inv.id,
      org: r.orgName,
      login: r.inv.login,
      role: r.inv.role as OrgRole,
      invitedBy: r.inv.invitedBy,
      expiresAt: r.inv.expiresAt,
    }));
  }

  /** Closes the open invitation `id` to `login`; its org's id, or undefined when there is none. */
  async decline(id: string, login: string, now: Date): Promise<string | undefined> {
    const [row] = await this.db
      .update(orgInvitations)
      .set({ revokedAt: now })
      .where(and(eq(orgInvitations.id, id), eq(orgInvitations.login, login), this.open(now)))
      .returning({ orgId: orgInvitations.orgId });
    return row?.orgId;
  }

  /**
   * In one transaction: marks the open invitation `id` to `login` accepted and makes `userId` a
   * member with its role (or gives an existing member that role). Undefined when there is no open one.
   */
  async accept(
    id: string,
    login: string,
    userId: string,
    now: Date,
  ): Promise<{ org: string; orgId: string; role: OrgRole } | undefined> {
    return this.db.transaction(async (tx) => {
      const [inv] = await tx
        .select({ inv: orgInvitations, orgName: orgs.name })
        .from(orgInvitations)
        .innerJoin(orgs, eq(orgs.id, orgInvitations.orgId))
        .where(
          and(
            eq(orgInvitations.id, id),
            eq(orgInvitations.login, login),
            isNull(orgInvitations.acceptedAt),
            isNull(orgInvitations.revokedAt),
          ),
        )
        .for('update');
      if (!inv || inv.inv.expiresAt <= now) return undefined;
      await tx.update(orgInvitations).set({ acceptedAt: now }).where(eq(orgInvitations.id, id));
      await tx
        .insert(orgMembers)
        .values({ orgId: inv.inv.orgId, userId, role: inv.inv.role })
        .onConflictDoUpdate({ target: [orgMembers.orgId, orgMembers.userId], set: { role: inv.inv.role } });
      return { org: inv.orgName, orgId: inv.inv.orgId, role: inv.inv.role as OrgRole };
    });
  }

  private open(now: Date) {
    return and(isNull(orgInvitations.acceptedAt), isNull(orgInvitations.revokedAt), gt(orgInvitations.expiresAt, now));
  }
}
