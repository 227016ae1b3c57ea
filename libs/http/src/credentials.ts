import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, apiTokens, orgMembers, users } from '@mcp-hub/db';
import { ANONYMOUS, type OrgRole, type TokenScope, type Viewer, unauthorized } from '@mcp-hub/domain';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { Clock } from './clock';
import { HUB_DB } from './tokens';

/** Who is calling: resolved from a bearer token, fresh on every request (role changes apply at once). */
export interface Principal {
  tokenId: string;
  namespacePattern: string;
  scopes: TokenScope[];
  /** The user the token acts for (a personal token). */
  userId?: string;
  login?: string;
  /** The org the token belongs to (an org token). */
  orgId?: string;
  /** The user's organizations and roles, as the database says now. */
  memberships: Map<string, OrgRole>;
  /** Whose private servers this caller sees. */
  viewer: Viewer;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Turns an Authorization header into a Principal. Shared by every service (Registry, Search), so
 * what a token may see is decided in one place.
 */
@Injectable()
export class Credentials {
  constructor(
    @Inject(HUB_DB) private readonly db: HubDatabase,
    private readonly clock: Clock,
  ) {}

  /** A valid header's principal; no header: undefined; anything else: 401. */
  async fromHeader(header: string | undefined): Promise<Principal | undefined> {
    if (!header) return undefined;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized('Authorization header must be "Bearer <token>".');
    const principal = await this.authenticate(match[1]!);
    if (!principal) throw unauthorized('Invalid, expired or revoked token.');
    return principal;
  }

  async viewerOf(header: string | undefined): Promise<Viewer> {
    return (await this.fromHeader(header))?.viewer ?? ANONYMOUS;
  }

  /** Resolves a presented token to a principal, or undefined when unknown, revoked or expired. */
  async authenticate(token: string): Promise<Principal | undefined> {
    const [record] = await this.db
      .select({
        id: apiTokens.id,
        namespacePattern: apiTokens.namespacePattern,
        scopes: apiTokens.scopes,
        expiresAt: apiTokens.expiresAt,
        revokedAt: apiTokens.revokedAt,
        userId: apiTokens.userId,
        orgId: apiTokens.orgId,
      })
      .from(apiTokens)
      .where(eq(apiTokens.tokenHash, hashToken(token)))
      .limit(1);
    const now = this.clock.now();
    if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return undefined;
    await this.touch(record.id, now);
    const base = { tokenId: record.id, namespacePattern: record.namespacePattern, scopes: record.scopes as TokenScope[] };
    if (record.orgId) return { ...base, orgId: record.orgId, memberships: new Map(), viewer: { all: false, orgs: [record.orgId] } };
    if (record.userId) {
      const [user] = await this.db.select({ login: users.login }).from(users).where(eq(users.id, record.userId)).limit(1);
      if (!user) return undefined;
      const rows = await this.db.select({ orgId: orgMembers.orgId, role: orgMembers.role }).from(orgMembers).where(eq(orgMembers.userId, record.userId));
      const memberships = new Map(rows.map((r) => [r.orgId, r.role as OrgRole]));
      return { ...base, userId: record.userId, login: user.login, memberships, viewer: { all: false, orgs: [...memberships.keys()] } };
    }
    return { ...base, memberships: new Map(), viewer: { all: base.scopes.includes('admin'), orgs: [] } };
  }

  /** Records use at most once a minute per token, so reads never turn into a write per request. */
  private async touch(id: string, at: Date): Promise<void> {
    const stale = new Date(at.getTime() - 60_000);
    await this.db
      .update(apiTokens)
      .set({ lastUsedAt: at })
      .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale))));
  }
}
