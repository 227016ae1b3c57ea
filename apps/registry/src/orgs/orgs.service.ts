import { Inject, Injectable } from '@nestjs/common';
import { type HubDatabase, orgAllowedServers, orgInvitations, orgMembers, orgs, users, verifiedNamespaces } from '@mcp-hub/db';
import {
  type CreateTokenInput,
  HubError,
  type OrgRole,
  type Visibility,
  badRequest,
  forbidden,
  namespaceOf,
  namespacePatternWithin,
  notFound,
  roleAtLeast,
  unauthorized,
} from '@mcp-hub/domain';
import { Clock, HUB_DB } from '@mcp-hub/http';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { type Principal, assertAdmin, hasRole, isAdmin, roleIn } from '../auth/principal';
import type { TokenRecord } from '../tokens/token.repository';
import { TokenRepository } from '../tokens/token.repository';
import { type CreatedToken, TokensService } from '../tokens/tokens.service';
import { AuditService } from './audit.service';
import { IdentityService } from '../identity/identity.service';
import { NamespaceProofs } from '../identity/namespace-proofs';
import type { ProofLoginInput, ProofMethod } from '../namespace-proof';

export interface Org {
  id: string;
  name: string;
  defaultVisibility: Visibility;
  allowListEnabled: boolean;
  createdAt: Date;
}

const INVITATION_DAYS = 14;

/**
 * Organizations: members with roles, invitations, tokens, the namespaces they own and their
 * allow-lists. An org the caller does not belong to answers 404, like one that does not exist.
 */
@Injectable()
export class OrgsService {
  constructor(
    @Inject(HUB_DB) private readonly db: HubDatabase,
    private readonly tokens: TokensService,
    private readonly tokenRepo: TokenRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly proofs: NamespaceProofs,
    private readonly identity: IdentityService,
  ) {}

  /** The org, if the caller has at least `least` in it; 404 if it cannot see the org, 403 if it can but lacks the role. */
  async access(by: Principal, name: string, least: OrgRole = 'viewer'): Promise<Org> {
    const [org] = await this.db.select().from(orgs).where(eq(orgs.name, name)).limit(1);
    if (!org || !roleIn(by, org.id)) throw notFound(`No organization named ${name}`);
    if (!hasRole(by, org.id, least)) throw forbidden(`This needs the ${least} role in ${name} (you are ${roleIn(by, org.id)}).`);
    return org as Org;
  }

  async create(by: Principal, input: { name: string; defaultVisibility: Visibility }): Promise<Org> {
    if (!by.userId && !isAdmin(by)) throw forbidden('Creating an organization needs a signed-in user (a personal token) or an instance admin token.');
    const org = await this.db.transaction(async (tx) => {
      const [row] = await tx.insert(orgs).values(input).onConflictDoNothing().returning();
      if (!row) throw new HubError('conflict', `The organization name ${input.name} is taken: choose another.`);
      if (by.userId) await tx.insert(orgMembers).values({ orgId: row.id, userId: by.userId, role: 'owner' });
      return row as Org;
    });
    await this.audit.record(by, 'org.created', input.name, org.id, { defaultVisibility: input.defaultVisibility });
    return org;
  }

  /** The orgs the caller belongs to (every org for an instance admin), with its role. */
  async mine(by: Principal): Promise<(Org & { role: OrgRole })[]> {
    const rows = (await this.db.select().from(orgs).orderBy(asc(orgs.name))) as Org[];
    return rows.filter((o) => roleIn(by, o.id)).map((o) => ({ ...o, role: roleIn(by, o.id)! }));
  }

  async update(by: Principal, name: string, patch: { defaultVisibility?: Visibility; allowListEnabled?: boolean }): Promise<Org> {
    const org = await this.access(by, name, 'admin');
    if (patch.defaultVisibility === undefined && patch.allowListEnabled === undefined) throw new HubError('no_change', 'Nothing to change: send defaultVisibility and/or allowListEnabled.');
    const [row] = await this.db.update(orgs).set(patch).where(eq(orgs.id, org.id)).returning();
    await this.audit.record(by, 'org.updated', name, org.id, patch);
    return row as Org;
  }

