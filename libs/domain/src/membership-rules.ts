import { HubError, forbidden } from './errors';
import { type Principal, hasRole } from './access';
import type { OrgRole } from './tenancy';

/** How long an invitation to an org stays open. */
export const INVITATION_DAYS = 14;

export const invitationExpiry = (now: Date): Date => new Date(now.getTime() + INVITATION_DAYS * 86_400_000);

/** Invitation ids are UUIDs: anything else names no invitation. */
export const isInvitationId = (id: string): boolean => /^[0-9a-f-]{36}$/i.test(id);

/** Only an owner may make someone an owner. */
export function assertMayGrant(by: Principal, orgId: string, role: OrgRole): void {
  if (role === 'owner' && !hasRole(by, orgId, 'owner')) throw forbidden('Only an owner can make someone an owner.');
}

/** Nobody can leave an org without an owner: `otherOwners` counts the owners besides the one changing. */
export function assertAnotherOwner(otherOwners: number, orgName: string): void {
  if (otherOwners === 0)
    throw new HubError('conflict', `${orgName} would be left without an owner: make someone else owner first.`);
}
