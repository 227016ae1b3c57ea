import { Injectable } from '@nestjs/common';
import { HubError, type MintClaims, type Principal, githubNamespaces } from '@mcp-hub/domain';
import { Clock } from '@mcp-hub/http';
import { RegistryJwt, TokenLiveness } from '@mcp-hub/auth';
import type { GitHubIdentity } from '../github';
import type { NamespaceProof } from '../namespaces/namespace-proof.verifier';
import { NamespacesService } from '../namespaces/namespaces.service';
import { AuditService } from '../audit/audit.service';
import { newTokenSecret } from '../tokens/tokens.service';
import { IdentityRepository } from './identity.repository';

/** A GitHub sign-in's long-lived credential (web session, `mcpm login`): revocable, shown once. */
export const SESSION_DAYS = 30;

export interface SignedIn {
  user: { id: string; login: string; name: string | null; avatarUrl: string | null; githubOrgs: string[] };
  /** The session credential; exchange it for short-lived JWTs at POST /api/v1/auth/token. */
  token: string;
  tokenId: string;
  expiresAt: Date;
}

export interface RegistryToken {
  /** Upstream's field names, so mcp-publisher reads them. */
  registry_token: string;
  /** Unix seconds. */
  expires_at: number;
}

/**
 * Who people are: GitHub identities become Hub users (with their io.github namespaces), namespace
 * proofs and credentials become short-lived registry JWTs.
 */
@Injectable()
export class IdentityService {
  constructor(
    private readonly repo: IdentityRepository,
    private readonly namespaces: NamespacesService,
    private readonly jwt: RegistryJwt,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly liveness: TokenLiveness,
  ) {}

  /** How long the registry JWTs handed out here live. */
  get jwtTtlSeconds(): number {
    return this.jwt.ttlSeconds;
  }

  /**
   * Records a GitHub identity: the user (by GitHub's stable id; a renamed login follows), their
   * organisations as of now, and `io.github.<login>` as a namespace verified to them.
   */
  async upsertGitHubUser(identity: GitHubIdentity): Promise<SignedIn['user']> {
    const login = identity.login.toLowerCase();
    const githubOrgs = [...new Set(identity.orgs.map((o) => o.toLowerCase()))].sort();
    const id = await this.repo.upsertGitHubUser(
      { login, githubId: identity.id, name: identity.name, avatarUrl: identity.avatarUrl, githubOrgs },
      this.clock.now(),
    );
    return { id, login, name: identity.name, avatarUrl: identity.avatarUrl, githubOrgs };
  }

  /** Signs a GitHub identity in: the user, and a session credential for them. */
  async signIn(identity: GitHubIdentity, how: 'github-web' | 'github-device'): Promise<SignedIn> {
    const user = await this.upsertGitHubUser(identity);
    const { token, tokenHash, tokenPrefix } = newTokenSecret();
    const expiresAt = new Date(this.clock.now().getTime() + SESSION_DAYS * 86_400_000);
    const tokenId = await this.repo.insertSession({
      tokenHash,
      tokenPrefix,
      description: how === 'github-web' ? 'Web sign-in (GitHub)' : 'mcpm login (GitHub device flow)',
      expiresAt,
      userId: user.id,
    });
    await this.audit.record(undefined, 'user.signed-in', `user:${user.login}`, null, { method: how, session: tokenId });
    return { user, token, tokenId, expiresAt };
  }

  /** Upstream's github-at exchange: a GitHub access token becomes a JWT for the holder's io.github namespaces. */
  async registryTokenForGitHub(identity: GitHubIdentity): Promise<RegistryToken> {
    const user = await this.upsertGitHubUser(identity);
    const minted = await this.jwt.mint({
      sub: user.id,
      auth_method: 'github-at',
      auth_method_sub: user.login,
      permissions: githubNamespaces({ login: user.login, orgs: user.githubOrgs }).map((resource) => ({
        action: 'publish',
        resource,
      })),
      scp: ['read', 'publish'],
      uid: user.id,
    });
    // The JWT belongs to no API token, so its uses are not counted per token: its issue is on record here.
    await this.audit.record(undefined, 'user.signed-in', `user:${user.login}`, null, {
      method: 'github-at',
      jwt: minted.claims.jti,
    });
    return tokenView(minted);
  }

  /**
   * A DNS or HTTP proof becomes a JWT for the domain's namespaces, and the namespace is marked
   * verified (its badge). An org's namespace stays the org's: a proof by anyone else verifies it
   * anew but does not move it.
   */
  async registryTokenForProof(proof: NamespaceProof): Promise<RegistryToken> {
    await this.namespaces.recordProof(proof, undefined);
    return this.registryToken({
      sub: `domain:${proof.domain}`,
      auth_method: proof.method,
      auth_method_sub: proof.domain,
      permissions: proof.namespaces.map((resource) => ({ action: 'publish', resource })),
      scp: ['publish'],
    });
  }

  /** A JWT for a principal that authenticated with a long-lived credential (refresh). */
  async registryTokenFor(p: Principal): Promise<RegistryToken> {
    if (p.jwt)
      throw new HubError(
        'bad_request',
        'This is already a short-lived token: send the long-lived credential (an API token or a sign-in session) to get a new one.',
      );
    return this.registryToken({
      sub: p.userId ?? p.orgId ?? p.tokenId,
      auth_method: 'token',
      auth_method_sub: p.tokenId,
      permissions: p.namespaces.map((resource) => ({ action: 'publish', resource })),
      scp: p.scopes,
      tid: p.tokenId,
      ...(p.userId ? { uid: p.userId } : {}),
      ...(p.orgId ? { oid: p.orgId } : {}),
    });
  }

  /** Ends a sign-in session (sign out): its credential is revoked at once. */
  async signOut(p: Principal): Promise<void> {
    if (p.jwt || p.kind !== 'session')
      throw new HubError(
        'bad_request',
        'Only a sign-in session can be signed out; revoke API tokens at DELETE /api/v1/tokens/{id}.',
      );
    await this.repo.revokeSession(p.tokenId, this.clock.now());
    // The JWTs refreshed from it end with it.
    this.liveness.forget([p.tokenId]);
  }

  private async registryToken(claims: MintClaims): Promise<RegistryToken> {
    return tokenView(await this.jwt.mint(claims));
  }
}

/** A minted JWT as the official API answers it: the token and its expiry in Unix seconds. */
function tokenView(minted: { token: string; expiresAt: Date }): RegistryToken {
  return { registry_token: minted.token, expires_at: Math.floor(minted.expiresAt.getTime() / 1000) };
}
