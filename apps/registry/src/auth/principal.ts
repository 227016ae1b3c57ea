import { type OrgRole, forbidden, matchesNamespacePattern, roleAtLeast } from '@mcp-hub/domain';
import type { Principal } from '@mcp-hub/http';

export type { Principal } from '@mcp-hub/http';

/** An instance admin: an "admin" token that belongs to no organization. */
export const isAdmin = (p: Principal) => p.scopes.includes('admin') && !p.orgId;

/** How the audit log names a caller. */
export const actorOf = (p: Principal) => (p.login ? `user:${p.login}` : `token:${p.tokenId.slice(0, 8)}`);

/** The caller's standing in an org: its role as a member, or what an org token of that org is. */
export function roleIn(p: Principal, orgId: string): OrgRole | undefined {
  if (isAdmin(p)) return 'owner';
  if (p.orgId === orgId) return p.scopes.includes('admin') ? 'admin' : p.scopes.includes('publish') ? 'publisher' : 'viewer';
  if (p.orgId) return undefined;
  return p.memberships.get(orgId);
}

export function hasRole(p: Principal, orgId: string, least: OrgRole): boolean {
  const role = roleIn(p, orgId);
  return role !== undefined && roleAtLeast(role, least);
}

/** Publishing, deprecating and unpublishing are allowed only inside the token's namespace pattern. */
export function assertMayWrite(p: Principal, serverName: string): void {
  if (isAdmin(p)) return;
  if (!p.scopes.includes('publish')) throw forbidden('This token has no "publish" scope.');
  if (!p.namespaces.some((pattern) => matchesNamespacePattern(pattern, serverName))) {
    throw forbidden(
      p.namespaces.length === 0
        ? `You may not publish "${serverName}": this credential has no namespace to publish in. Sign in with GitHub (io.github.<you>/*) or prove a domain (DNS or HTTP).`
        : `You may only publish servers matching ${p.namespaces.map((n) => `"${n}"`).join(', ')}; "${serverName}" is outside ${p.namespaces.length === 1 ? 'it' : 'them'}.`,
    );
  }
}

export function assertAdmin(p: Principal): void {
  if (!isAdmin(p)) throw forbidden('This action needs an instance admin token (the "admin" scope, not bound to an organization).');
}
