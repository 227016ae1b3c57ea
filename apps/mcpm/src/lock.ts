import fs from 'node:fs';
import path from 'node:path';
import type { StoredPackage, StoredRemote } from '@mcp-hub/domain';
import { writeFileAtomic } from './atomic-write';
import { CliError } from './errors';
import type { HostId } from './hosts/types';
import type { Launch } from './launch';

export const LOCKFILE = 'mcpm-lock.json';
export const MANIFEST = 'mcp.json';

/** The package a lock pins: the server.json package's coordinates, and what its bytes must hash to. */
export interface LockedPackage extends Pick<
  StoredPackage,
  'registryType' | 'identifier' | 'version' | 'registryBaseUrl'
> {
  /** npm dist.integrity, OCI manifest digest, or mcpb fileSha256 ("sha256-<hex>"). */
  integrity?: string;
}

export interface LockEntry {
  version: string;
  registry: string;
  package?: LockedPackage;
  remote?: Pick<StoredRemote, 'type' | 'url'>;
  /** How the server is started, with secrets as vault references. */
  launch: Launch;
  /** Key of the entry in each host file. */
  key: string;
  hosts: HostId[];
  /** Whether host entries start the server through `mcpm run` (default) or directly. */
  direct?: boolean;
  dev?: boolean;
  /** sha256 over the server's tools (name, description, input schema), taken by `mcpm test`. */
  toolsHash?: string;
  /** Per-tool hashes behind toolsHash, to name what changed. */
  tools?: Record<string, string>;
  toolsCheckedAt?: string;
  /**
   * The tools the registry published for this version when it was installed (its Runtime
   * service's inspection, or the publisher's declaration): the registry's toolsFingerprint and
   * per-tool fingerprints, the same function as toolsHash, so the two compare directly.
   */
  registryTools?: RegistryTools;
}

export interface RegistryTools {
  /** The registry's toolsFingerprint. */
  hash: string;
  /** Per-tool fingerprints, to name what changed. */
  tools: Record<string, string>;
  source: 'inspected' | 'declared';
  /** When the registry inspected (or was told) them. */
  inspectedAt?: string;
  /** When mcpm locked them. */
  lockedAt: string;
}

export interface Lockfile {
  lockfileVersion: 1;
  servers: Record<string, LockEntry>;
}

export interface Scope {
  kind: 'project' | 'global';
  /** The project root (global: the mcpm home). */
  root: string;
  lockPath: string;
  /** The project's manifest path, when there is one. */
  manifestPath?: string;
}

export function readLock(file: string): Lockfile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { lockfileVersion: 1, servers: {} };
    throw new CliError('invalid', `Cannot read ${file}: ${(e as Error).message}.`, 'Fix its permissions.');
  }
  try {
    const lock = JSON.parse(text) as Lockfile;
    if (lock.lockfileVersion !== 1 || typeof lock.servers !== 'object' || lock.servers === null)
      throw new Error('unknown format');
    return lock;
  } catch (e) {
    throw new CliError(
      'invalid',
      `${file} is not a valid mcpm lockfile (${(e as Error).message}).`,
      'Restore it from version control, or delete it and run mcpm install again.',
    );
  }
}

export function writeLock(file: string, lock: Lockfile): void {
  const sorted: Lockfile = {
    lockfileVersion: 1,
    servers: Object.fromEntries(Object.entries(lock.servers).sort(([a], [b]) => a.localeCompare(b))),
  };
  writeJsonAtomic(file, sorted);
}

/** A project file (lockfile, manifest): pretty JSON, readable by the team. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n', { mode: 0o644 });
}

/** The project mcpm works in: the nearest directory (from cwd up) holding mcp.json or mcpm-lock.json. */
export function findProjectRoot(cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, MANIFEST)) || fs.existsSync(path.join(dir, LOCKFILE))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export function projectScope(root: string): Scope {
  return {
    kind: 'project',
    root,
    lockPath: path.join(root, LOCKFILE),
    manifestPath: fs.existsSync(path.join(root, MANIFEST)) ? path.join(root, MANIFEST) : undefined,
  };
}

export function globalScope(home: string): Scope {
  return { kind: 'global', root: home, lockPath: path.join(home, 'global-lock.json') };
}

/** Locked entries for `name`: the project's first (from cwd), then the global one. */
export function findLocked(name: string, cwd: string, home: string): { entry: LockEntry; scope: Scope } | undefined {
  const root = findProjectRoot(cwd);
  for (const scope of [...(root ? [projectScope(root)] : []), globalScope(home)]) {
    const entry = readLock(scope.lockPath).servers[name];
    if (entry) return { entry, scope };
  }
  return undefined;
}
