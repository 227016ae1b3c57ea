import { forbidden } from './errors';
import { matchesNamespacePattern } from './names';
import type { TokenScope } from './registry';
import { type OrgRole, type Viewer, roleAtLeast } from './tenancy';

/** How a short-lived token was earned, as upstream's `auth_method` claim names it. */
export type AuthMethod = 'github-at' | 'github-device' | 'github-web' | 'dns' | 'http' | 'token';

export interface RegistryPermission {
  action: 'publish';
  /** A namespace pattern, e.g. `io.github.alice/*`. */
  resource: string;
}

/** The claims of a Hub registry JWT: upstream's (auth_method, permissions) plus the Hub's own ids. */
export interface RegistryClaims {
  iss: string;
  sub: string;
  iat: number;
  nbf: number;
  exp: number;
  /** Unique per JWT; stands for the credential in audit entries and `published_by`. */
  jti: string;
  auth_method: AuthMethod;
  /** Who, for that method: a GitHub login, a domain, a token id. */
  auth_method_sub: string;
  permissions: RegistryPermission[];
  scp: TokenScope[];
  /** The Hub user it speaks for; their org memberships are read fresh on every request. */
  uid?: string;
  /** The org it speaks for (minted from an org token). */
  oid?: string;
  /** The API token it was minted from. */
  tid?: string;
}

export type MintClaims = Omit<RegistryClaims, 'iss' | 'iat' | 'nbf' | 'exp' | 'jti'>;

/** Who is calling: resolved from a bearer token, fresh on every request (role changes apply at once). */
export interface Principal {
  /** The credential: an API token's id, or a JWT's id (jti) when it was minted from a proof or GitHub. */
  tokenId: string;
  /** api: an API token; session: a sign-in's long-lived credential; jwt: a short-lived registry JWT. */
  kind: 'api' | 'session' | 'jwt';
  /** Namespace patterns it may publish in (an API token: its one pattern; a session: the user's namespaces). */
  namespaces: string[];
  scopes: TokenScope[];
  /** The JWT's claims, when the credential is one. */
  jwt?: RegistryClaims;
  /**
   * The API token (kind api) at work: the token itself, or the one a JWT was minted from. Tokens
   * this caller mints are delegated from it (its children); a sign-in or a proof has none.
   */
  apiTokenId?: string;
  /** The user the token acts for (a personal token). */
  userId?: string;
  login?: string;
  /** The org the token belongs to (an org token). */
  orgId?: string;
  /** The user's organizations and roles, as the database says now. */
  memberships: Map<string, OrgRole>;
  /** Whose private servers this caller sees. */
  viewer: Viewer;
}

/** An instance admin: an "admin" token that belongs to no organization. */
export const isAdmin = (p: Principal) => p.scopes.includes('admin') && !p.orgId;

/** How the audit log names a caller. */
export const actorOf = (p: Principal) => (p.login ? `user:${p.login}` : `token:${p.tokenId.slice(0, 8)}`);

/** The caller's standing in an org: its role as a member, or what an org token of that org is. */
export function roleIn(p: Principal, orgId: string): OrgRole | undefined {
  if (isAdmin(p)) return 'owner';
  if (p.orgId === orgId)
    return p.scopes.includes('admin') ? 'admin' : p.scopes.includes('publish') ? 'publisher' : 'viewer';
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
  if (!isAdmin(p))
    throw forbidden('This action needs an instance admin token (the "admin" scope, not bound to an organization).');
}

/**
 * Managing a server's runtime data (declaring its capabilities, asking for a new inspection): an
 * instance admin, or a caller who may publish the name — and, for a server private to an org, a
 * publisher (or more) of that org.
 */
export function assertMayManage(p: Principal, serverName: string, privateOrgId: string | null): void {
  if (isAdmin(p)) return;
  assertMayWrite(p, serverName);
  if (privateOrgId !== null && !hasRole(p, privateOrgId, 'publisher')) {
    throw forbidden(`Only the organization's publishers and admins may manage "${serverName}".`);
  }
}
