import type { ExecutionContext } from '@nestjs/common';
import { HubError, type Principal } from '@mcp-hub/domain';
import { AuthGuard, OptionalAuthGuard } from './auth.guard';
import type { Credentials } from './credentials';

const principal = {
  tokenId: 't',
  kind: 'api',
  namespaces: [],
  scopes: ['read'],
  memberships: new Map(),
  viewer: { all: false, orgs: ['o'] },
} as Principal;
const credentials = {
  fromRequest: async (r: { headers: Record<string, string> }) => (r.headers.authorization ? principal : undefined),
} as unknown as Credentials;
const context = (request: object) =>
  ({ switchToHttp: () => ({ getRequest: () => request }) }) as unknown as ExecutionContext;

describe('AuthGuard', () => {
  it('refuses a request without credentials, with the Hub’s 401 text', async () => {
    const error = await new AuthGuard(credentials).canActivate(context({ headers: {} })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubError);
    expect(error).toMatchObject({
      code: 'unauthorized',
      message: 'Missing Authorization header: send "Authorization: Bearer <token>".',
    });
  });

  it('puts the principal on the request', async () => {
    const request: { headers: object; principal?: Principal } = { headers: { authorization: 'Bearer x' } };
    expect(await new AuthGuard(credentials).canActivate(context(request))).toBe(true);
    expect(request.principal).toBe(principal);
  });
});

describe('OptionalAuthGuard', () => {
  it('lets an anonymous request through without a principal', async () => {
    const request: { headers: object; principal?: Principal } = { headers: {} };
    expect(await new OptionalAuthGuard(credentials).canActivate(context(request))).toBe(true);
    expect(request.principal).toBeUndefined();
  });
});
