import { Body, Controller, Delete, Get, HttpCode, Post, applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiJsonBody, ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { z } from 'zod';
import { Authenticated, CurrentPrincipal } from '@mcp-hub/auth';
import type { Principal } from '@mcp-hub/domain';
import { GitHubSignIn } from '../github/github-sign-in';
import { IdentityService, type SignedIn } from './identity.service';
import type { ProofMethod } from '../namespaces/namespace-proof.verifier';
import { NamespacesService } from '../namespaces/namespaces.service';

const registryTokenSchema = z.object({
  registry_token: z.string().describe('A short-lived Ed25519-signed JWT; send it as "Authorization: Bearer <token>"'),
  expires_at: z.number().int().describe('When it expires, in Unix seconds'),
});

const githubAtSchema = z.object({ github_token: z.string().min(1, 'github_token must be a GitHub access token') });

/** Upstream's field is signed_timestamp; the Hub also takes signedTimestamp. */
const proofLoginSchema = z
  .object({
    domain: z.string({ error: 'domain must be a domain name, e.g. example.com' }),
    timestamp: z.string({ error: 'timestamp must be the RFC 3339 date-time you signed' }),
    signed_timestamp: z.string().optional(),
    signedTimestamp: z.string().optional(),
  })
  .transform((b) => ({
    domain: b.domain,
    timestamp: b.timestamp,
    signedTimestamp: b.signed_timestamp ?? b.signedTimestamp ?? '',
  }));

const sessionSchema = z.object({
  token: z
    .string()
    .describe(
      'The session credential, shown once. Keep it secret; exchange it for short-lived JWTs at POST /api/v1/auth/token',
    ),
  tokenId: z.string(),
  expiresAt: z.string(),
  user: z.object({
    id: z.string(),
    login: z.string(),
    name: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    githubOrgs: z.array(z.string()),
  }),
});

const deviceStartSchema = z.object({
  deviceCode: z.string().describe('Send it back to /api/v1/auth/github/device/token; keep it to yourself'),
  userCode: z.string().describe('What the user types at verificationUri'),
  verificationUri: z.string(),
  expiresIn: z.number().int(),
  interval: z.number().int().describe('Seconds to wait between polls'),
});

const devicePollSchema = z.union([
  z.object({ status: z.literal('pending'), interval: z.number().int() }),
  sessionSchema.extend({ status: z.literal('ok') }),
]);

const webStartSchema = z.object({
  bind: z.string().min(16, 'bind must be a random value of at least 16 characters tied to the browser (a cookie)'),
});
const webFinishSchema = webStartSchema.extend({
  code: z.string().min(1, 'code is missing'),
  state: z.string().min(1, 'state is missing'),
});

const authConfigSchema = z.object({
  github: z.boolean().describe('GitHub sign-in (web, device flow and github-at) is configured'),
  githubWeb: z.boolean().describe('The web flow is configured (it needs the OAuth client secret)'),
  dns: z.boolean(),
  http: z.boolean(),
  jwtTtlSeconds: z.number().int(),
});

/** Upstream's token exchanges (POST /v0.1/auth/<method>): a GitHub token or a signed timestamp in, a registry JWT out. */
const TokenExchange = (method: 'github-at' | ProofMethod, summary: string, body: z.ZodType) =>
  applyDecorators(
    Post(`v0.1/auth/${method}`),
    HttpCode(200),
    ApiOperation({ summary }),
    ApiJsonBody(body),
    ApiJsonResponse(200, registryTokenSchema, 'A short-lived registry token'),
    ApiProblems(400, 401, 503),
  );

const sessionView = (s: SignedIn) => ({
  token: s.token,
  tokenId: s.tokenId,
  expiresAt: s.expiresAt.toISOString(),
  user: s.user,
});

/**
 * Sign-in and token exchange. The /v0.1/auth routes are the official registry's, so
 * `mcp-publisher login … --registry <hub>` works against the Hub; /api/v1/auth is the Hub's own
 * (sessions for the site and mcpm, JWT refresh).
 */
@ApiTags('auth')
@Controller()
export class IdentityController {
  constructor(
    private readonly identity: IdentityService,
    private readonly github: GitHubSignIn,
    private readonly namespaces: NamespacesService,
  ) {}

  @Get('api/v1/auth/config')
  @ApiOperation({ summary: 'Which sign-in methods this Hub offers' })
  @ApiJsonResponse(200, authConfigSchema, 'Sign-in methods')
  config(): z.infer<typeof authConfigSchema> {
    return {
      github: this.github.enabled,
      githubWeb: this.github.webEnabled,
      dns: true,
      http: true,
      jwtTtlSeconds: this.identity.jwtTtlSeconds,
    };
  }

  @TokenExchange(
    'github-at',
    'Exchange a GitHub access token for a registry JWT (io.github.<login>/* and io.github.<org>/* for each of your organisations)',
    githubAtSchema,
  )
  async githubAt(@Body() body: unknown): Promise<z.infer<typeof registryTokenSchema>> {
    const { github_token } = parseInput(githubAtSchema, body, 'body');
    return this.identity.registryTokenForGitHub(await this.github.identity(github_token));
  }

  @TokenExchange(
    'dns',
    'Exchange a signed timestamp for a registry JWT, proven by the domain\'s TXT record "v=MCPv1; k=…; p=…" (grants <reverse-domain>/* and its subdomains)',
    proofLoginSchema,
  )
  dns(@Body() body: unknown): Promise<z.infer<typeof registryTokenSchema>> {
    return this.proofLogin('dns', body);
  }

  @TokenExchange(
    'http',
    'Exchange a signed timestamp for a registry JWT, proven by https://<domain>/.well-known/mcp-registry-auth (grants <reverse-domain>/*)',
    proofLoginSchema,
  )
  http(@Body() body: unknown): Promise<z.infer<typeof registryTokenSchema>> {
    return this.proofLogin('http', body);
  }

  @Post('api/v1/auth/token')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary:
      'Refresh: exchange a long-lived credential (API token or sign-in session) for a short-lived JWT with the same rights',
  })
  @ApiJsonResponse(200, registryTokenSchema, 'A short-lived registry token')
  @ApiProblems(400, 401)
  async token(@CurrentPrincipal() principal: Principal): Promise<z.infer<typeof registryTokenSchema>> {
    return this.identity.registryTokenFor(principal);
  }

  @Post('api/v1/auth/github/device')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start a GitHub device sign-in (mcpm login): show userCode and verificationUri to the user, then poll',
  })
  @ApiJsonResponse(200, deviceStartSchema, 'Codes for the user, and how often to poll')
  @ApiProblems(503)
  async deviceStart(): Promise<z.infer<typeof deviceStartSchema>> {
    return this.github.startDevice();
  }

  @Post('api/v1/auth/github/device/token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Poll a device sign-in: pending until the user approves, then a session credential (once)' })
  @ApiJsonBody(z.object({ deviceCode: z.string().min(1) }))
  @ApiJsonResponse(200, devicePollSchema, 'Still pending (wait `interval` seconds), or signed in')
  @ApiProblems(400, 401, 503)
  async devicePoll(@Body() body: unknown): Promise<z.infer<typeof devicePollSchema>> {
    const { deviceCode } = parseInput(
      z.object({
        deviceCode: z.string({ error: 'deviceCode must be the code /api/v1/auth/github/device returned' }).min(1),
      }),
      body,
      'body',
    );
    const polled = await this.github.pollDevice(deviceCode);
    if (polled.status === 'pending') return polled;
    return { status: 'ok', ...sessionView(await this.identity.signIn(polled.identity, 'github-device')) };
  }

  @Post('api/v1/auth/github/web')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Start the web sign-in: where to send the browser (the site calls this; `bind` is a random value in a cookie of that browser)',
  })
  @ApiJsonBody(webStartSchema)
  @ApiJsonResponse(200, z.object({ url: z.string() }), 'The GitHub authorization URL')
  @ApiProblems(400, 503)
  async webStart(@Body() body: unknown): Promise<{ url: string }> {
    return { url: await this.github.webStart(parseInput(webStartSchema, body, 'body').bind) };
  }

  @Post('api/v1/auth/github/web/callback')
  @HttpCode(200)
  @ApiOperation({
    summary: "Finish the web sign-in with GitHub's code and state (and the same `bind`): a session credential, once",
  })
  @ApiJsonBody(webFinishSchema)
  @ApiJsonResponse(200, sessionSchema, 'Signed in')
  @ApiProblems(400, 401, 503)
  async webFinish(@Body() body: unknown): Promise<z.infer<typeof sessionSchema>> {
    const input = parseInput(webFinishSchema, body, 'body');
    return sessionView(await this.identity.signIn(await this.github.webFinish(input), 'github-web'));
  }

  @Delete('api/v1/auth/session')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Sign out: revoke the sign-in session sent as the bearer credential' })
  @ApiProblems(400, 401)
  async signOut(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.identity.signOut(principal);
  }

  private async proofLogin(method: ProofMethod, body: unknown): Promise<z.infer<typeof registryTokenSchema>> {
    return this.identity.registryTokenForProof(
      await this.namespaces.verify(method, parseInput(proofLoginSchema, body, 'body')),
    );
  }
}
