/**
 * How a host starts (or reaches) a server. `env` and `headers` values are either literal
 * non-secret values or vault references (`vault://<server>/<NAME>`); a secret itself never
 * appears in a Launch, so a Launch may be written to host files and lockfiles as it is.
 */
export type Launch = StdioLaunch | RemoteLaunch;

export interface StdioLaunch {
  kind: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
}

export interface RemoteLaunch {
  kind: 'remote';
  transport: 'streamable-http' | 'sse';
  url: string;
  headers: Record<string, string>;
}

export const VAULT_SCHEME = 'vault://';

export function vaultRef(server: string, name: string): string {
  return `${VAULT_SCHEME}${server}/${name}`;
}

/** `vault://io.github.a/b/API_KEY` → { server: 'io.github.a/b', name: 'API_KEY' }. */
export function parseVaultRef(value: string): { server: string; name: string } | undefined {
  if (!value.startsWith(VAULT_SCHEME)) return undefined;
  const rest = value.slice(VAULT_SCHEME.length);
  const slash = rest.lastIndexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return { server: rest.slice(0, slash), name: rest.slice(slash + 1) };
}

export function isVaultRef(value: string): boolean {
  return parseVaultRef(value) !== undefined;
}
