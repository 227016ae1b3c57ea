import { Injectable } from '@nestjs/common';
import { type Principal, badRequest, namespaceOf, notFound } from '@mcp-hub/domain';
import { AuditService } from '../../audit/audit.service';
import { OrgsService } from '../orgs.service';
import { AllowListRepository } from './allow-list.repository';

/** An org's allow-list: with it on, the org's sub-registry (/o/<org>) shows only approved servers and the org's own. */
@Injectable()
export class AllowListService {
  constructor(
    private readonly orgs: OrgsService,
    private readonly repo: AllowListRepository,
    private readonly audit: AuditService,
  ) {}

  async list(by: Principal, name: string): Promise<string[]> {
    const org = await this.orgs.access(by, name);
    return this.repo.list(org.id);
  }

  async allow(by: Principal, name: string, server: string, allowed: boolean): Promise<void> {
    const org = await this.orgs.access(by, name, 'admin');
    if (allowed) {
      if (!server.includes('/') || namespaceOf(server).length === 0)
        throw badRequest(`"${server}" is not a server name (namespace/name).`);
      await this.repo.add(org.id, server);
    } else if (!(await this.repo.remove(org.id, server))) {
      throw notFound(`${server} is not on ${name}'s allow-list`);
    }
    await this.audit.record(by, allowed ? 'allow-list.added' : 'allow-list.removed', server, org.id);
  }
}
