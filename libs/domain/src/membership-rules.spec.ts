import type { Principal } from './access';
import { HubError } from './errors';
import { assertAnotherOwner, assertMayGrant, invitationExpiry, isInvitationId } from './membership-rules';

const ORG = '11111111-1111-1111-1111-111111111111';
const member = (role: 'owner' | 'admin'): Principal => ({
  tokenId: '0123456789abcdef',
  kind: 'session',
  namespaces: [],
  scopes: ['read', 'publish'],
  userId: 'u1',
  login: 'alice',
  memberships: new Map([[ORG, role]]),
  viewer: { all: false, orgs: [ORG] },
});

const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(HubError);
    return (e as HubError).code;
  }
};

describe('membership rules', () => {
  it('lets only an owner make someone an owner; any admin grants the other roles', () => {
    expect(codeOf(() => assertMayGrant(member('admin'), ORG, 'owner'))).toBe('forbidden');
    expect(codeOf(() => assertMayGrant(member('admin'), ORG, 'admin'))).toBeUndefined();
    expect(codeOf(() => assertMayGrant(member('owner'), ORG, 'owner'))).toBeUndefined();
  });

  it('never leaves an org without an owner', () => {
    expect(codeOf(() => assertAnotherOwner(0, 'acme'))).toBe('conflict');
    expect(codeOf(() => assertAnotherOwner(1, 'acme'))).toBeUndefined();
  });

  it('keeps an invitation open for 14 days, and takes only UUIDs for its id', () => {
    expect(invitationExpiry(new Date('2026-01-01T00:00:00Z')).toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(isInvitationId('6f1c1b1e-8a5a-4c1e-9a57-0c7b7b0a9f11')).toBe(true);
    expect(isInvitationId('../etc')).toBe(false);
  });
});
