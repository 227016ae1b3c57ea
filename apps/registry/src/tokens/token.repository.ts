import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, apiTokens, tokenUses } from '@mcp-hub/db';
import type { TokenScope, TokenUsesView } from '@mcp-hub/domain';
import { HUB_DB } from '@mcp-hub/http';
import { and, desc, eq, gte, isNull, lt, ne, or, sql } from 'drizzle-orm';

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

  async insert(t: {
    tokenHash: string;
    tokenPrefix: string;
    namespacePattern: string;
    scopes: TokenScope[];
    description?: string;
    expiresAt?: Date;
    createdByTokenId?: string;
    userId?: string;
    orgId?: string;
  }): Promise<TokenRecord> {
    const [row] = await this.db.insert(apiTokens).values(t).returning(cols);
    return row as TokenRecord;
  }

  async findByHash(hash: string): Promise<TokenRecord | undefined> {
    const [row] = await this.db.select(cols).from(apiTokens).where(eq(apiTokens.tokenHash, hash)).limit(1);
    return row as TokenRecord | undefined;
  }

  /** Every instance token (no org's), or (with `owner`) that token, the ones it minted and the user's personal tokens. */
  async list(owner?: TokenOwner): Promise<TokenRecord[]> {
    const where = owner === undefined ? isNull(apiTokens.orgId) : ownedBy(owner);
    return (await this.db.select(cols).from(apiTokens).where(and(where, eq(apiTokens.kind, 'api'))).orderBy(desc(apiTokens.createdAt))) as TokenRecord[];
  }

  /** An org's tokens, newest first. */
  async listForOrg(orgId: string): Promise<TokenRecord[]> {
    return (await this.db.select(cols).from(apiTokens).where(eq(apiTokens.orgId, orgId)).orderBy(desc(apiTokens.createdAt))) as TokenRecord[];
  }

  /** Token `id` if the caller may see it: any for an admin (no owner), else as for list; within an org, only that org's. */
  async findVisible(id: string, scope: { owner?: TokenOwner; orgId?: string }): Promise<TokenRecord | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = await this.db
      .select(cols)
      .from(apiTokens)
      .where(and(eq(apiTokens.id, id), scope.orgId ? eq(apiTokens.orgId, scope.orgId) : undefined, scope.owner ? ownedBy(scope.owner) : undefined))
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
      uses: rows.map((r) => ({ minute: r.minute.toISOString(), requests: r.requests, writes: r.writes, refused: r.refused, lastAt: r.lastAt.toISOString(), ip: r.ip, userAgent: r.userAgent })),
    };
  }

  /** Revokes one of an org's tokens. */
  async revokeForOrg(orgId: string, id: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: at })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.orgId, orgId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return rows.length > 0;
  }

  /** Revokes `id`; with `owner`, only if it is that token, one it minted or one of the user's personal tokens. */
  async revoke(id: string, at: Date, owner?: TokenOwner): Promise<boolean> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: at })
      .where(
        and(
          eq(apiTokens.id, id),
          isNull(apiTokens.revokedAt),
          owner === undefined ? undefined : ownedBy(owner),
        ),
      )
      .returning({ id: apiTokens.id });
    return rows.length > 0;
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
        .where(and(eq(apiTokens.description, BOOTSTRAP_DESCRIPTION), ne(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)));
      await tx
        .insert(apiTokens)
        .values({ tokenHash: hash, tokenPrefix: prefix, namespacePattern: '*', scopes: ['admin', 'publish'], description: BOOTSTRAP_DESCRIPTION })
        .onConflictDoUpdate({ target: apiTokens.tokenHash, set: { revokedAt: null, scopes: ['admin', 'publish'], namespacePattern: '*' } });
    });
  }
}

/** Who manages tokens: the calling token, and the user it speaks for. */
export interface TokenOwner {
  tokenId: string;
  userId?: string;
}

function ownedBy(owner: TokenOwner) {
  return or(
    eq(apiTokens.id, owner.tokenId),
    eq(apiTokens.createdByTokenId, owner.tokenId),
    owner.userId ? and(eq(apiTokens.userId, owner.userId), eq(apiTokens.kind, 'api')) : undefined,
  );
}
