import { type TokenScope, forbidden, matchesNamespacePattern } from '@mcp-hub/domain';

/** Who is calling: resolved from a bearer token by the AuthGuard. */
export interface Principal {
  tokenId: string;
  namespacePattern: string;
  scopes: TokenScope[];
}

export const isAdmin = (p: Principal) => p.scopes.includes('admin');

/** Publishing, deprecating and unpublishing are allowed only inside the token's namespace pattern. */
export function assertMayWrite(p: Principal, serverName: string): void {
  if (isAdmin(p)) return;
  if (!p.scopes.includes('publish')) throw forbidden('This token has no "publish" scope.');
  if (!matchesNamespacePattern(p.namespacePattern, serverName)) {
    throw forbidden(`This token may only publish servers matching "${p.namespacePattern}"; "${serverName}" is outside it.`);
  }
}

export function assertAdmin(p: Principal): void {
  if (!isAdmin(p)) throw forbidden('This action needs a token with the "admin" scope.');
}
