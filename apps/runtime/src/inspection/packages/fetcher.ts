import type { StoredPackage } from '@mcp-hub/domain';

/** A package made ready to run: a host directory the sandbox mounts read-only, and the node script in it. */
export interface FetchedPackage {
  /** Host directory, mounted read-only at PACKAGE_MOUNT inside the sandbox. */
  dir: string;
  /** The script node runs, relative to `dir`. */
  entry: string;
  /** Words the package itself puts before the publisher's packageArguments (an MCP bundle's mcp_config). */
  args?: string[];
  /** Environment the package itself asks for (an MCP bundle's mcp_config). */
  env?: Record<string, string>;
  /** Inputs the package needs that have no default (an MCP bundle's user_config). */
  missingConfig?: string[];
  notes?: string[];
}

/** Brings one registry type's packages onto this machine, outside the sandbox (with network). */
export interface PackageFetcher {
  fetch(pkg: StoredPackage, version: string): Promise<FetchedPackage>;
}

/** Where the package directory appears inside the sandbox. */
export const PACKAGE_MOUNT = '/pkg';

/** The package could not be fetched or is broken: status `failed`, with this reason. */
export class FetchFailed extends Error {}

/** This Hub cannot run such a package at all: status `unsupported`, with this reason. */
export class NotInspectable extends Error {}

/** Whether `relative` (a path a publisher wrote) stays inside the directory it is relative to. */
export function staysInside(relative: string): boolean {
  if (relative === '' || relative.includes('\0') || relative.includes('\\')) return false;
  if (relative.startsWith('/') || /^[A-Za-z]:/.test(relative)) return false;
  return !relative.split('/').includes('..');
}
