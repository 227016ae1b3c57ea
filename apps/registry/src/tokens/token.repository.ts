import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, apiTokens, auditLog, tokenUses } from '@mcp-hub/db';
import type { TokenScope, TokenUsesView } from '@mcp-hub/domain';
import { HUB_DB } from '@mcp-hub/http';
import { and, desc, eq, gte, inArray, isNull, ne, or, sql } from 'drizzle-orm';

export interface TokenRecord {
  id: string;
  tokenPrefix: string;
  namespacePattern: string;
  scopes: TokenScope[];
  description: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  userId: string | null;
  orgId: string | null;
}

const cols = {
  id: apiTokens.id,
  tokenPrefix: apiTokens.tokenPrefix,
  namespacePattern: apiTokens.namespacePattern,
  scopes: apiTokens.scopes,
  description: apiTokens.description,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
  userId: apiTokens.userId,
  orgId: apiTokens.orgId,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const BOOTSTRAP_DESCRIPTION = 'bootstrap (HUB_BOOTSTRAP_TOKEN)';

@Injectable()
export class TokenRepository {
  constructor(@Inject(HUB_DB) private readonly db: HubDatabase) {}

  /**
   * Stores a new token with its audit entry, in one transaction. With `minterId`, the token that
   * mints it must be live, and stays locked until the commit: a revocation of it waits for this
   * insert and then revokes the new token too. A delegated token (`parentId`) never outlives its
   * parent. Undefined when the minter is no longer live.
   */
  async mint(t: NewToken, opts: { minterId?: string; at: Date; audit: TokenAudit }): Promise<TokenRecord | undefined> {
    return this.db.transaction(async (tx) => {
      let values = t;
      if (opts.minterId) {
        const [minter] = await tx
          .select({ revokedAt: apiTokens.revokedAt, expiresAt: apiTokens.expiresAt })
          .from(apiTokens)
          .where(eq(apiTokens.id, opts.minterId))
          .for('share');
        if (!minter || minter.revokedAt !== null || (minter.expiresAt !== null && minter.expiresAt <= opts.at))
          return undefined;
        if (t.parentId && minter.expiresAt && (!t.expiresAt || t.expiresAt > minter.expiresAt))
          values = { ...t, expiresAt: minter.expiresAt };
      }
      const [row] = await tx.insert(apiTokens).values(values).returning(cols);
      await tx.insert(auditLog).values(auditRow(opts.audit, 'token.created', row!.id, row!.orgId));
      return row as TokenRecord;
    });
  }

  async findByHash(hash: string): Promise<TokenRecord | undefined> {
    const [row] = await this.db.select(cols).from(apiTokens).where(eq(apiTokens.tokenHash, hash)).limit(1);
    return row as TokenRecord | undefined;
  }

  /** Every instance token (no org's), or (with `owner`) that token, the ones it minted and the user's personal tokens. */
  async list(owner?: TokenOwner): Promise<TokenRecord[]> {
    const where = owner === undefined ? isNull(apiTokens.orgId) : ownedBy(owner);
    return (await this.db
      .select(cols)
      .from(apiTokens)
      .where(and(where, eq(apiTokens.kind, 'api')))
      .orderBy(desc(apiTokens.createdAt))) as TokenRecord[];
  }

  /** An org's tokens, newest first. */
  async listForOrg(orgId: string): Promise<TokenRecord[]> {
    return (await this.db
      .select(cols)
      .from(apiTokens)
      .where(eq(apiTokens.orgId, orgId))
      .orderBy(desc(apiTokens.createdAt))) as TokenRecord[];
  }

  /** Token `id` if the caller may see it: any for an admin (no owner), else as for list; within an org, only that org's. */
  async findVisible(id: string, scope: { owner?: TokenOwner; orgId?: string }): Promise<TokenRecord | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = await this.db
      .select(cols)
      .from(apiTokens)
      .where(
        and(
          eq(apiTokens.id, id),
          scope.orgId ? eq(apiTokens.orgId, scope.orgId) : undefined,
          scope.owner ? ownedBy(scope.owner) : undefined,
        ),
      )
      .limit(1);
    return row as TokenRecord | undefined;
  }

  /** A token's uses since `since`: per minute, newest first (at most `limit`), and totals over all of them. */
  async uses(tokenId: string, since: Date, limit: number): Promise<TokenUsesView> {
    const window = and(eq(tokenUses.tokenId, tokenId), gte(tokenUses.minute, since));
    const rows = await this.db.select().from(tokenUses).where(window).orderBy(desc(tokenUses.minute)).limit(limit);
    const [totals] = await this.db
      .select({
        requests: sql<number>`coalesce(sum(${tokenUses.requests}), 0)::int`,
        writes: sql<number>`coalesce(sum(${tokenUses.writes}), 0)::int`,
        refused: sql<number>`coalesce(sum(${tokenUses.refused}), 0)::int`,
      })
      .from(tokenUses)
      .where(window);
    return {
      tokenId,
      since: since.toISOString(),
      totals: totals!,
      uses: rows.map((r) => ({
        minute: r.minute.toISOString(),
        requests: r.requests,
        writes: r.writes,
        refused: r.refused,
        lastAt: r.lastAt.toISOString(),
        ip: r.ip,
        userAgent: r.userAgent,
      })),
    };
  }

  /**
   * Revokes `id` if `scope` reaches it (as for findVisible), and every token delegated from it,
   * down the line, with the audit entry, in one transaction. Each generation is revoked by its
   * own statement, so a child minted while the revocation ran (its mint holds its parent locked)
   * is seen and revoked too. Returns every id revoked: none when nothing matched.
   */
  async revoke(
    id: string,
    at: Date,
    scope: { owner?: TokenOwner; orgId?: string },
    audit: TokenAudit,
  ): Promise<string[]> {
    if (!UUID.test(id)) return [];
    return this.db.transaction(async (tx) => {
      const [root] = await tx
        .update(apiTokens)
        .set({ revokedAt: at })
        .where(
          and(
            eq(apiTokens.id, id),
            isNull(apiTokens.revokedAt),
            scope.orgId ? eq(apiTokens.orgId, scope.orgId) : undefined,
            scope.owner ? ownedBy(scope.owner) : undefined,
          ),
        )
        .returning({ id: apiTokens.id, orgId: apiTokens.orgId });
      if (!root) return [];
      const revoked = [root.id];
      let parents = [root.id];
      while (parents.length > 0) {
        const children = await tx
          .update(apiTokens)
          .set({ revokedAt: at })
          .where(and(inArray(apiTokens.parentId, parents), isNull(apiTokens.revokedAt)))
          .returning({ id: apiTokens.id });
        parents = children.map((c) => c.id);
        revoked.push(...parents);
      }
      await tx
        .insert(auditLog)
        .values(
          auditRow(
            { ...audit, detail: revoked.length > 1 ? { ...audit.detail, delegated: revoked.slice(1) } : audit.detail },
            'token.revoked',
            root.id,
            root.orgId,
          ),
        );
      return revoked;
    });
  }

  async revokeBootstrap(at: Date): Promise<number> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: at })
      .where(and(eq(apiTokens.description, BOOTSTRAP_DESCRIPTION), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return rows.length;
  }

  /** Makes `hash` the one bootstrap token: an earlier one from a rotated variable is revoked. */
  async ensureBootstrap(hash: string, prefix: string, at: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .update(apiTokens)
        .set({ revokedAt: at })
        .where(
          and(
            eq(apiTokens.description, BOOTSTRAP_DESCRIPTION),
            ne(apiTokens.tokenHash, hash),
            isNull(apiTokens.revokedAt),
          ),
        );
      await tx
        .insert(apiTokens)
        .values({
          tokenHash: hash,
          tokenPrefix: prefix,
          namespacePattern: '*',
          scopes: ['admin', 'publish'],
          description: BOOTSTRAP_DESCRIPTION,
        })
        .onConflictDoUpdate({
          target: apiTokens.tokenHash,
          set: { revokedAt: null, scopes: ['admin', 'publish'], namespacePattern: '*' },
        });
    });
  }
}

