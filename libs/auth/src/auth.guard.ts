import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
  UseGuards,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ANONYMOUS, type Principal, type Viewer, unauthorized } from '@mcp-hub/domain';
import type { FastifyRequest } from 'fastify';
import { Credentials } from './credentials';

type AuthedRequest = FastifyRequest & { principal?: Principal };

/**
 * The one gate for authenticated routes. Today it accepts Hub API tokens; GitHub sign-in and
 * registry JWTs plug in here later without touching the controllers.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly credentials: Credentials) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    if (!request.headers.authorization)
      throw unauthorized('Missing Authorization header: send "Authorization: Bearer <token>".');
    request.principal = await this.credentials.fromRequest(request);
    return true;
  }
}

/**
 * For reads anyone may make: with no credentials the caller is anonymous (public servers only);
 * credentials, when sent, must be valid — a revoked or expired token is told so, never quietly
 * treated as anonymous.
 */
@Injectable()
export class OptionalAuthGuard implements CanActivate {
  constructor(private readonly credentials: Credentials) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    // Anonymous reads (most of them) pass without a promise: a cached search answer is a memory read.
    if (!request.headers.authorization) return true;
    return this.credentials.fromRequest(request).then((principal) => {
      request.principal = principal;
      return true;
    });
  }
}

export const Authenticated = () => applyDecorators(UseGuards(AuthGuard), ApiBearerAuth());
export const OptionallyAuthenticated = () => applyDecorators(UseGuards(OptionalAuthGuard), ApiBearerAuth());

/**
 * Whose private servers the caller sees (anonymous: nobody's), as `Credentials.viewerOf` says;
 * with `@OptionallyAuthenticated()` (or `@Authenticated()`) on the route.
 */
export const CurrentViewer = createParamDecorator((_: unknown, ctx: ExecutionContext): Viewer => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().principal?.viewer ?? ANONYMOUS;
});

export const MaybePrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().principal;
});

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw unauthorized('Not authenticated.');
  return principal;
});
