import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, apiTokens, users, verifiedNamespaces } from '@mcp-hub/db';
import { HubError, githubNamespaces } from '@mcp-hub/domain';
import { Clock, HUB_DB, type MintClaims, type Principal, RegistryJwt, TokenLiveness } from '@mcp-hub/http';
import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { GitHubIdentity } from '../github';
import type { NamespaceProof } from '../namespace-proof';
import { AuditService } from '../orgs/audit.service';
import { newTokenSecret } from '../tokens/tokens.service';

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
    @Inject(HUB_DB) private readonly db: HubDatabase,
    private readonly jwt: RegistryJwt,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly liveness: TokenLiveness,
  ) {}

  /**
   * Records a GitHub identity: the user (by GitHub's stable id; a renamed login follows), their
   * organisations as of now, and `io.github.<login>` as a namespace verified to them.
   */
  async upsertGitHubUser(identity: GitHubIdentity): Promise<SignedIn['user']> {
    const now = this.clock.now();
    const login = identity.login.toLowerCase();
    const githubOrgs = [...new Set(identity.orgs.map((o) => o.toLowerCase()))].sort();
    return this.db.transaction(async (tx) => {
      // An admin-made user with this login (air-gapped instances) becomes this GitHub account.
      const [existing] = await tx
        .select({ id: users.id })
        .from(users)
        .where(or(eq(users.githubId, identity.id), and(eq(users.login, login), isNull(users.githubId))))
        .orderBy(sql`${users.githubId} is null`)
        .limit(1);
      const values = { login, githubId: identity.id, name: identity.name, avatarUrl: identity.avatarUrl, githubOrgs, lastSignInAt: now };
      let id: string;
      if (existing) {
        // A rename on GitHub: the old login's row (another account since) must give way.
        await tx.delete(users).where(and(eq(users.login, login), sql`${users.id} <> ${existing.id}`, isNull(users.githubId)));
        await tx.update(users).set(values).where(eq(users.id, existing.id));
        id = existing.id;
      } else {
        const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.login, login)).limit(1);
        // The login belonged to another GitHub account that has since been renamed away.
        if (taken) await tx.update(users).set({ login: `${login}~${taken.id.slice(0, 8)}` }).where(eq(users.id, taken.id));
        const [row] = await tx.insert(users).values(values).returning({ id: users.id });
        id = row!.id;
      }
      await tx
        .insert(verifiedNamespaces)
        .values({ namespace: `io.github.${login}`, method: 'github', verifiedAt: now, userId: id })
        .onConflictDoUpdate({ target: verifiedNamespaces.namespace, set: { method: 'github', verifiedAt: now, userId: id }, where: isNull(verifiedNamespaces.orgId) });
      return { id, login, name: identity.name, avatarUrl: identity.avatarUrl, githubOrgs };
    });
  }

  /** Signs a GitHub identity in: the user, and a session credential for them. */
  async signIn(identity: GitHubIdentity, how: 'github-web' | 'github-device'): Promise<SignedIn> {
    const user = await this.upsertGitHubUser(identity);
    const { token, tokenHash, tokenPrefix } = newTokenSecret();
    const expiresAt = new Date(this.clock.now().getTime() + SESSION_DAYS * 86_400_000);
    const [row] = await this.db
      .insert(apiTokens)
      .values({
        tokenHash,
        tokenPrefix,
        namespacePattern: '*',
        scopes: ['read', 'publish'],
        description: how === 'github-web' ? 'Web sign-in (GitHub)' : 'mcpm login (GitHub device flow)',
        expiresAt,
        userId: user.id,
        kind: 'session',
      })
      .returning({ id: apiTokens.id });
    await this.audit.record(undefined, 'user.signed-in', `user:${user.login}`, null, { method: how, session: row!.id });
    return { user, token, tokenId: row!.id, expiresAt };
  }

  /** Upstream's github-at exchange: a GitHub access token becomes a JWT for the holder's io.github namespaces. */
  async registryTokenForGitHub(identity: GitHubIdentity): Promise<RegistryToken> {
    const user = await this.upsertGitHubUser(identity);
    const minted = await this.jwt.mint({
      sub: user.id,
      auth_method: 'github-at',
      auth_method_sub: user.login,
      permissions: githubNamespaces({ login: user.login, orgs: user.githubOrgs }).map((resource) => ({ action: 'publish', resource })),
      scp: ['read', 'publish'],
      uid: user.id,
    });
    // The JWT belongs to no API token, so its uses are not counted per token: its issue is on record here.
    await this.audit.record(undefined, 'user.signed-in', `user:${user.login}`, null, { method: 'github-at', jwt: minted.claims.jti });
    return tokenView(minted);
  }

  /**
   * A DNS or HTTP proof becomes a JWT for the domain's namespaces, and the namespace is marked
   * verified (its badge). An org's namespace stays the org's: a proof by anyone else verifies it
   * anew but does not move it.
   */
  async registryTokenForProof(proof: NamespaceProof): Promise<RegistryToken> {
    await this.recordProof(proof, undefined);
    return this.registryToken({
      sub: `domain:${proof.domain}`,
      auth_method: proof.method,
      auth_method_sub: proof.domain,
      permissions: proof.namespaces.map((resource) => ({ action: 'publish', resource })),
      scp: ['publish'],
    });
  }

  /** Marks the proven namespace verified; with `orgId`, the org now owns it (the proof is the authority). */
  async recordProof(proof: NamespaceProof, orgId: string | undefined, by?: Principal): Promise<string> {
    const namespace = proof.namespaces[0]!.replace(/\/\*$/, '');
    const now = this.clock.now();
    const values = { namespace, method: proof.method, verifiedAt: now, ...(orgId ? { orgId } : {}) };
    await this.db
      .insert(verifiedNamespaces)
      .values(values)
      .onConflictDoUpdate({ target: verifiedNamespaces.namespace, set: orgId ? { method: proof.method, verifiedAt: now, orgId, userId: null } : { method: proof.method, verifiedAt: now } });
    await this.audit.record(by, 'namespace.verified', namespace, orgId ?? null, { method: proof.method, domain: proof.domain });
    return namespace;
  }

  /** A JWT for a principal that authenticated with a long-lived credential (refresh). */
  async registryTokenFor(p: Principal): Promise<RegistryToken> {
    if (p.jwt) throw new HubError('bad_request', 'This is already a short-lived token: send the long-lived credential (an API token or a sign-in session) to get a new one.');
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
    if (p.jwt || p.kind !== 'session') throw new HubError('bad_request', 'Only a sign-in session can be signed out; revoke API tokens at DELETE /api/v1/tokens/{id}.');
    await this.db.update(apiTokens).set({ revokedAt: this.clock.now() }).where(eq(apiTokens.id, p.tokenId));
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
