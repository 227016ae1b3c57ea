import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type HubDatabase, users } from '@mcp-hub/db';
import {
  HubError,
  type Viewer,
  createOrgSchema,
  createTokenSchema,
  createdTokenSchema,
  memberInputSchema,
  roleInputSchema,
  serverListSchema,
  serverResponseSchema,
  tokenSchema,
  tokenUsesQuerySchema,
  updateOrgSchema,
  visibilitySchema,
} from '@mcp-hub/domain';
import { ApiJsonBody, ApiJsonResponse, ApiProblems, HUB_DB, parseInput } from '@mcp-hub/http';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { Authenticated, CurrentPrincipal, MaybePrincipal, OptionallyAuthenticated } from '../auth/auth.guard';
import { type Principal, assertAdmin } from '../auth/principal';
import { PublishService } from '../publish/publish.service';
import { ReadCacheInterceptor } from '../read-cache/read-cache.interceptor';
import { detailQuerySchema, listQuerySchema } from '../servers/list-query';
import type { JsonText } from '../servers/server-version.record';
import { ServersService } from '../servers/servers.service';
import { ApiTokenUses, tokenView } from '../tokens/tokens.controller';
import { TokensService } from '../tokens/tokens.service';
import { AuditService } from './audit.service';
import { type Org, OrgsService } from './orgs.service';

const orgSchema = z.object({
  name: z.string(),
  defaultVisibility: z.enum(['public', 'private']),
  allowListEnabled: z.boolean(),
  createdAt: z.string(),
  role: z.enum(['owner', 'admin', 'publisher', 'viewer']).optional().describe("The caller's role"),
});
const orgView = (o: Org, role?: string) => ({
  name: o.name,
  defaultVisibility: o.defaultVisibility,
  allowListEnabled: o.allowListEnabled,
  createdAt: o.createdAt.toISOString(),
  ...(role ? { role } : {}),
});
const memberSchema = z.object({ login: z.string(), role: z.enum(['owner', 'admin', 'publisher', 'viewer']) });
const invitationSchema = z.object({ id: z.string(), org: z.string(), login: z.string(), role: z.string(), expiresAt: z.string() });
const auditSchema = z.object({
  entries: z.array(z.object({ id: z.number(), at: z.string(), actor: z.string(), action: z.string(), target: z.string(), detail: z.unknown() })),
  nextCursor: z.string().optional(),
});
const auditQuery = z.object({
  cursor: z.coerce.number({ error: 'cursor must be the nextCursor of the previous page' }).int().min(1).optional(),
  limit: z.coerce.number({ error: 'limit must be a number from 1 to 200' }).int().min(1).max(200).default(50),
});
const namespaceBody = z.union([
  z.object({ namespace: z.string({ error: 'namespace is required, e.g. "com.acme" or "io.github.acme"' }) }).strict(),
  z
    .object({
      method: z.enum(['dns', 'http'], { error: 'method must be "dns" or "http"' }),
      domain: z.string({ error: 'domain must be a domain name, e.g. acme.com' }),
      timestamp: z.string({ error: 'timestamp must be the RFC 3339 date-time you signed' }),
      signedTimestamp: z.string({ error: 'signedTimestamp must be the hex signature of timestamp' }),
    })
    .strict(),
]);

@ApiTags('orgs')
@Controller('api/v1')
export class OrgsController {
  constructor(
    private readonly orgs: OrgsService,
    private readonly audit: AuditService,
    private readonly publish: PublishService,
    private readonly tokens: TokensService,
    @Inject(HUB_DB) private readonly db: HubDatabase,
  ) {}

  @Post('orgs')
  @Authenticated()
  @ApiOperation({ summary: 'Create an organization (a signed-in user, who becomes its owner, or an instance admin)' })
  @ApiJsonBody(createOrgSchema)
  @ApiJsonResponse(201, orgSchema, 'The organization')
  @ApiProblems(400, 401, 403, 409)
  async create(@CurrentPrincipal() by: Principal, @Body() body: unknown) {
    const org = await this.orgs.create(by, parseInput(createOrgSchema, body, 'body'));
    return orgView(org, by.userId ? 'owner' : undefined);
  }

