import { Body, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CurrentPrincipal } from '@mcp-hub/auth';
import type { Principal } from '@mcp-hub/domain';
import { ApiJsonBody, ApiJsonResponse, ApiProblems, parseInput } from '@mcp-hub/http';
import { z } from 'zod';
import { OrgsApi } from '../orgs/orgs-api';
import { OrgNamespacesService } from './org-namespaces.service';

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

/** POST /api/v1/orgs/:org/namespaces: an org gets a namespace (part of the organizations API, tag orgs). */
@OrgsApi()
export class OrgNamespacesController {
  constructor(private readonly orgNamespaces: OrgNamespacesService) {}

  @Post('orgs/:org/namespaces')
  @ApiOperation({
    summary: 'Give the org a namespace',
    description:
      'Three ways: a DNS or HTTP proof of a domain (org admin; `{method, domain, timestamp, signedTimestamp}` as for /v0.1/auth/dns), ' +
      'io.github.<org> for a GitHub organization the signed-in admin belongs to (`{namespace}`), or any namespace by an instance admin (`{namespace}`; a private instance needs no proof).',
  })
  @ApiJsonBody(namespaceBody)
  @ApiJsonResponse(
    201,
    z.object({ namespace: z.string(), org: z.string(), method: z.string() }),
    "The namespace, now the org's",
  )
  @ApiProblems(400, 401, 403, 404, 409, 503)
  assignNamespace(@CurrentPrincipal() by: Principal, @Param('org') name: string, @Body() body: unknown) {
    const input = parseInput(namespaceBody, body, 'body');
    return 'namespace' in input
      ? this.orgNamespaces.assign(by, name, input.namespace)
      : this.orgNamespaces.prove(by, name, input.method, input);
  }
}
