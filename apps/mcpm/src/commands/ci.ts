import type { Context } from '../context';
import { CliError, usage } from '../errors';
import { HOSTS } from '../hosts';
import { applyPlans, parseEnvFlags, type Plan } from '../install/installer';
import { packageIntegrity } from '../install/integrity';
import type { Target } from '../install/plan';
import { vaultRefsIn } from '../launch';
import { findProjectRoot, globalScope, projectScope, readLock } from '../lock';
import type { Args } from '../args';
import { ask } from '../prompt';

/**
 * Installs exactly what the lockfile says: the locked versions and launch commands, into the
 * locked hosts. The registry is not asked which version to take; package integrity is checked
 * again, and a package whose published integrity changed stops the install before any write.
 */
export async function run(ctx: Context, args: Args): Promise<number> {
  const root = findProjectRoot(ctx.config.cwd);
  const scope = args.flags.global ? globalScope(ctx.config.home) : root ? projectScope(root) : undefined;
  if (!scope)
    throw usage(
      'No mcpm-lock.json here.',
      'Run mcpm ci in a project that has one (or -g for the global lock); mcpm install writes it.',
    );
  const lock = readLock(scope.lockPath);
  const names = Object.keys(lock.servers);
  if (names.length === 0) throw usage(`${scope.lockPath} locks no servers.`, 'Install some first: mcpm install <name>');
  const values = parseEnvFlags(args.flags.env as string[] | undefined);
  const plans: Plan[] = [];
  const vault = await ctx.vault();
  for (const name of names) {
    const entry = lock.servers[name]!;
    if (entry.package?.integrity && !ctx.config.offline) {
      const pkg = { ...entry.package, version: entry.package.version };
      const now = await packageIntegrity(pkg, entry.package.version ?? entry.version, ctx.config.npmRegistry);
      if ('integrity' in now && now.integrity !== entry.package.integrity) {
        throw new CliError(
          'integrity',
          `${entry.package.identifier}@${entry.package.version ?? entry.version} (${name}) no longer matches the lockfile: locked ${entry.package.integrity}, registry says ${now.integrity}.`,
          'Someone republished or tampered with the package. Do not install it; investigate, then mcpm update if the change is legitimate.',
        );
      }
    }
    const secrets: Plan['secrets'] = [];
    for (const { server, name: secretName } of vaultRefsIn(entry.launch)) {
      const ref = { server, name: secretName };
      if ((await vault.get(ref)) !== undefined) continue;
      let value = values[secretName];
      if (value === undefined && ctx.config.interactive)
        value = (await ask(`${secretName} for ${name} (secret, not shown): `, { secret: true })).trim();
      if (!value)
        throw usage(
          `${name} needs the secret ${secretName}, which is not in this machine's vault.`,
          `Pass it with --env ${secretName}=… (it goes to the vault, never to host files).`,
        );
      secrets.push({ ref, value });
    }
    const target: Target = entry.package
      ? { kind: 'package', pkg: entry.package }
      : { kind: 'remote', remote: { type: entry.remote?.type ?? 'streamable-http', url: entry.remote?.url ?? '' } };
    plans.push({
      name,
      version: entry.version,
      target,
      launch: entry.launch,
      key: entry.key,
      hosts: entry.hosts.map((id) => HOSTS[id]),
      secrets,
      lock: entry,
      warnings: [],
      notes: [],
    });
  }
  const result = await applyPlans(ctx, scope, plans, { dryRun: args.flags['dry-run'] === true });
  if (!result) return 0;
  for (const p of plans) ctx.out.info(`= ${p.name}@${p.version} → ${p.hosts.map((h) => h.title).join(', ')}`);
  for (const f of result.files) ctx.out.info(`  wrote ${f.file}`);
  return 0;
}