  @Get('orgs')
  @Authenticated()
  @ApiOperation({ summary: "The caller's organizations (every one for an instance admin)" })
  @ApiJsonResponse(200, z.object({ orgs: z.array(orgSchema) }), 'Organizations')
  @ApiProblems(401)
  async mine(@CurrentPrincipal() by: Principal) {
    return { orgs: (await this.orgs.mine(by)).map((o) => orgView(o, o.role)) };
  }

  @Get('orgs/:org')
  @Authenticated()
  @ApiOperation({ summary: 'One organization (404 unless the caller belongs to it)' })
  @ApiJsonResponse(200, orgSchema.extend({ namespaces: z.array(z.string()) }), 'The organization')
  @ApiProblems(401, 404)
  async get(@CurrentPrincipal() by: Principal, @Param('org') name: string) {
    const org = await this.orgs.access(by, name);
    return { ...orgView(org), namespaces: await this.orgs.namespacesOf(org.id) };
  }

  @Patch('orgs/:org')
  @Authenticated()
  @ApiOperation({ summary: "Change an organization's default visibility or turn its allow-list on or off (admin)" })
  @ApiJsonBody(updateOrgSchema)
  @ApiJsonResponse(200, orgSchema, 'The organization')
  @ApiProblems(400, 401, 403, 404)
  async update(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Body() body: unknown) {
    return orgView(await this.orgs.update(by, name, parseInput(updateOrgSchema, body, 'body')));
  }

  @Get('orgs/:org/members')
  @Authenticated()
  @ApiOperation({ summary: 'Members and their roles' })
  @ApiJsonResponse(200, z.object({ members: z.array(memberSchema.extend({ since: z.string() })) }), 'Members')
  @ApiProblems(401, 404)
  async members(@CurrentPrincipal() by: Principal, @Param('org') name: string) {
    return { members: (await this.orgs.members(by, name)).map((m) => ({ ...m, since: m.since.toISOString() })) };
  }

  @Post('orgs/:org/members')
  @Authenticated()
  @ApiOperation({ summary: 'Add a user who is already on this Hub (admin; only owners make owners)' })
  @ApiJsonBody(memberInputSchema)
  @ApiJsonResponse(201, memberSchema, 'The member')
  @ApiProblems(400, 401, 403, 404, 409)
  addMember(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Body() body: unknown) {
    return this.orgs.addMember(by, name, parseInput(memberInputSchema, body, 'body'));
  }

  @Patch('orgs/:org/members/:login')
  @Authenticated()
  @ApiOperation({ summary: "Change a member's role (takes effect on their next request)" })
  @ApiJsonBody(roleInputSchema)
  @ApiJsonResponse(200, memberSchema, 'The member')
  @ApiProblems(400, 401, 403, 404, 409)
  setRole(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Param('login') login: string, @Body() body: unknown) {
    return this.orgs.setRole(by, name, login, parseInput(roleInputSchema, body, 'body').role);
  }

  @Delete('orgs/:org/members/:login')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Remove a member (admin), or leave (yourself); the last owner cannot go' })
  @ApiProblems(401, 403, 404, 409)
  async removeMember(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Param('login') login: string): Promise<void> {
    await this.orgs.removeMember(by, name, login);
  }

  @Post('orgs/:org/members/invitations')
  @Authenticated()
  @ApiOperation({ summary: 'Invite a GitHub login with a role (admin); they accept once signed in' })
  @ApiJsonBody(memberInputSchema)
  @ApiJsonResponse(201, invitationSchema, 'The invitation')
  @ApiProblems(400, 401, 403, 404, 409)
  invite(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Body() body: unknown) {
    return this.orgs.invite(by, name, parseInput(memberInputSchema, body, 'body'));
  }

  @Get('orgs/:org/members/invitations')
  @Authenticated()
  @ApiOperation({ summary: 'Open invitations (admin)' })
  @ApiJsonResponse(200, z.object({ invitations: z.array(invitationSchema) }), 'Invitations')
  @ApiProblems(401, 403, 404)
  async invitations(@CurrentPrincipal() by: Principal, @Param('org') name: string) {
    return { invitations: await this.orgs.invitations(by, name) };
  }

