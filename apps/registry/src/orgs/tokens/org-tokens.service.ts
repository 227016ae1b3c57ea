import { Injectable } from '@nestjs/common';
import { type CreateTokenInput, type Principal, forbidden, isAdmin, namespacePatternWithin } from '@mcp-hub/domain';
import type { TokenRecord } from '../../tokens/token.repository';
import { TokenRepository } from '../../tokens/token.repository';
import { type CreatedToken, TokensService } from '../../tokens/tokens.service';
import { OrgsService } from '../orgs.service';

/**
 * An org's tokens (its admins manage them): `read` sees the org's private servers; `publish` writes
 * inside its namespace pattern, which must lie inside a namespace the org owns; `admin` manages the org.
 */
@Injectable()
export class OrgTokensService {
  constructor(
    private readonly orgs: OrgsService,
    private readonly tokens: TokensService,
    private readonly tokenRepo: TokenRepository,
  ) {}

  async create(by: Principal, name: string, input: CreateTokenInput): Promise<CreatedToken> {
    const org = await this.orgs.access(by, name, 'admin');
    if (input.scopes.includes('publish') && !isAdmin(by)) {
      const owned = await this.orgs.namespacesOf(org.id);
      if (!owned.some((ns) => namespacePatternWithin(input.namespace, `${ns}/*`))) {
        throw forbidden(
          owned.length
            ? `An org token may publish only inside ${name}'s namespaces (${owned.map((n) => `${n}/*`).join(', ')}); "${input.namespace}" reaches outside them.`
            : `${name} owns no namespace yet, so its tokens cannot publish: verify one first (POST /api/v1/orgs/${name}/namespaces).`,
        );
      }
    }
    return this.tokens.create(input, by, { orgId: org.id });
  }

  async list(by: Principal, name: string): Promise<TokenRecord[]> {
    const org = await this.orgs.access(by, name, 'admin');
    return this.tokenRepo.listForOrg(org.id);
  }

  async revoke(by: Principal, name: string, id: string): Promise<void> {
    const org = await this.orgs.access(by, name, 'admin');
    await this.tokens.revoke(id, by, org.id);
  }

  async uses(by: Principal, name: string, id: string, query: { days: number; limit: number }) {
    const org = await this.orgs.access(by, name, 'admin');
    return this.tokens.uses(id, query, { orgId: org.id });
  }
}
