import { Injectable } from '@nestjs/common';
import {
  HubError,
  type OrgRole,
  type Principal,
  assertMayGrant,
  invitationExpiry,
  isInvitationId,
  notFound,
  unauthorized,
} from '@mcp-hub/domain';
import { Clock } from '@mcp-hub/http';
import { UsersRepository } from '../../admin/users.repository';
import { AuditService } from '../../audit/audit.service';
import { OrgsService } from '../orgs.service';
import { InvitationsRepository } from './invitations.repository';
import { MembersRepository } from './members.repository';

/** Invitations: an org admin invites a GitHub login with a role; that user, signed in, accepts or declines. */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly orgs: OrgsService,
    private readonly repo: InvitationsRepository,
    private readonly members: MembersRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async invite(by: Principal, name: string, input: { login: string; role: OrgRole }) {
    const org = await this.orgs.access(by, name, 'admin');
    assertMayGrant(by, org.id, input.role);
    const login = input.login.toLowerCase();
    const existing = await this.users.byLogin(login);
    if (existing) {
      const role = await this.members.roleOf(org.id, existing.id);
      if (role)
        throw new HubError(
          'conflict',
          `${login} is already a member of ${name} (${role}); change the role with PATCH …/members/${login}.`,
        );
    }
    const row = await this.repo.create({
      orgId: org.id,
      login,
      role: input.role,
      invitedBy: by.login ?? `token:${by.tokenId.slice(0, 8)}`,
      expiresAt: invitationExpiry(this.clock.now()),
    });
    await this.audit.record(by, 'member.invited', login, org.id, { role: input.role });
    return { id: row.id, org: name, login, role: input.role, expiresAt: row.expiresAt.toISOString() };
  }

  async invitations(by: Principal, name: string) {
    const org = await this.orgs.access(by, name, 'admin');
    const rows = await this.repo.openFor(org.id, this.clock.now());
    return rows.map((r) => ({
      id: r.id,
      org: name,
      login: r.login,
      role: r.role,
      expiresAt: r.expiresAt.toISOString(),
    }));
  }

  /** The open invitations addressed to the caller's login. */
  async invitationsFor(by: Principal) {
    if (!by.userId || !by.login)
      throw unauthorized('Invitations are addressed to users: sign in, or use a personal token.');
    const rows = await this.repo.openTo(by.login, this.clock.now());
    return rows.map((r) => ({
      id: r.id,
      org: r.org,
      login: r.login,
      role: r.role,
      invitedBy: r.invitedBy,
      expiresAt: r.expiresAt.toISOString(),
    }));
  }

  /** The invited user says no: the invitation is closed (and audited in the org's log). */
  async decline(by: Principal, id: string): Promise<void> {
    if (!by.userId || !by.login)
      throw unauthorized('Declining an invitation needs you signed in as the invited user (a personal token).');
    if (!isInvitationId(id)) throw notFound(`No invitation ${id} for ${by.login}`);
    const orgId = await this.repo.decline(id, by.login, this.clock.now());
    if (!orgId) throw notFound(`No open invitation ${id} for ${by.login}`);
    await this.audit.record(by, 'member.declined', by.login, orgId);
  }

  /** The invited user (signed in as that login) joins with the invited role. */
  async accept(by: Principal, id: string): Promise<{ org: string; role: OrgRole }> {
    if (!by.userId || !by.login)
      throw unauthorized('Accepting an invitation needs you signed in as the invited user (a personal token).');
    if (!isInvitationId(id)) throw notFound(`No invitation ${id} for ${by.login}`);
    const result = await this.repo.accept(id, by.login, by.userId, this.clock.now());
    if (!result) throw notFound(`No open invitation ${id} for ${by.login}`);
    await this.audit.record(by, 'member.joined', by.login, result.orgId, { role: result.role });
    return { org: result.org, role: result.role };
  }
}