/** Who manages tokens: the calling token, the user or org it speaks for, and the orgs the user is an admin of now. */
export interface TokenOwner {
  tokenId: string;
  userId?: string;
  orgId?: string;
  adminOf: string[];
}

/**
 * The caller's tokens: itself, the user's personal tokens, and those it minted for its own owner
 * (an org token: that org; otherwise no org's); an org's token it minted only while it is still an
 * admin there (the org's own routes are the way to its tokens).
 */
function ownedBy(owner: TokenOwner) {
  const sameOwner = owner.orgId ? eq(apiTokens.orgId, owner.orgId) : isNull(apiTokens.orgId);
  return or(
    eq(apiTokens.id, owner.tokenId),
    and(
      eq(apiTokens.createdByTokenId, owner.tokenId),
      owner.adminOf.length > 0 ? or(sameOwner, inArray(apiTokens.orgId, owner.adminOf)) : sameOwner,
    ),
    owner.userId ? and(eq(apiTokens.userId, owner.userId), eq(apiTokens.kind, 'api')) : undefined,
  );
}

/** A token as minted: what the database keeps of it, and who it belongs to and descends from. */
export interface NewToken {
  tokenHash: string;
  tokenPrefix: string;
  namespacePattern: string;
  scopes: TokenScope[];
  description?: string;
  expiresAt?: Date;
  createdByTokenId?: string;
  parentId?: string;
  userId?: string;
  orgId?: string;
}

/** Who did it, as the audit log names them, and what to add to the entry. */
export interface TokenAudit {
  actor: string;
  userId?: string;
  tokenId?: string;
  detail?: Record<string, unknown>;
}

/** An audit entry about a token, in its org's log when it is an org's. */
const auditRow = (a: TokenAudit, action: string, target: string, orgId: string | null) => ({
  actor: a.actor,
  actorUserId: a.userId,
  actorTokenId: a.tokenId,
  orgId,
  action,
  target,
  detail: a.detail ?? null,
});
