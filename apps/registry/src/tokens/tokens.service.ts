import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  type CreateTokenInput,
  HubError,
  type Principal,
  type TokenUsesView,
  actorOf,
  forbidden,
  isAdmin,
  namespacePatternProblems,
  namespacePatternWithin,
  notFound,
  roleAtLeast,
  unauthorized,
} from '@mcp-hub/domain';
import { Clock } from '@mcp-hub/http';
import { Credentials, TokenLiveness, TokenUses, hashToken } from '@mcp-hub/auth';
import { type TokenAudit, type TokenOwner, type TokenRecord, TokenRepository } from './token.repository';

export const TOKEN_PREFIX = 'mcphub_';

export interface CreatedToken extends TokenRecord {
  /** The only time the token itself is ever returned. */
  token: string;
}

/** A fresh token, what the database keeps of it (its hash) and what lists show (its first characters). */
export function newTokenSecret(): { token: string; tokenHash: string; tokenPrefix: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token), tokenPrefix: token.slice(0, TOKEN_PREFIX.length + 6) };
}

/**
 * A token may mint tokens for its holder's work (CI, a colleague's laptop): never more than it
 * has, so no "admin", only scopes it has itself, inside its own namespace pattern.
 */
function assertMayDelegate(input: CreateTokenInput, by: Principal): void {
  if (!by.scopes.includes('publish')) throw forbidden('This token has no "publish" scope, so it cannot mint tokens.');
  if (input.scopes.includes('admin')) throw forbidden('Only an admin token can mint an "admin" token.');
  const beyond = input.scopes.filter((scope) => !by.scopes.includes(scope));
  if (beyond.length > 0)
    throw forbidden(
      `A token can only mint tokens with scopes it has itself (${by.scopes.join(', ')}); ${beyond.map((s) => `"${s}"`).join(', ')} reaches beyond them.`,
    );
  if (!by.namespaces.some((pattern) => namespacePatternWithin(input.namespace, pattern))) {
    throw forbidden(
      `You may only mint tokens inside ${by.namespaces.map((n) => `"${n}"`).join(', ') || 'your namespaces (you have none yet)'}; "${input.namespace}" reaches outside.`,
    );
  }
}

/** Whose tokens a caller manages: for the personal routes, with the orgs it is an admin of now. */
function ownerOf(by: Principal): TokenOwner {
  const adminOf = [...by.memberships].filter(([, role]) => roleAtLeast(role, 'admin')).map(([orgId]) => orgId);
  return { tokenId: by.tokenId, userId: by.userId, orgId: by.orgId, adminOf };
}

const auditOf = (by: Principal | undefined, detail?: Record<string, unknown>): TokenAudit => ({
  actor: by ? actorOf(by) : 'system',
  userId: by?.userId,
  tokenId: by?.tokenId,
  detail,
});

@Injectable()
export class TokensService {
  constructor(
    private readonly repo: TokenRepository,
    private readonly clock: Clock,
    private readonly credentials: Credentials,
    private readonly tokenUses: TokenUses,
    private readonly liveness: TokenLiveness,
  ) {}

  /**
   * A token minted on an authority the route has checked: an instance admin's (any token, a
   * user's personal one), an org's rules (an org token), the operator's CLI (no `createdBy`).
   */
  async create(
    input: CreateTokenInput,
    createdBy?: Principal,
    owner: { userId?: string; orgId?: string } = {},
    detail?: Record<string, unknown>,
  ): Promise<CreatedToken> {
    return this.insert(input, createdBy, owner, undefined, detail);
  }

  /**
   * A token minted by the caller for itself (POST /api/v1/tokens): it has the caller's owner (its
   * org, its user, or none). Anyone but an instance admin delegates: no more than it has, and an
   * API token's child is revoked with it.
   */
  async delegate(input: CreateTokenInput, by: Principal): Promise<CreatedToken> {
    const owner = by.orgId ? { orgId: by.orgId } : by.userId ? { userId: by.userId } : {};
    if (isAdmin(by)) return this.insert(input, by, owner);
    assertMayDelegate(input, by);
    return this.insert(input, by, owner, by.apiTokenId);
  }