  @Get('me/invitations')
  @Authenticated()
  @ApiOperation({ summary: 'Open invitations addressed to you (signed in, or a personal token)' })
  @ApiJsonResponse(200, z.object({ invitations: z.array(invitationSchema.extend({ invitedBy: z.string() })) }), 'Invitations')
  @ApiProblems(401)
  async myInvitations(@CurrentPrincipal() by: Principal) {
    return { invitations: await this.orgs.invitationsFor(by) };
  }

  @Delete('invitations/:id')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Decline an invitation addressed to you' })
  @ApiProblems(401, 404)
  async decline(@CurrentPrincipal() by: Principal, @Param('id') id: string): Promise<void> {
    await this.orgs.decline(by, id);
  }

  @Post('invitations/:id/accept')
  @Authenticated()
  @ApiOperation({ summary: 'Accept an invitation addressed to you' })
  @ApiJsonResponse(201, z.object({ org: z.string(), role: z.string() }), 'The membership')
  @ApiProblems(401, 404)
  accept(@CurrentPrincipal() by: Principal, @Param('id') id: string) {
    return this.orgs.accept(by, id);
  }

  @Post('orgs/:org/tokens')
  @Authenticated()
  @ApiOperation({ summary: "Mint an org token (admin): read sees the org's private servers; publish writes inside the org's namespaces" })
  @ApiJsonBody(createTokenSchema)
  @ApiJsonResponse(201, createdTokenSchema, 'The token, shown once')
  @ApiProblems(400, 401, 403, 404)
  async createToken(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Body() body: unknown) {
    const created = await this.orgs.createToken(by, name, parseInput(createTokenSchema, body, 'body'));
    return { ...tokenView(created), token: created.token };
  }

  @Get('orgs/:org/tokens/:id/uses')
  @Authenticated()
  @ApiOperation({ summary: "Uses of one of the org's tokens (admin): requests per minute, with the last client address and user agent, and totals" })
  @ApiTokenUses()
  @ApiProblems(400, 401, 403, 404)
  async tokenUses(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Param('id') id: string, @Query() query: unknown) {
    const q = parseInput(tokenUsesQuerySchema, query, 'query');
    const org = await this.orgs.access(by, name, 'admin');
    return this.tokens.uses(id, q, { orgId: org.id });
  }

  @Get('orgs/:org/tokens')
  @Authenticated()
  @ApiOperation({ summary: "The org's tokens (admin); never the tokens themselves" })
  @ApiJsonResponse(200, z.object({ tokens: z.array(tokenSchema) }), 'Tokens')
  @ApiProblems(401, 403, 404)
  async listTokens(@CurrentPrincipal() by: Principal, @Param('org') name: string) {
    return { tokens: (await this.orgs.listTokens(by, name)).map(tokenView) };
  }

