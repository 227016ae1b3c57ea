import { Injectable } from '@nestjs/common';
import { type CreateTokenInput, HubError, type Principal } from '@mcp-hub/domain';
import { AuditService } from '../audit/audit.service';
import { type CreatedToken, TokensService } from '../tokens/tokens.service';
import { UsersRepository } from './users.repository';

/** What only an instance admin does (the controller checks that): users without GitHub and their personal tokens. */
@Injectable()
export class AdminService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
  ) {}

  async createUser(by: Principal, input: { login: string; name?: string }): Promise<{ login: string }> {
    const login = input.login.toLowerCase();
    if (!(await this.users.create(login, input.name)))
      throw new HubError('conflict', `A user ${login} already exists.`);
    await this.audit.record(by, 'user.created', login);
    return { login };
  }

  async userToken(by: Principal, login: string, input: CreateTokenInput): Promise<CreatedToken> {
    const user = await this.users.byLogin(login);
    if (!user) throw new HubError('not_found', `No user ${login}`);
    return this.tokens.create(input, by, { userId: user.id }, { user: login.toLowerCase() });
  }
}
