import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiJsonResponse, ApiProblems } from '@mcp-hub/http';
import { z } from 'zod';
import { Authenticated, CurrentPrincipal } from '@mcp-hub/auth';
import type { Principal } from '@mcp-hub/domain';

const whoamiSchema = z.object({
  tokenId: z.string(),
  namespace: z.string().describe('The first namespace pattern it may publish into, e.g. io.github.alice/*'),
  namespaces: z.array(z.string()).describe('Every namespace pattern it may publish into'),
  scopes: z.array(z.string()),
  kind: z
    .enum(['api', 'session', 'jwt'])
    .describe('api: an API token; session: a sign-in (GitHub); jwt: a short-lived registry token'),
  login: z.string().optional().describe('The signed-in user, when the credential speaks for one'),
});

/** Lets a client (mcpm login / whoami) check a token and show what it may do. */
@ApiTags('tokens')
@Controller('api/v1/whoami')
export class WhoamiController {
  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The identity behind the bearer token: its id, namespace pattern and scopes' })
  @ApiJsonResponse(200, whoamiSchema, 'The caller')
  @ApiProblems(401)
  whoami(@CurrentPrincipal() principal: Principal): z.infer<typeof whoamiSchema> {
    return {
      tokenId: principal.tokenId,
      namespace: principal.namespaces[0] ?? '',
      namespaces: principal.namespaces,
      scopes: principal.scopes,
      kind: principal.kind,
      ...(principal.login ? { login: principal.login } : {}),
    };
  }
}