  @Delete('orgs/:org/tokens/:id')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: "Revoke one of the org's tokens (admin)" })
  @ApiProblems(401, 403, 404)
  async revokeToken(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Param('id') id: string): Promise<void> {
    await this.orgs.revokeToken(by, name, id);
  }

  @Post('orgs/:org/namespaces')
  @Authenticated()
  @ApiOperation({
    summary: 'Give the org a namespace',
    description:
      'Three ways: a DNS or HTTP proof of a domain (org admin; `{method, domain, timestamp, signedTimestamp}` as for /v0.1/auth/dns), ' +
      "io.github.<org> for a GitHub organization the signed-in admin belongs to (`{namespace}`), or any namespace by an instance admin (`{namespace}`; a private instance needs no proof).",
  })
  @ApiJsonBody(namespaceBody)
  @ApiJsonResponse(201, z.object({ namespace: z.string(), org: z.string(), method: z.string() }), 'The namespace, now the org\'s')
  @ApiProblems(400, 401, 403, 404, 409, 503)
  assignNamespace(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Body() body: unknown) {
    const input = parseInput(namespaceBody, body, 'body');
    return 'namespace' in input ? this.orgs.assignNamespace(by, name, input.namespace) : this.orgs.proveNamespace(by, name, input.method, input);
  }

  @Get('orgs/:org/allowed-servers')
  @Authenticated()
  @ApiOperation({ summary: "The servers on the org's allow-list" })
  @ApiJsonResponse(200, z.object({ servers: z.array(z.string()) }), 'Allowed server names')
  @ApiProblems(401, 404)
  async allowList(@CurrentPrincipal() by: Principal, @Param('org') name: string) {
    return { servers: await this.orgs.allowList(by, name) };
  }

  @Put('orgs/:org/allowed-servers/:serverName')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: "Approve a server for the org's sub-registry (admin)" })
  @ApiProblems(400, 401, 403, 404)
  async allow(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Param('serverName') server: string): Promise<void> {
    await this.orgs.allow(by, name, server, true);
  }

  @Delete('orgs/:org/allowed-servers/:serverName')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: "Take a server off the org's allow-list (admin)" })
  @ApiProblems(401, 403, 404)
  async disallow(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Param('serverName') server: string): Promise<void> {
    await this.orgs.allow(by, name, server, false);
  }

  @Get('orgs/:org/audit')
  @Authenticated()
  @ApiOperation({ summary: "The org's audit log, newest first (admin)" })
  @ApiJsonResponse(200, auditSchema, 'Entries')
  @ApiProblems(400, 401, 403, 404)
  async orgAudit(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Query() query: unknown) {
    const org = await this.orgs.access(by, name, 'admin');
    return this.page(org.id, parseInput(auditQuery, query, 'query'));
  }

  @Get('audit')
  @Authenticated()
  @ApiOperation({ summary: "The whole instance's audit log, newest first (instance admin)" })
  @ApiJsonResponse(200, auditSchema, 'Entries')
  @ApiProblems(400, 401, 403)
  async instanceAudit(@CurrentPrincipal() by: Principal, @Query() query: unknown) {
    assertAdmin(by);
    return this.page(undefined, parseInput(auditQuery, query, 'query'));
  }

  private async page(orgId: string | undefined, q: z.infer<typeof auditQuery>) {
    const entries = await this.audit.list(orgId, q.cursor, q.limit);
    const last = entries[entries.length - 1];
    return { entries, ...(entries.length === q.limit && last ? { nextCursor: String(last.id) } : {}) };
  }

  @Patch('servers/:serverName/visibility')
  @Authenticated()
  @ApiOperation({ summary: "Make a server public, or private to its organization (the org's publishers and admins)" })
  @ApiJsonBody(visibilitySchema)
  @ApiJsonResponse(200, z.object({ name: z.string(), visibility: z.enum(['public', 'private']) }), 'The server')
  @ApiProblems(400, 401, 403, 404)
  async visibility(@CurrentPrincipal() by: Principal, @Param('serverName') name: string, @Body() body: unknown) {
    const { visibility } = parseInput(visibilitySchema, body, 'body');
    await this.publish.setVisibility(by, name, visibility);
    return { name, visibility };
  }

  @Post('users')
  @Authenticated()
  @ApiOperation({ summary: 'Create a user without GitHub (instance admin; for private instances)' })
  @ApiJsonBody(z.object({ login: z.string(), name: z.string().optional() }))
  @ApiJsonResponse(201, z.object({ login: z.string() }), 'The user')
  @ApiProblems(400, 401, 403, 409)
  async createUser(@CurrentPrincipal() by: Principal, @Body() body: unknown) {
    assertAdmin(by);
    const input = parseInput(z.object({ login: memberInputSchema.shape.login, name: z.string().max(200).optional() }).strict(), body, 'body');
    const login = input.login.toLowerCase();
    const rows = await this.db.insert(users).values({ login, name: input.name }).onConflictDoNothing().returning();
    if (rows.length === 0) throw new HubError('conflict', `A user ${login} already exists.`);
    await this.audit.record(by, 'user.created', login);
    return { login };
  }

  @Post('users/:login/tokens')
  @Authenticated()
  @ApiOperation({ summary: "Mint a user's personal token (instance admin): it reads what the user's orgs read" })
  @ApiJsonBody(createTokenSchema)
  @ApiJsonResponse(201, createdTokenSchema, 'The token, shown once')
  @ApiProblems(400, 401, 403, 404)
  async userToken(@CurrentPrincipal() by: Principal, @Param('login') login: string, @Body() body: unknown) {
    assertAdmin(by);
    const input = parseInput(createTokenSchema, body, 'body');
    const [user] = await this.db.select({ id: users.id }).from(users).where(eqLogin(login)).limit(1);
    if (!user) throw new HubError('not_found', `No user ${login}`);
    const created = await this.tokens.create(input, by, { userId: user.id }, { user: login.toLowerCase() });
    return { ...tokenView(created), token: created.token };
  }
}

