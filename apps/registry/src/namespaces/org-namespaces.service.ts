import { Injectable } from '@nestjs/common';
import { HubError, type Principal, badRequest, forbidden, isAdmin } from '@mcp-hub/domain';
import { Clock } from '@mcp-hub/http';
import { UsersRepository } from '../admin/users.repository';
import { AuditService } from '../audit/audit.service';
import type { Org } from '../orgs/orgs.repository';
import { OrgsService } from '../orgs/orgs.service';
import type { ProofLoginInput, ProofMethod } from './namespace-proof.verifier';
import { NamespacesService } from './namespaces.service';

/** How an org comes to own a namespace: a DNS or HTTP proof, its GitHub organization, or an instance admin's word. */
@Injectable()
export class OrgNamespacesService {
  constructor(
    private readonly orgs: OrgsService,
    private readonly namespaces: NamespacesService,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * `namespace` for the org: any, from an instance admin (a private instance's operator); or
   * io.github.<gh-org>, from an org admin whose GitHub sign-in showed them a member of <gh-org>.
   */
  async assign(by: Principal, name: string, namespace: string) {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(namespace)) {
      throw badRequest(`"${namespace}" is not a namespace: expected lowercase reverse-DNS labels such as com.acme`, [
        { location: 'body.namespace', message: 'expected reverse-DNS labels', value: namespace },
      ]);
    }
    if (isAdmin(by)) return this.claim(by, await this.orgs.access(by, name), namespace, 'admin');
    const github = /^io\.github\.([a-z0-9-]+)$/.exec(namespace)?.[1];
    if (!github) {
      throw forbidden(
        `Prove ${namespace} with a DNS or HTTP proof (send method, domain, timestamp and signedTimestamp), or ask an instance admin to assign it.`,
      );
    }
    const org = await this.orgs.access(by, name, 'admin');
    const githubOrgs = by.userId ? await this.users.githubOrgsOf(by.userId) : undefined;
    if (!githubOrgs || !githubOrgs.includes(github)) {
      throw forbidden(
        `${namespace} needs a GitHub sign-in showing you a member of the GitHub organization ${github}: sign in with GitHub again (granting organization access), then retry.`,
      );
    }
    return this.claim(by, org, namespace, 'github');
  }

  /** A DNS or HTTP proof of a domain gives its namespace to the org (org admin); control of the domain decides, even against another org. */
  async prove(by: Principal, name: string, method: ProofMethod, input: ProofLoginInput) {
    const org = await this.orgs.access(by, name, 'admin');
    const proof = await this.namespaces.verify(method, input);
    const namespace = await this.namespaces.recordProof(proof, org.id, by);
    return { namespace, org: name, method };
  }

  private async claim(by: Principal, org: Org, namespace: string, method: string) {
    const existing = await this.namespaces.ownerOf(namespace);
    if (existing?.orgId && existing.orgId !== org.id) {
      throw new HubError(
        'conflict',
        `${namespace} belongs to another organization${method === 'admin' ? '' : ': a DNS or HTTP proof of the domain, or an instance admin, can move it'}.`,
      );
    }
    await this.namespaces.assignToOrg(namespace, method, org.id, this.clock.now());
    await this.audit.record(by, 'namespace.assigned', namespace, org.id, { method });
    return { namespace, org: org.name, method };
  }
}
