import type { Launch } from '@mcp-hub/domain';

/**
 * How a host starts (or reaches) a server (the types live in @mcp-hub/domain). In mcpm, `env` and
 * `headers` values are either literal non-secret values or vault references
 * (`vault://<server>/<NAME>`); a secret itself never appears in a Launch, so a Launch may be
 * written to host files and lockfiles as it is.
 */
export type { Launch, RemoteLaunch, StdioLaunch } from '@mcp-hub/domain';

const VAULT_SCHEME = 'vault://';

/** A vault reference anywhere in a string: `vault://<namespace>/<server>/<NAME>` (server names hold one slash). */
const VAULT_REF = /vault:\/\/([a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+)\/([A-Za-z0-9_.-]+)/g;

export function vaultRef(server: string, name: string): string {
  return `${VAULT_SCHEME}${server}/${name}`;
}

export function isVaultRef(value: string): boolean {
  return [...value.matchAll(VAULT_REF)].some((m) => m[0] === value);
}

/** Every string of a launch that may carry a reference: args and env, or URL and headers. */
function launchStrings(launch: Launch): string[] {
  return launch.kind === 'stdio'
    ? [...launch.args, ...Object.values(launch.env)]
    : [launch.url, ...Object.values(launch.headers)];
}

/** The distinct vault references a launch uses. */
export function vaultRefsIn(launch: Launch): { ref: string; server: string; name: string }[] {
  const found = new Map<string, { ref: string; server: string; name: string }>();
  for (const s of launchStrings(launch))
    for (const m of s.matchAll(VAULT_REF)) found.set(m[0], { ref: m[0], server: m[1]!, name: m[2]! });
  return [...found.values()];
}

export const hasVaultRefs = (launch: Launch): boolean => vaultRefsIn(launch).length > 0;

/** Replaces every reference in a string by its value (`values` keyed by the reference text). */
export function fillVaultRefs(s: string, values: ReadonlyMap<string, string>): string {
  return s.replace(VAULT_REF, (whole) => values.get(whole) ?? whole);
}
