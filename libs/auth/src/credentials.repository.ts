import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, apiTokens, orgMembers, users, verifiedNamespaces } from '@mcp-hub/db';
import { HUB_DB } from '@mcp-hub/http';
import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';

/** An API token (or a sign-in's session) as authentication reads it. */
export interface StoredCredential {
  id: string;
  namespacePattern: string;
  scopes: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  userId: string | null;
  orgId: string | null;
  kind: string;
}

/** The reads and the one write authentication makes on api_tokens, users, org_members and verified_namespaces. */
@Injectable()
export class CredentialsRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  async byHash(tokenHash: string): Promise<StoredCredential | undefined> {
    const [record] = await this.db
      .select({
        id: apiTokens.id,
        namespacePattern: apiTokens.namespacePattern,
        scopes: apiTokens.scopes,
        expiresAt: apiTokens.expiresAt,
        revokedAt: apiTokens.revokedAt,
        userId: apiTokens.userId,
        orgId: apiTokens.orgId,
        kind: apiTokens.kind,
      })
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, tokenHash))
      .limit(1);
    return record;
  }

  /** What a registry JWT's use needs of the token it was minted from. */
  async state(tokenId: string): Promise<{ kind: string; revokedAt: Date | null; expiresAt: Date | null } | undefined> {
    const [row] = await this.db
      .select({ kind: apiTokens.kind, revokedAt: apiTokens.revokedAt, expiresAt: apiTokens.expiresAt })
      .from(apiTokens)
      .where(eq(apiTokens.id, tokenId))
      .limit(1);
    return row;
  }

  async user(userId: string): Promise<{ login: string; githubId: number | null; githubOrgs: string[] } | undefined> {
    const [user] = await this.db
      .select({ login: users.login, githubId: users.githubId, githubOrgs: users.githubOrgs })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    return user;
  }

  memberships(userId: string): Promise<{ orgId: string; role: string }[]> {
    return this.db
      .select({ orgId: orgMembers.orgId, role: orgMembers.role })
      .from(orgMembers)
      .where(eq(orgMembers.userId, userId));
  }

  /** Namespaces proven to the user, or to one of these orgs. */
  verifiedNamespaces(userId: string, orgIds: string[]): Promise<{ namespace: string; method: string }[]> {
    return this.db
      .select({ namespace: verifiedNamespaces.namespace, method: verifiedNamespaces.method })
      .from(verifiedNamespaces)
      .where(
        or(
          eq(verifiedNamespaces.userId, userId),
          orgIds.length ? inArray(verifiedNamespaces.orgId, orgIds) : undefined,
        ),
      );
  }

  /** Sets the token's last use to `at` unless it was already set after `stale` (one write a minute across processes). */
  async touch(id: string, at: Date, stale: Date): Promise<void> {
    await this.db
      .update(apiTokens)
      .set({ lastUsedAt: at })
      .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale))));
  }
}
