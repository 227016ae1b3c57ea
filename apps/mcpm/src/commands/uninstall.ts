import type { Context } from '../context';
import { CliError, usage } from '../errors';
import { HOSTS } from '../hosts';
import { chooseScope, removeFromHosts } from '../install/installer';
import { parseSpec } from '../install/spec';
import { globalScope, projectScope, findProjectRoot, readLock, writeLock } from '../lock';
import type { Args } from '../args';
import { readManifest, removeFromManifest } from '../manifest';

export async function run(ctx: Context, args: Args): Promise<number> {
  if (args.positionals.length !== 1)
    throw usage('mcpm uninstall takes one server name.', 'See what is installed: mcpm list');
  const { name } = parseSpec(args.positionals[0]!);
  const scope = chooseScope(ctx, args.flags);
  const dryRun = args.flags['dry-run'] === true;
  const lock = readLock(scope.lockPath);
  const entry = lock.servers[name];
  // Without a lock entry, still clean up host entries that run this server through mcpm, but
  // never an entry that merely has the same key: that one may be the user's own.
  const hosts = entry ? entry.hosts.map((id) => HOSTS[id]) : Object.values(HOSTS);
  const removed = removeFromHosts(ctx, scope, name, entry?.key, hosts, dryRun);
  const manifest = scope.manifestPath ? readManifest(scope.manifestPath) : undefined;
  const inManifest = manifest?.dependencies?.[name] !== undefined || manifest?.devDependencies?.[name] !== undefined;
  if (!entry && removed.length === 0 && !inManifest) {
    throw new CliError(
      'not_found',
      `${name} is not installed ${scope.kind === 'project' ? `in ${scope.root}` : 'globally'}.`,
      'See what is: mcpm list' + (scope.kind === 'project' ? ' (or add -g for the global scope)' : ''),
    );
  }
  if (dryRun) return 0;
  if (entry) {
    delete lock.servers[name];
    writeLock(scope.lockPath, lock);
  }
  if (scope.manifestPath && manifest) removeFromManifest(scope.manifestPath, manifest, name);
  let secrets = 0;
  if (args.flags['keep-secrets'] !== true && !installedElsewhere(ctx, name, scope.lockPath)) {
    secrets = await (await ctx.vault()).deleteServer(name);
  }
  ctx.out.info(`- ${name}${entry ? `@${entry.version}` : ''}`);
  for (const r of removed)
    ctx.out.info(r.deleted ? `  deleted ${r.file} (it held only this server)` : `  removed from ${r.file}`);
  if (secrets) ctx.out.info(`  ${secrets} secret${secrets > 1 ? 's' : ''} deleted from the vault`);
  return 0;
}

/** Secrets are per server, shared by its global and project installs: keep them while another uses them. */
function installedElsewhere(ctx: Context, name: string, except: string): boolean {
  const root = findProjectRoot(ctx.config.cwd);
  const scopes = [globalScope(ctx.config.home), ...(root ? [projectScope(root)] : [])].filter(
    (s) => s.lockPath !== except,
  );
  return scopes.some((s) => readLock(s.lockPath).servers[name] !== undefined);
}
