import fs from 'node:fs';
import type { Context } from '../context';
import { HOSTS } from '../hosts';
import { entryBelongsTo, hostEnvFor, hostScopeOf } from '../install/installer';
import { type Scope, findProjectRoot, globalScope, projectScope, readLock } from '../lock';
import type { Args } from '../args';

export interface Installed {
  name: string;
  version: string;
  scope: 'project' | 'global';
  lockfile: string;
  /** The project's mcp.json, whose ranges say which versions are wanted. */
  manifestPath?: string;
  runsVia: string;
  hosts: { host: string; file: string; key: string }[];
  toolsLocked: boolean;
}

/** Installed servers of the scopes asked for, with the host files that actually reference them. */
export function installed(ctx: Context, flags: Record<string, unknown>): Installed[] {
  const root = findProjectRoot(ctx.config.cwd);
  const scopes: Scope[] = flags.global
    ? [globalScope(ctx.config.home)]
    : flags.project
      ? [projectScope(root ?? ctx.config.cwd)]
      : [...(root ? [projectScope(root)] : []), globalScope(ctx.config.home)];
  const out: Installed[] = [];
  for (const scope of scopes) {
    const lock = readLock(scope.lockPath);
    const env = hostEnvFor(ctx, scope);
    const hs = hostScopeOf(scope);
    const hostEntries = Object.values(HOSTS).flatMap((h) => {
      const file = h.configPath(env, hs);
      if (!file || !fs.existsSync(file)) return [];
      try {
        return h.entries(fs.readFileSync(file, 'utf8'), env).map((e) => ({ host: h.id, file, e }));
      } catch {
        return [];
      }
    });
    for (const [name, entry] of Object.entries(lock.servers)) {
      out.push({
        name,
        version: entry.version,
        scope: scope.kind,
        lockfile: scope.lockPath,
        manifestPath: scope.manifestPath,
        runsVia: entry.package
          ? `${entry.package.registryType} ${entry.package.identifier}`
          : `remote ${entry.remote?.url ?? ''}`,
        hosts: hostEntries
          .filter((x) => (x.e.key === entry.key && entry.hosts.includes(x.host)) || entryBelongsTo(x.e.launch, name))
          .map((x) => ({ host: x.host, file: x.file, key: x.e.key })),
        toolsLocked: entry.toolsHash !== undefined,
      });
    }
  }
  return out;
}

export async function run(ctx: Context, args: Args): Promise<number> {
  const list = installed(ctx, args.flags);
  ctx.out.result({ servers: list }, () => {
    if (list.length === 0) return 'Nothing installed. Find servers with: mcpm search <words>';
    return ctx.out.table([
      ['NAME', 'VERSION', 'SCOPE', 'RUNS VIA', 'HOSTS'],
      ...list.map((s) => [
        s.name,
        s.version,
        s.scope,
        s.runsVia,
        s.hosts.map((h) => h.host).join(', ') || '(no host entry)',
      ]),
    ]);
  });
  return 0;
}
