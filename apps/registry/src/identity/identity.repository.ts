import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, apiTokens, users, verifiedNamespaces } from '@mcp-hub/db';
import { HUB_DB } from '@mcp-hub/http';
import { and, eq, isNull, or, sql } from 'drizzle-orm';

export interface GitHubUserValues {
  /** Lower-cased. */
  login: string;
  githubId: number;
  name: string | null;
  avatarUrl: string | null;
  githubOrgs: string[];
}

export interface SessionValues {
  tokenHash: string;
  tokenPrefix: string;
  description: string;
  expiresAt: Date;
  userId: string;
}

/** Hub users as GitHub knows them, their io.github namespaces, and their sign-in sessions. */
@Injectable()
export class IdentityRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  /**
   * Records a GitHub identity, in one transaction: the user (by GitHub's stable id; a renamed
   * login follows) and `io.github.<login>` as a namespace verified to them. Returns the user's id.
   */
  async upsertGitHubUser(identity: GitHubUserValues, now: Date): Promise<string> {
    const { login } = identity;
    return this.db.transaction(async (tx) => {
      // An admin-made user with this login (air-gapped instances) becomes this GitHub account.
      const [existing] = await tx
        .select({ id: users.id })
        .from(users)
        .where(or(eq(users.githubId, identity.githubId), and(eq(users.login, login), isNull(users.githubId))))
        .orderBy(sql`${users.githubId} is null`)
        .limit(1);
      const values = { ...identity, lastSignInAt: now };
      let id: string;
      if (existing) {
        // A rename on GitHub: the old login's row (another account since) must give way.
        await tx
          .delete(users)
          .where(and(eq(users.login, login), sql`${users.id} <> ${existing.id}`, isNull(users.githubId)));
        await tx.update(users).set(values).where(eq(users.id, existing.id));
        id = existing.id;
      } else {
        const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.login, login)).limit(1);
        // The login belonged to another GitHub account that has since been renamed away.
        if (taken)
          await tx
            .update(users)
            .set({ login: `${login}~${taken.id.slice(0, 8)}` })
            .where(eq(users.id, taken.id));
        const [row] = await tx.insert(users).values(values).returning({ id: users.id });
        id = row!.id;
      }
      await tx
        .insert(verifiedNamespaces)
        .values({ namespace: `io.github.${login}`, method: 'github', verifiedAt: now, userId: id })
        .onConflictDoUpdate({
          target: verifiedNamespaces.namespace,
          set: { method: 'github', verifiedAt: now, userId: id },
          where: isNull(verifiedNamespaces.orgId),
        });
      return id;
    });
  }

  /** A sign-in session: a revocable credential of kind "session" with the user's rights. Returns its id. */
  async insertSession(s: SessionValues): Promise<string> {
    const [row] = await this.db
      .insert(apiTokens)
      .values({ ...s, namespacePattern: '*', scopes: ['read', 'publish'], kind: 'session' })
      .returning({ id: apiTokens.id });
    return row!.id;
  }

  async revokeSession(tokenId: string, at: Date): Promise<void> {
    await this.db.update(apiTokens).set({ revokedAt: at }).where(eq(apiTokens.id, tokenId));
  }
}
