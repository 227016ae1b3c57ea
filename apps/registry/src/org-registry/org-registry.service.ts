import { Injectable } from '@nestjs/common';
import { type Principal, type Viewer, notFound } from '@mcp-hub/domain';
import type { z } from 'zod';
import { OrgsService } from '../orgs/orgs.service';
import { type listQuerySchema, toListParams } from '../servers/list-query';
import type { JsonText } from '../servers/server-version.record';
import { ServersService } from '../servers/servers.service';

interface Scope {
  viewer: Viewer;
  /** The org, when its allow-list is on. */
  allowListOf?: string;
}

/** An org's sub-registry: the official API's reads, seen as the org sees them and through its allow-list. */
@Injectable()
export class OrgRegistryService {
  constructor(
    private readonly orgs: OrgsService,
    private readonly servers: ServersService,
  ) {}

  async list(by: Principal | undefined, name: string, q: z.infer<typeof listQuerySchema>): Promise<JsonText> {
    const scope = await this.scope(by, name);
    return this.servers.list({ ...scope, ...toListParams(q) });
  }

  async versions(
    by: Principal | undefined,
    name: string,
    server: string,
    includeDeleted: boolean | undefined,
  ): Promise<JsonText> {
    const scope = await this.allowedScope(by, name, server);
    return this.servers.versions(server, scope.viewer, includeDeleted);
  }

  async version(
    by: Principal | undefined,
    name: string,
    server: string,
    version: string,
    includeDeleted: boolean | undefined,
  ): Promise<JsonText> {
    const scope = await this.allowedScope(by, name, server);
    return this.servers.version(server, version, scope.viewer, includeDeleted);
  }

  private async scope(by: Principal | undefined, name: string): Promise<Scope> {
    const org = await this.orgs.forSubRegistry(by, name);
    return { viewer: { all: false, orgs: [org.id] }, allowListOf: org.allowListEnabled ? org.id : undefined };
  }

  /** The scope, once the server is on the allow-list (when it is on): 404 otherwise. */
  private async allowedScope(by: Principal | undefined, name: string, server: string): Promise<Scope> {
    const scope = await this.scope(by, name);
    if (scope.allowListOf && !(await this.servers.allowed(scope.allowListOf, server)))
      throw notFound(`Server ${server} not found`);
    return scope;
  }
}
