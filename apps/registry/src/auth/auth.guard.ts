import { type CanActivate, type ExecutionContext, Injectable, UseGuards, applyDecorators, createParamDecorator } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { unauthorized } from '@mcp-hub/domain';
import type { FastifyRequest } from 'fastify';
import { TokensService } from '../tokens/tokens.service';
import type { Principal } from './principal';

type AuthedRequest = FastifyRequest & { principal?: Principal };

/**
 * The one gate for authenticated routes. Today it accepts Hub API tokens; GitHub sign-in and
 * registry JWTs plug in here later without touching the controllers.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly tokens: TokensService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization;
    if (!header) throw unauthorized('Missing Authorization header: send "Authorization: Bearer <token>".');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthorized('Authorization header must be "Bearer <token>".');
    const principal = await this.tokens.authenticate(match[1]!);
    if (!principal) throw unauthorized('Invalid, expired or revoked token.');
    request.principal = principal;
    return true;
  }
}

export const Authenticated = () => applyDecorators(UseGuards(AuthGuard), ApiBearerAuth());

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw unauthorized('Not authenticated.');
  return principal;
});
