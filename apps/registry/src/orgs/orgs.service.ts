import { Injectable } from '@nestjs/common';
import {
  HubError,
  type OrgRole,
  type Principal,
  type Visibility,
  forbidden,
  hasRole,
  isAdmin,
  notFound,
  roleIn,
  unauthorized,
} from '@mcp-hub/domain';
import { AuditService } from '../audit/audit.service';
import { type Org, type OrgPatch, OrgsRepository } from './orgs.repository';

export type { Org } from './orgs.repository';

/**
 * Organizations: who may see and administer one (`access`), creating and changing them. Members,
 * invitations, tokens, namespaces and allow-lists build on `access`. An org the caller does not
 * belong to answers 404, like one that does not exist.
 */
@Injectable()
export class OrgsService {
  constructor(
    private readonly repo: OrgsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The org, if the caller has at least `least` in it; 404 if it cannot see the org, 403 if it can but lacks the role. */
  async access(by: Principal, name: string, least: OrgRole = 'viewer'): Promise<Org> {
    const org = await this.repo.byName(name);
    if (!org || !roleIn(by, org.id)) throw notFound(`No organization named ${name}`);
    if (!hasRole(by, org.id, least))
      throw forbidden(`This needs the ${least} role in ${name} (you are ${roleIn(by, org.id)}).`);
    return org;
  }

  async create(by: Principal, input: { name: string; defaultVisibility: Visibility }): Promise<Org> {
    if (!by.userId && !isAdmin(by))
      throw forbidden('Creating an organization needs a signed-in user (a personal token) or an instance admin token.');
    const org = await this.repo.create(input, by.userId);
    if (!org) throw new HubError('conflict', `The organization name ${input.name} is taken: choose another.`);
    await this.audit.record(by, 'org.created', input.name, org.id, { defaultVisibility: input.defaultVisibility });
    return org;
  }

  /** The orgs the caller belongs to (every org for an instance admin), with its role. */
  async mine(by: Principal): Promise<(Org & { role: OrgRole })[]> {
    const rows = await this.repo.all();
    return rows.filter((o) => roleIn(by, o.id)).map((o) => ({ ...o, role: roleIn(by, o.id)! }));
  }

  async update(by: Principal, name: string, patch: OrgPatch): Promise<Org> {
    const org = await this.access(by, name, 'admin');
    if (patch.defaultVisibility === undefined && patch.allowListEnabled === undefined)
      throw new HubError('no_change', 'Nothing to change: send defaultVisibility and/or allowListEnabled.');
    const row = await this.repo.update(org.id, patch);
    await this.audit.record(by, 'org.updated', name, org.id, patch);
    return row;
  }

  /** The namespaces the org owns (verified to it). */
  namespacesOf(orgId: string): Promise<string[]> {
    return this.repo.namespacesOf(orgId);
  }

  /** The org whose sub-registry a caller reads: it must be able to read the org (member, org token, admin). */
  async forSubRegistry(by: Principal | undefined, name: string): Promise<Org> {
    if (!by) throw unauthorized(`The ${name} registry needs a token: send "Authorization: Bearer <org read token>".`);
    return this.access(by, name);
  }
}
