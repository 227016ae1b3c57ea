import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  ANONYMOUS,
  type OrgRole,
  type Principal,
  type RegistryClaims,
  type TokenScope,
  type Viewer,
  githubNamespaces,
  unauthorized,
  verifiedNamespacePatterns,
} from '@mcp-hub/domain';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { Clock, clientAddress } from '@mcp-hub/http';
import type { FastifyRequest } from 'fastify';
import { CredentialsRepository } from './credentials.repository';
import { TokenLiveness, type TokenState } from './token-liveness';
import { type TokenUse, TokenUses } from './token-uses';
import { RegistryJwt } from './registry-jwt';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Turns an Authorization header into a Principal. Shared by every service (Registry, Search), so
 * what a token may see is decided in one place.
 */
const TOUCH_EVERY_MS = 60_000;

/** A user as read once per request: their GitHub identity and org roles. */
interface KnownUser {
  login: string;
  githubId: number | null;
  githubOrgs: string[];
  memberships: Map<string, OrgRole>;
}

@Injectable()
export class Credentials {
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly repo: CredentialsRepository,
    private readonly clock: Clock,
    private readonly jwt: RegistryJwt,
    private readonly uses: TokenUses,
    private readonly liveness: TokenLiveness,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  /**
   * The principal of a request's Authorization header; no header: undefined; anything else: 401.
   * Each request a known token is presented with is counted as one of its uses (TokenUses).
   */
  async fromRequest(request: FastifyRequest): Promise<Principal | undefined> {
    const header = request.headers.authorization;
    if (!header) return undefined;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized('Authorization header must be "Bearer <token>".');
    const agent = request.headers['user-agent'];
    const use = {
      ip: clientAddress(request, this.config.rateLimit.trustProxy).replace(/^::ffff:(?=\d+\.)/, ''),
      userAgent: Array.isArray(agent) ? agent[0] : agent,
      write: request.method !== 'GET' && request.method !== 'HEAD',
    };
    const principal = await this.authenticate(match[1]!, use);
    if (!principal) throw unauthorized('Invalid, expired or revoked token.');
    return principal;
  }

  async viewerOf(request: FastifyRequest): Promise<Viewer> {
    return (await this.fromRequest(request))?.viewer ?? ANONYMOUS;
  }

  /**
   * Resolves a presented token (API token, session or registry JWT) to a principal, or undefined
   * when unknown, revoked or expired. With `use`, the request is counted against the token: a JWT's
   * against the token it was minted from, a revoked or expired token's as refused.
   */
  async authenticate(token: string, use?: Omit<TokenUse, 'refused'>): Promise<Principal | undefined> {
    if (RegistryJwt.looksLikeJwt(token)) {
      const claims = await this.jwt.verify(token);
      if (!claims) return undefined;
      // The token it was minted from must still be live: revoking a token ends its JWTs.
      const parent = claims.tid ? await this.liveness.live(claims.tid) : undefined;
      if (claims.tid && use) this.uses.record(claims.tid, { ...use, refused: !parent });
      if (claims.tid && !parent) return undefined;
      return this.fromJwt(claims, parent);
    }
    const record = await this.repo.byHash(hashToken(token));
    const now = this.clock.now();
    if (!record) return undefined;
    const refused = record.revokedAt !== null || (record.expiresAt !== null && record.expiresAt <= now);
    if (use) this.uses.record(record.id, { ...use, refused });
    if (refused) return undefined;
    await this.touch(record.id, now);
    const kind: Principal['kind'] = record.kind === 'session' ? 'session' : 'api';
    const base = {
      tokenId: record.id,
      kind,
      namespaces: [record.namespacePattern],
      scopes: record.scopes as TokenScope[],
      ...(kind === 'api' ? { apiTokenId: record.id } : {}),
    };
    if (record.orgId)
      return { ...base, orgId: record.orgId, memberships: new Map(), viewer: { all: false, orgs: [record.orgId] } };
    if (record.userId) {
      const user = await this.user(record.userId);
      if (!user) return undefined;
      // A session speaks for the user: it may publish wherever the user may, as of now.
      const namespaces = kind === 'session' ? await this.entitlements(record.userId, user) : base.namespaces;
      return {
        ...base,
        namespaces,
        userId: record.userId,
        login: user.login,
        memberships: user.memberships,
        viewer: { all: false, orgs: [...user.memberships.keys()] },
      };
    }
    return { ...base, memberships: new Map(), viewer: { all: base.scopes.includes('admin'), orgs: [] } };
  }

  /**
   * The namespaces a user may publish in: io.github.<login>/* and their GitHub orgs' (from their
   * last GitHub sign-in), namespaces proven to them, and those of Hub orgs where they publish.
   */
  private async entitlements(userId: string, user: KnownUser): Promise<string[]> {
    const publishing = [...user.memberships].filter(([, role]) => role !== 'viewer').map(([orgId]) => orgId);
    const owned = await this.repo.verifiedNamespaces(userId, publishing);
    const github = user.githubId === null ? [] : githubNamespaces({ login: user.login, orgs: user.githubOrgs });
    return [...new Set([...github, ...owned.flatMap((n) => verifiedNamespacePatterns(n.namespace, n.method))])];
  }

  /** A registry JWT: its rights are in its claims; a user's org memberships are still read fresh. */
  private async fromJwt(claims: RegistryClaims, parent: TokenState | undefined): Promise<Principal | undefined> {
    const kind: Principal['kind'] = 'jwt';
    const base = {
      tokenId: claims.tid ?? claims.jti,
      kind,
      jwt: claims,
      namespaces: claims.permissions.map((p) => p.resource),
      scopes: claims.scp,
      ...(parent?.kind === 'api' ? { apiTokenId: claims.tid } : {}),
    };
    if (claims.oid)
      return { ...base, orgId: claims.oid, memberships: new Map(), viewer: { all: false, orgs: [claims.oid] } };
    if (claims.uid) {
      const user = await this.user(claims.uid);
      if (!user) return undefined;
      return {
        ...base,
        userId: claims.uid,
        login: user.login,
        memberships: user.memberships,
        viewer: { all: false, orgs: [...user.memberships.keys()] },
      };
    }
    return { ...base, memberships: new Map(), viewer: { all: base.scopes.includes('admin'), orgs: [] } };
  }

  private async user(userId: string): Promise<KnownUser | undefined> {
    const user = await this.repo.user(userId);
    if (!user) return undefined;
    const rows = await this.repo.memberships(userId);
    return { ...user, memberships: new Map(rows.map((r) => [r.orgId, r.role as OrgRole])) };
  }

  /**
   * Records use at most once a minute per token, so reads never turn into a write per request.
   * This process remembers when it last wrote each token's time and skips the statement until a
   * minute has passed (other processes keep their own; the condition below keeps it to one write).
   */
  private async touch(id: string, at: Date): Promise<void> {
    const last = this.touched.get(id);
    if (last !== undefined && at.getTime() - last < TOUCH_EVERY_MS) return;
    if (this.touched.size >= 10_000) this.touched.clear();
    this.touched.set(id, at.getTime());
    const stale = new Date(at.getTime() - TOUCH_EVERY_MS);
    await this.repo.touch(id, at, stale);
  }
}