const eqLogin = (login: string) => eq(users.login, login.toLowerCase());

/**
 * An org's view of the registry in the official API's shape: public servers and the org's private
 * ones (only its approved servers, and its own, when its allow-list is on). Point VS Code's
 * gallery, `mcpm --registry` or any official-API client at /o/<org>.
 */
@ApiTags('orgs')
@Controller('o/:org/v0.1')
@UseInterceptors(ReadCacheInterceptor)
@OptionallyAuthenticated()
export class OrgRegistryController {
  constructor(
    private readonly orgs: OrgsService,
    private readonly servers: ServersService,
  ) {}

  private async scope(by: Principal | undefined, name: string): Promise<{ viewer: Viewer; allowListOf?: string }> {
    const org = await this.orgs.forSubRegistry(by, name);
    return { viewer: { all: false, orgs: [org.id] }, allowListOf: org.allowListEnabled ? org.id : undefined };
  }

  @Get('servers')
  @ApiOperation({ summary: "List servers in the org's view (official API shape; needs an org read token)" })
  @ApiJsonResponse(200, serverListSchema, 'A page of server versions')
  @ApiProblems(400, 401, 404)
  async list(@MaybePrincipal() by: Principal | undefined, @Param('org') name: string, @Query() query: unknown): Promise<JsonText> {
    const q = parseInput(listQuerySchema, query, 'query');
    const scope = await this.scope(by, name);
    return this.servers.list({ ...scope, cursor: q.cursor, limit: q.limit, search: q.search, updatedSince: q.updated_since, version: q.version, includeDeleted: q.include_deleted });
  }

  @Get('servers/:serverName/versions')
  @ApiOperation({ summary: "Every version of a server in the org's view" })
  @ApiJsonResponse(200, serverListSchema, 'Versions')
  @ApiProblems(400, 401, 404)
  async versions(@MaybePrincipal() by: Principal | undefined, @Param('org') name: string, @Param('serverName') server: string, @Query() query: unknown): Promise<JsonText> {
    const q = parseInput(detailQuerySchema, query, 'query');
    const scope = await this.scope(by, name);
    await this.assertAllowed(scope, server);
    return this.servers.versions(server, scope.viewer, q.include_deleted);
  }

  @Get('servers/:serverName/versions/:version')
  @ApiOperation({ summary: "One version of a server in the org's view" })
  @ApiJsonResponse(200, serverResponseSchema, 'The server version')
  @ApiProblems(400, 401, 404)
  async version(
    @MaybePrincipal() by: Principal | undefined,
    @Param('org') name: string,
    @Param('serverName') server: string,
    @Param('version') version: string,
    @Query() query: unknown,
  ): Promise<JsonText> {
    const q = parseInput(detailQuerySchema, query, 'query');
    const scope = await this.scope(by, name);
    await this.assertAllowed(scope, server);
    return this.servers.version(server, version, scope.viewer, q.include_deleted);
  }

  private async assertAllowed(scope: { allowListOf?: string }, server: string): Promise<void> {
    if (scope.allowListOf && !(await this.servers.allowed(scope.allowListOf, server))) throw new HubError('not_found', `Server ${server} not found`);
  }
}