  // Members -------------------------------------------------------------------------------------

  async members(by: Principal, name: string): Promise<{ login: string; role: OrgRole; since: Date }[]> {
    const org = await this.access(by, name);
    const rows = await this.db
      .select({ login: users.login, role: orgMembers.role, since: orgMembers.createdAt })
      .from(orgMembers)
      .innerJoin(users, eq(users.id, orgMembers.userId))
      .where(eq(orgMembers.orgId, org.id))
      .orderBy(asc(users.login));
    return rows.map((r) => ({ ...r, role: r.role as OrgRole }));
  }

  /** Only an owner may make owners; nobody can leave an org without one. */
  private assertMayGrant(by: Principal, orgId: string, role: OrgRole): void {
    if (role === 'owner' && !hasRole(by, orgId, 'owner')) throw forbidden('Only an owner can make someone an owner.');
  }

  private async userByLogin(login: string): Promise<{ id: string; login: string } | undefined> {
    const [u] = await this.db.select({ id: users.id, login: users.login }).from(users).where(eq(users.login, login.toLowerCase())).limit(1);
    return u;
  }

  async invite(by: Principal, name: string, input: { login: string; role: OrgRole }) {
    const org = await this.access(by, name, 'admin');
    this.assertMayGrant(by, org.id, input.role);
    const login = input.login.toLowerCase();
    const existing = await this.userByLogin(login);
    if (existing) {
      const [member] = await this.db.select().from(orgMembers).where(and(eq(orgMembers.orgId, org.id), eq(orgMembers.userId, existing.id))).limit(1);
      if (member) throw new HubError('conflict', `${login} is already a member of ${name} (${member.role}); change the role with PATCH …/members/${login}.`);
    }
    const now = this.clock.now();
    const [row] = await this.db
      .insert(orgInvitations)
      .values({ orgId: org.id, login, role: input.role, invitedBy: by.login ?? `token:${by.tokenId.slice(0, 8)}`, expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000) })
      .returning();
    await this.audit.record(by, 'member.invited', login, org.id, { role: input.role });
    return { id: row!.id, org: name, login, role: input.role, expiresAt: row!.expiresAt.toISOString() };
  }

  async invitations(by: Principal, name: string) {
    const org = await this.access(by, name, 'admin');
    const rows = await this.db
      .select()
      .from(orgInvitations)
      .where(and(eq(orgInvitations.orgId, org.id), isNull(orgInvitations.acceptedAt), isNull(orgInvitations.revokedAt), gt(orgInvitations.expiresAt, this.clock.now())));
    return rows.map((r) => ({ id: r.id, org: name, login: r.login, role: r.role as OrgRole, expiresAt: r.expiresAt.toISOString() }));
  }

  /** The open invitations addressed to the caller's login. */
  async invitationsFor(by: Principal) {
    if (!by.userId || !by.login) throw unauthorized('Invitations are addressed to users: sign in, or use a personal token.');
    const rows = await this.db
      .select({ inv: orgInvitations, orgName: orgs.name })
      .from(orgInvitations)
      .innerJoin(orgs, eq(orgs.id, orgInvitations.orgId))
      .where(and(eq(orgInvitations.login, by.login), isNull(orgInvitations.acceptedAt), isNull(orgInvitations.revokedAt), gt(orgInvitations.expiresAt, this.clock.now())))
      .orderBy(orgInvitations.expiresAt);
    return rows.map((r) => ({ id: r.inv.id, org: r.orgName, login: r.inv.login, role: r.inv.role as OrgRole, invitedBy: r.inv.invitedBy, expiresAt: r.inv.expiresAt.toISOString() }));
  }

  /** The invited user says no: the invitation is closed (and audited in the org's log). */
  async decline(by: Principal, id: string): Promise<void> {
    if (!by.userId || !by.login) throw unauthorized('Declining an invitation needs you signed in as the invited user (a personal token).');
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound(`No invitation ${id} for ${by.login}`);
    const [row] = await this.db
      .update(orgInvitations)
      .set({ revokedAt: this.clock.now() })
      .where(and(eq(orgInvitations.id, id), eq(orgInvitations.login, by.login), isNull(orgInvitations.acceptedAt), isNull(orgInvitations.revokedAt), gt(orgInvitations.expiresAt, this.clock.now())))
      .returning({ orgId: orgInvitations.orgId });
    if (!row) throw notFound(`No open invitation ${id} for ${by.login}`);
    await this.audit.record(by, 'member.declined', by.login, row.orgId);
  }

  /** The invited user (signed in as that login) joins with the invited role. */
  async accept(by: Principal, id: string): Promise<{ org: string; role: OrgRole }> {
    if (!by.userId || !by.login) throw unauthorized('Accepting an invitation needs you signed in as the invited user (a personal token).');
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound(`No invitation ${id} for ${by.login}`);
    const result = await this.db.transaction(async (tx) => {
      const [inv] = await tx
        .select({ inv: orgInvitations, orgName: orgs.name })
        .from(orgInvitations)
        .innerJoin(orgs, eq(orgs.id, orgInvitations.orgId))
        .where(and(eq(orgInvitations.id, id), eq(orgInvitations.login, by.login!), isNull(orgInvitations.acceptedAt), isNull(orgInvitations.revokedAt)))
        .for('update');
      if (!inv || inv.inv.expiresAt <= this.clock.now()) throw notFound(`No open invitation ${id} for ${by.login}`);
      await tx.update(orgInvitations).set({ acceptedAt: this.clock.now() }).where(eq(orgInvitations.id, id));
      await tx
        .insert(orgMembers)
        .values({ orgId: inv.inv.orgId, userId: by.userId!, role: inv.inv.role })
        .onConflictDoUpdate({ target: [orgMembers.orgId, orgMembers.userId], set: { role: inv.inv.role } });
      return { org: inv.orgName, orgId: inv.inv.orgId, role: inv.inv.role as OrgRole };
    });
    await this.audit.record(by, 'member.joined', by.login, result.orgId, { role: result.role });
    return { org: result.org, role: result.role };
  }

  /** Adds an existing user at once (a private instance's admin, or an org owner/admin). */
  async addMember(by: Principal, name: string, input: { login: string; role: OrgRole }) {
    const org = await this.access(by, name, 'admin');
    this.assertMayGrant(by, org.id, input.role);
    const user = await this.userByLogin(input.login);
    if (!user) throw notFound(`No user ${input.login} on this Hub: invite them instead (POST …/members/invitations); they join when they sign in.`);
    const rows = await this.db.insert(orgMembers).values({ orgId: org.id, userId: user.id, role: input.role }).onConflictDoNothing().returning();
    if (rows.length === 0) throw new HubError('conflict', `${user.login} is already a member of ${name}; change the role with PATCH …/members/${user.login}.`);
    await this.audit.record(by, 'member.added', user.login, org.id, { role: input.role });
    return { login: user.login, role: input.role };
  }

  async setRole(by: Principal, name: string, login: string, role: OrgRole) {
    const org = await this.access(by, name, 'admin');
    const user = await this.userByLogin(login);
    const change = await this.db.transaction(async (tx) => {
      const [member] = user ? await tx.select().from(orgMembers).where(and(eq(orgMembers.orgId, org.id), eq(orgMembers.userId, user.id))).for('update') : [];
      if (!member) throw notFound(`${login} is not a member of ${name}`);
      const from = member.role as OrgRole;
      if (from === role) throw new HubError('no_change', `${login} is already ${role} in ${name}.`);
      this.assertMayGrant(by, org.id, role);
      if (from === 'owner') {
        if (!hasRole(by, org.id, 'owner')) throw forbidden('Only an owner can change an owner’s role.');
        await this.assertAnotherOwner(tx, org.id, user!.id, name);
      }
      await tx.update(orgMembers).set({ role }).where(and(eq(orgMembers.orgId, org.id), eq(orgMembers.userId, user!.id)));
      return { from };
    });
    await this.audit.record(by, 'member.role-changed', user!.login, org.id, { from: change.from, to: role });
    return { login: user!.login, role };
  }

  async removeMember(by: Principal, name: string, login: string): Promise<void> {
    const org = await this.access(by, name);
    const self = by.login === login.toLowerCase();
    if (!self && !hasRole(by, org.id, 'admin')) throw forbidden(`Removing members needs the admin role in ${name}.`);
    const user = await this.userByLogin(login);
    await this.db.transaction(async (tx) => {
      const [member] = user ? await tx.select().from(orgMembers).where(and(eq(orgMembers.orgId, org.id), eq(orgMembers.userId, user.id))).for('update') : [];
      if (!member) throw notFound(`${login} is not a member of ${name}`);
      if (member.role === 'owner') {
        if (!self && !hasRole(by, org.id, 'owner')) throw forbidden('Only an owner can remove an owner.');
        await this.assertAnotherOwner(tx, org.id, user!.id, name);
      }
      await tx.delete(orgMembers).where(and(eq(orgMembers.orgId, org.id), eq(orgMembers.userId, user!.id)));
    });
    await this.audit.record(by, 'member.removed', login.toLowerCase(), org.id);
  }

  private async assertAnotherOwner(tx: Parameters<Parameters<HubDatabase['transaction']>[0]>[0], orgId: string, userId: string, name: string) {
    const [{ n }] = (await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(orgMembers)
      .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.role, 'owner'), sql`${orgMembers.userId} <> ${userId}`))) as [{ n: number }];
    if (n === 0) throw new HubError('conflict', `${name} would be left without an owner: make someone else owner first.`);
  }

  // Tokens ---------------------------------------------------------------------------------------

  /**
   * An org token: `read` sees the org's private servers; `publish` writes inside its namespace
   * pattern, which must lie inside a namespace the org owns; `admin` manages the org.
   */
  async createToken(by: Principal, name: string, input: CreateTokenInput): Promise<CreatedToken> {
    const org = await this.access(by, name, 'admin');
    if (input.scopes.includes('publish') && !isAdmin(by)) {
      const owned = await this.namespacesOf(org.id);
      if (!owned.some((ns) => namespacePatternWithin(input.namespace, `${ns}/*`))) {
        throw forbidden(
          owned.length
            ? `An org token may publish only inside ${name}'s namespaces (${owned.map((n) => `${n}/*`).join(', ')}); "${input.namespace}" reaches outside them.`
            : `${name} owns no namespace yet, so its tokens cannot publish: verify one first (POST /api/v1/orgs/${name}/namespaces).`,
        );
      }
    }
    return this.tokens.create(input, by, { orgId: org.id });
  }

  async listTokens(by: Principal, name: string): Promise<TokenRecord[]> {
    const org = await this.access(by, name, 'admin');
    return this.tokenRepo.listForOrg(org.id);
  }

  async revokeToken(by: Principal, name: string, id: string): Promise<void> {
    const org = await this.access(by, name, 'admin');
    await this.tokens.revoke(id, by, org.id);
  }

  // Namespaces and allow-list ----------------------------------------------------------------------

  async namespacesOf(orgId: string): Promise<string[]> {
    const rows = await this.db.select({ ns: verifiedNamespaces.namespace }).from(verifiedNamespaces).where(eq(verifiedNamespaces.orgId, orgId));
    return rows.map((r) => r.ns);
  }

  /**
   * `namespace` for the org: any, from an instance admin (a private instance's operator); or
   * io.github.<gh-org>, from an org admin whose GitHub sign-in showed them a member of <gh-org>.
   */
  async assignNamespace(by: Principal, name: string, namespace: string) {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(namespace)) {
      throw badRequest(`"${namespace}" is not a namespace: expected lowercase reverse-DNS labels such as com.acme`, [{ location: 'body.namespace', message: 'expected reverse-DNS labels', value: namespace }]);
    }
    let method = 'admin';
    if (!isAdmin(by)) {
      const github = /^io\.github\.([a-z0-9-]+)$/.exec(namespace)?.[1];
      if (!github) {
        throw forbidden(`Prove ${namespace} with a DNS or HTTP proof (send method, domain, timestamp and signedTimestamp), or ask an instance admin to assign it.`);
      }
      const org = await this.access(by, name, 'admin');
      const [user] = by.userId ? await this.db.select({ login: users.login, githubOrgs: users.githubOrgs }).from(users).where(eq(users.id, by.userId)).limit(1) : [];
      if (!user || !user.githubOrgs.includes(github)) {
        throw forbidden(`${namespace} needs a GitHub sign-in showing you a member of the GitHub organization ${github}: sign in with GitHub again (granting organization access), then retry.`);
      }
      method = 'github';
      return this.claim(by, org, namespace, method);
    }
    return this.claim(by, await this.access(by, name), namespace, method);
  }

  /** A DNS or HTTP proof of a domain gives its namespace to the org (org admin); control of the domain decides, even against another org. */
  async proveNamespace(by: Principal, name: string, method: ProofMethod, input: ProofLoginInput) {
    const org = await this.access(by, name, 'admin');
    const proof = await this.proofs.verify(method, input);
    const namespace = await this.identity.recordProof(proof, org.id, by);
    return { namespace, org: name, method };
  }

  private async claim(by: Principal, org: Org, namespace: string, method: string) {
    const [existing] = await this.db.select().from(verifiedNamespaces).where(eq(verifiedNamespaces.namespace, namespace)).limit(1);
    if (existing?.orgId && existing.orgId !== org.id) {
      throw new HubError('conflict', `${namespace} belongs to another organization${method === 'admin' ? '' : ': a DNS or HTTP proof of the domain, or an instance admin, can move it'}.`);
    }
    await this.db
      .insert(verifiedNamespaces)
      .values({ namespace, method, orgId: org.id })
      .onConflictDoUpdate({ target: verifiedNamespaces.namespace, set: { orgId: org.id, userId: null, method, verifiedAt: this.clock.now() } });
    await this.audit.record(by, 'namespace.assigned', namespace, org.id, { method });
    return { namespace, org: org.name, method };
  }

  async allowList(by: Principal, name: string): Promise<string[]> {
    const org = await this.access(by, name);
    const rows = await this.db.select({ n: orgAllowedServers.serverName }).from(orgAllowedServers).where(eq(orgAllowedServers.orgId, org.id)).orderBy(asc(orgAllowedServers.serverName));
    return rows.map((r) => r.n);
  }

  async allow(by: Principal, name: string, server: string, allowed: boolean): Promise<void> {
    const org = await this.access(by, name, 'admin');
    if (allowed) {
      if (!server.includes('/') || namespaceOf(server).length === 0) throw badRequest(`"${server}" is not a server name (namespace/name).`);
      await this.db.insert(orgAllowedServers).values({ orgId: org.id, serverName: server }).onConflictDoNothing();
    } else {
      const rows = await this.db.delete(orgAllowedServers).where(and(eq(orgAllowedServers.orgId, org.id), eq(orgAllowedServers.serverName, server))).returning();
      if (rows.length === 0) throw notFound(`${server} is not on ${name}'s allow-list`);
    }
    await this.audit.record(by, allowed ? 'allow-list.added' : 'allow-list.removed', server, org.id);
  }

  /** The org whose sub-registry a caller reads: it must be able to read the org (member, org token, admin). */
  async forSubRegistry(by: Principal | undefined, name: string): Promise<Org> {
    if (!by) throw unauthorized(`The ${name} registry needs a token: send "Authorization: Bearer <org read token>".`);
    return this.access(by, name);
  }

  roleAtLeast = roleAtLeast;
}
