import { Injectable } from '@nestjs/common';
import {
  HubError,
  type OrgRole,
  type Principal,
  assertAnotherOwner,
  assertMayGrant,
  forbidden,
  hasRole,
  notFound,
} from '@mcp-hub/domain';
import { UsersRepository } from '../../admin/users.repository';
import { AuditService } from '../../audit/audit.service';
import { OrgsService } from '../orgs.service';
import { MembersRepository } from './members.repository';

/** An org's members and their roles. Only owners make or unmake owners; an org always keeps one. */
@Injectable()
export class MembersService {
  constructor(
    private readonly orgs: OrgsService,
    private readonly repo: MembersRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  async members(by: Principal, name: string): Promise<{ login: string; role: OrgRole; since: Date }[]> {
    const org = await this.orgs.access(by, name);
    return this.repo.list(org.id);
  }

  /** Adds an existing user at once (a private instance's admin, or an org owner/admin). */
  async addMember(by: Principal, name: string, input: { login: string; role: OrgRole }) {
    const org = await this.orgs.access(by, name, 'admin');
    assertMayGrant(by, org.id, input.role);
    const user = await this.users.byLogin(input.login);
    if (!user)
      throw notFound(
        `No user ${input.login} on this Hub: invite them instead (POST …/members/invitations); they join when they sign in.`,
      );
    if (!(await this.repo.add(org.id, user.id, input.role)))
      throw new HubError(
        'conflict',
        `${user.login} is already a member of ${name}; change the role with PATCH …/members/${user.login}.`,
      );
    await this.audit.record(by, 'member.added', user.login, org.id, { role: input.role });
    return { login: user.login, role: input.role };
  }

  async setRole(by: Principal, name: string, login: string, role: OrgRole) {
    const org = await this.orgs.access(by, name, 'admin');
    const user = await this.users.byLogin(login);
    const from = await this.repo.withLocked(org.id, user?.id, async (member) => {
      if (!member.role) throw notFound(`${login} is not a member of ${name}`);
      if (member.role === role) throw new HubError('no_change', `${login} is already ${role} in ${name}.`);
      assertMayGrant(by, org.id, role);
      if (member.role === 'owner') {
        if (!hasRole(by, org.id, 'owner')) throw forbidden('Only an owner can change an owner’s role.');
        assertAnotherOwner(await member.otherOwners(), name);
      }
      await member.setRole(role);
      return member.role;
    });
    await this.audit.record(by, 'member.role-changed', user!.login, org.id, { from, to: role });
    return { login: user!.login, role };
  }

  /** An admin removes a member, or a member leaves. */
  async removeMember(by: Principal, name: string, login: string): Promise<void> {
    const org = await this.orgs.access(by, name);
    const self = by.login === login.toLowerCase();
    if (!self && !hasRole(by, org.id, 'admin')) throw forbidden(`Removing members needs the admin role in ${name}.`);
    const user = await this.users.byLogin(login);
    await this.repo.withLocked(org.id, user?.id, async (member) => {
      if (!member.role) throw notFound(`${login} is not a member of ${name}`);
      if (member.role === 'owner') {
        if (!self && !hasRole(by, org.id, 'owner')) throw forbidden('Only an owner can remove an owner.');
        assertAnotherOwner(await member.otherOwners(), name);
      }
      await member.remove();
    });
    await this.audit.record(by, 'member.removed', login.toLowerCase(), org.id);
  }
}