  private async insert(
    input: CreateTokenInput,
    createdBy: Principal | undefined,
    owner: { userId?: string; orgId?: string },
    parentId?: string,
    detail?: Record<string, unknown>,
  ): Promise<CreatedToken> {
    const problems = namespacePatternProblems(input.namespace);
    if (problems.length > 0) throw new HubError('bad_request', problems[0]!.message, problems);
    // An admin can mint tokens and edit anything, so a namespace limit on it would be a false promise.
    if (input.scopes.includes('admin') && input.namespace !== '*') {
      throw new HubError(
        'bad_request',
        'An "admin" token covers the whole registry: give it the namespace "*", or drop the "admin" scope.',
        [
          {
            location: 'body.namespace',
            message: 'must be "*" for a token with the "admin" scope',
            value: input.namespace,
          },
        ],
      );
    }
    if (input.scopes.includes('admin') && owner.userId)
      throw forbidden('A personal token cannot have the "admin" scope.');
    const { token, tokenHash, tokenPrefix } = newTokenSecret();
    const now = this.clock.now();
    const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : undefined;
    const scopes = [...new Set(input.scopes)];
    const record = await this.repo.mint(
      {
        tokenHash,
        tokenPrefix,
        namespacePattern: input.namespace,
        scopes,
        description: input.description,
        expiresAt,
        createdByTokenId: createdBy?.tokenId,
        parentId,
        ...owner,
      },
      // A JWT from a sign-in or a proof stands for no stored token; any other credential must still be live.
      {
        minterId: createdBy && !(createdBy.jwt && !createdBy.jwt.tid) ? createdBy.tokenId : undefined,
        at: now,
        audit: auditOf(createdBy, { scopes, namespace: input.namespace, ...detail }),
      },
    );
    if (!record) throw unauthorized('The token this credential stands for was revoked or has expired.');
    return { ...record, token };
  }

  /** An admin sees every token; anyone else sees their own token and the ones it minted. */
  list(viewer?: Principal): Promise<TokenRecord[]> {
    return this.repo.list(viewer && !isAdmin(viewer) ? ownerOf(viewer) : undefined);
  }

  /**
   * Revokes a token and every token delegated from it: any for an admin (or the CLI), within
   * `orgId` that org's, otherwise one the caller manages. Another's token answers 404, exactly
   * like one that does not exist. Its JWTs stop working at once here, and in other processes as
   * soon as they hear of it.
   */
  async revoke(id: string, by?: Principal, orgId?: string): Promise<void> {
    const scope = orgId ? { orgId } : by && !isAdmin(by) ? { owner: ownerOf(by) } : {};
    const revoked = await this.repo.revoke(id, this.clock.now(), scope, auditOf(by));
    this.liveness.forget(revoked);
    if (revoked.length === 0)
      throw notFound(orgId ? `No active token ${id} in this organization` : `No active token with id ${id}`);
  }

  /**
   * A token's uses over the last `days`: for an admin any token's, for anyone else the tokens they
   * may list (others answer 404); within `orgId`, only that org's tokens. This process's pending
   * counts are written first, so the answer includes the request just made.
   */
  async uses(
    id: string,
    query: { days: number; limit: number },
    scope: { by?: Principal; orgId?: string },
  ): Promise<TokenUsesView> {
    const owner = scope.by && !scope.orgId && !isAdmin(scope.by) ? ownerOf(scope.by) : undefined;
    const token = await this.repo.findVisible(id, { owner, orgId: scope.orgId });
    if (!token) throw notFound(`No token with id ${id}`);
    await this.tokenUses.flush();
    return this.repo.uses(token.id, new Date(this.clock.now().getTime() - query.days * 86_400_000), query.limit);
  }

  /** Resolves a presented token to a principal, or undefined when unknown, revoked or expired. */
  authenticate(token: string): Promise<Principal | undefined> {
    return this.credentials.authenticate(token);
  }

  /** No part of the secret is stored: the list shows a fixed label instead of a prefix. */
  async ensureBootstrapToken(token: string): Promise<void> {
    await this.repo.ensureBootstrap(hashToken(token), 'bootstrap', this.clock.now());
    this.liveness.forget();
  }

  /** Unsetting HUB_BOOTSTRAP_TOKEN retires the token it had made. */
  async retireBootstrapTokens(): Promise<number> {
    const retired = await this.repo.revokeBootstrap(this.clock.now());
    this.liveness.forget();
    return retired;
  }
}
