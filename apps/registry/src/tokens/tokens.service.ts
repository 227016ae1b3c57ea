import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type CreateTokenInput, HubError, type TokenUsesView, forbidden, namespacePatternProblems, namespacePatternWithin, notFound } from '@mcp-hub/domain';
import { Clock, Credentials, TokenUses, hashToken } from '@mcp-hub/http';
import { type Principal, isAdmin } from '../auth/principal';
import { type TokenRecord, TokenRepository } from './token.repository';

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
 * A publisher may mint tokens for its own work (CI, a colleague's laptop): never more than it has,
 * so only "publish", inside its own namespace pattern.
 */
function assertMayDelegate(input: CreateTokenInput, by: Principal): void {
  if (!by.scopes.includes('publish')) throw forbidden('This token has no "publish" scope, so it cannot mint tokens.');
  if (input.scopes.includes('admin')) throw forbidden('Only an admin token can mint an "admin" token.');
  if (!by.namespaces.some((pattern) => namespacePatternWithin(input.namespace, pattern))) {
    throw forbidden(`You may only mint tokens inside ${by.namespaces.map((n) => `"${n}"`).join(', ') || 'your namespaces (you have none yet)'}; "${input.namespace}" reaches outside.`);
  }
}

@Injectable()
export class TokensService {
  constructor(
    private readonly repo: TokenRepository,
    private readonly clock: Clock,
    private readonly credentials: Credentials,
    private readonly tokenUses: TokenUses,
  ) {}

  async create(input: CreateTokenInput, createdBy?: Principal, owner: { userId?: string; orgId?: string } = {}): Promise<CreatedToken> {
    const problems = namespacePatternProblems(input.namespace);
    if (problems.length > 0) throw new HubError('bad_request', problems[0]!.message, problems);
    // An admin can mint tokens and edit anything, so a namespace limit on it would be a false promise.
    if (input.scopes.includes('admin') && input.namespace !== '*') {
      throw new HubError('bad_request', 'An "admin" token covers the whole registry: give it the namespace "*", or drop the "admin" scope.', [
        { location: 'body.namespace', message: 'must be "*" for a token with the "admin" scope', value: input.namespace },
      ]);
    }
    if (input.scopes.includes('admin') && owner.userId) throw forbidden('A personal token cannot have the "admin" scope.');
    // Org tokens are authorized by the org's rules (OrgsService); instance tokens by delegation.
    if (createdBy && !isAdmin(createdBy) && !owner.orgId) assertMayDelegate(input, createdBy);
    const { token, tokenHash, tokenPrefix } = newTokenSecret();
    const expiresAt = input.expiresInDays ? new Date(this.clock.now().getTime() + input.expiresInDays * 86_400_000) : undefined;
    const record = await this.repo.insert({
      tokenHash,
      tokenPrefix,
      namespacePattern: input.namespace,
      scopes: [...new Set(input.scopes)],
      description: input.description,
      expiresAt,
      createdByTokenId: createdBy?.tokenId,
      userId: owner.userId,
      orgId: owner.orgId,
    });
    return { ...record, token };
  }

  /** An admin sees every token; anyone else sees their own token and the ones it minted. */
  list(viewer?: Principal): Promise<TokenRecord[]> {
    return this.repo.list(viewer && !isAdmin(viewer) ? { tokenId: viewer.tokenId, userId: viewer.userId } : undefined);
  }

  /** Another publisher's token answers 404, exactly like a token that does not exist. */
  async revoke(id: string, by?: Principal): Promise<void> {
    const owner = by && !isAdmin(by) ? { tokenId: by.tokenId, userId: by.userId } : undefined;
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) || !(await this.repo.revoke(id, this.clock.now(), owner))) {
      throw notFound(`No active token with id ${id}`);
    }
  }

  /**
   * A token's uses over the last `days`: for an admin any token's, for anyone else the tokens they
   * may list (others answer 404); within `orgId`, only that org's tokens. This process's pending
   * counts are written first, so the answer includes the request just made.
   */
  async uses(id: string, query: { days: number; limit: number }, scope: { by?: Principal; orgId?: string }): Promise<TokenUsesView> {
    const owner = scope.by && !scope.orgId && !isAdmin(scope.by) ? { tokenId: scope.by.tokenId, userId: scope.by.userId } : undefined;
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
  }

  /** Unsetting HUB_BOOTSTRAP_TOKEN retires the token it had made. */
  async retireBootstrapTokens(): Promise<number> {
    return this.repo.revokeBootstrap(this.clock.now());
  }
}
