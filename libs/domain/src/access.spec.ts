import { HubError } from './errors';
import { type Principal, actorOf, assertAdmin, assertMayWrite, hasRole, isAdmin, roleIn } from './access';

const principal = (p: Partial<Principal> = {}): Principal => ({
  tokenId: '0123456789abcdef',
  kind: 'api',
  namespaces: [],
  scopes: [],
  memberships: new Map(),
  viewer: { all: false, orgs: [] },
  ...p,
});
const ORG = '11111111-1111-1111-1111-111111111111';
const OTHER = '22222222-2222-2222-2222-222222222222';

function forbiddenBy(fn: () => void): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HubError);
    expect((e as HubError).code).toBe('forbidden');
    return (e as HubError).message;
  }
  throw new Error('expected a forbidden error');
}

describe('isAdmin', () => {
  it('is an admin-scoped token bound to no org', () => {
    expect(isAdmin(principal({ scopes: ['admin'] }))).toBe(true);
    expect(isAdmin(principal({ scopes: ['admin'], orgId: ORG }))).toBe(false);
    expect(isAdmin(principal({ scopes: ['publish'] }))).toBe(false);
  });
});

describe('actorOf', () => {
  it('names a user by login, else the token by its id prefix', () => {
    expect(actorOf(principal({ login: 'alice' }))).toBe('user:alice');
    expect(actorOf(principal())).toBe('token:01234567');
  });
});

describe('roleIn / hasRole', () => {
  it('makes an instance admin owner of every org', () => {
    expect(roleIn(principal({ scopes: ['admin'] }), ORG)).toBe('owner');
  });
  it('gives an org token a role in its own org from its scopes, none elsewhere', () => {
    expect(roleIn(principal({ orgId: ORG, scopes: ['admin'] }), ORG)).toBe('admin');
    expect(roleIn(principal({ orgId: ORG, scopes: ['publish'] }), ORG)).toBe('publisher');
    expect(roleIn(principal({ orgId: ORG, scopes: ['read'] }), ORG)).toBe('viewer');
    expect(roleIn(principal({ orgId: ORG, scopes: ['admin'] }), OTHER)).toBeUndefined();
  });
  it('reads a user token’s memberships', () => {
    const user = principal({ userId: 'u', memberships: new Map([[ORG, 'publisher']]) });
    expect(roleIn(user, ORG)).toBe('publisher');
    expect(roleIn(user, OTHER)).toBeUndefined();
    expect(hasRole(user, ORG, 'viewer')).toBe(true);
    expect(hasRole(user, ORG, 'publisher')).toBe(true);
    expect(hasRole(user, ORG, 'admin')).toBe(false);
    expect(hasRole(user, OTHER, 'viewer')).toBe(false);
  });
});

describe('assertMayWrite', () => {
  it('lets an instance admin write anywhere', () => {
    expect(() => assertMayWrite(principal({ scopes: ['admin'] }), 'com.example/x')).not.toThrow();
  });
  it('needs the publish scope', () => {
    expect(forbiddenBy(() => assertMayWrite(principal({ namespaces: ['*'] }), 'com.example/x'))).toBe(
      'This token has no "publish" scope.',
    );
  });
  it('allows only names inside the credential’s namespaces, and says which', () => {
    const one = principal({ scopes: ['publish'], namespaces: ['io.github.alice/*'] });
    expect(() => assertMayWrite(one, 'io.github.alice/weather')).not.toThrow();
    expect(forbiddenBy(() => assertMayWrite(one, 'io.github.bob/weather'))).toBe(
      'You may only publish servers matching "io.github.alice/*"; "io.github.bob/weather" is outside it.',
    );
    const two = principal({ scopes: ['publish'], namespaces: ['io.github.alice/*', 'com.example/*'] });
    expect(forbiddenBy(() => assertMayWrite(two, 'org.other/x'))).toBe(
      'You may only publish servers matching "io.github.alice/*", "com.example/*"; "org.other/x" is outside them.',
    );
    expect(forbiddenBy(() => assertMayWrite(principal({ scopes: ['publish'] }), 'org.other/x'))).toMatch(
      /^You may not publish "org.other\/x": this credential has no namespace to publish in\./,
    );
  });
});

describe('assertAdmin', () => {
  it('refuses anyone but an instance admin', () => {
    expect(() => assertAdmin(principal({ scopes: ['admin'] }))).not.toThrow();
    expect(forbiddenBy(() => assertAdmin(principal({ scopes: ['admin'], orgId: ORG })))).toBe(
      'This action needs an instance admin token (the "admin" scope, not bound to an organization).',
    );
  });
});
