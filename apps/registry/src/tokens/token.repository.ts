import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, apiTokens } from '@mcp-hub/db';
import type { TokenScope } from '@mcp-hub/domain';
import { HUB_DB } from '@mcp-hub/http';
import { and, desc, eq, isNull, lt, ne, or } from 'drizzle-orm';

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

  /** Every instance token (no org's), or (with `ownerId`) that token and the ones it minted. */
  async list(ownerId?: string): Promise<TokenRecord[]> {
    const where = ownerId === undefined ? isNull(apiTokens.orgId) : or(eq(apiTokens.id, ownerId), eq(apiTokens.createdByTokenId, ownerId));
    return (await this.db.select(cols).from(apiTokens).where(and(where, eq(apiTokens.kind, 'api'))).orderBy(desc(apiTokens.createdAt))) as TokenRecord[];
  }

  /** An org's tokens, newest first. */
  async listForOrg(orgId: string): Promise<TokenRecord[]> {
    return (await this.db.select(cols).from(apiTokens).where(eq(apiTokens.orgId, orgId)).orderBy(desc(apiTokens.createdAt))) as TokenRecord[];
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

  /** Revokes `id`; with `ownerId`, only if it is that token or one it minted. */
  async revoke(id: string, at: Date, ownerId?: string): Promise<boolean> {
    const rows = await this.db
      .update(apiTokens)
      .set({ revokedAt: at })
      .where(
        and(
          eq(apiTokens.id, id),
          isNull(apiTokens.revokedAt),
          ownerId === undefined ? undefined : or(eq(apiTokens.id, ownerId), eq(apiTokens.createdByTokenId, ownerId)),
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
