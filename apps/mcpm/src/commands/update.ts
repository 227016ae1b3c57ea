import type { Context } from '../context';
import { CliError } from '../errors';
import { HOSTS } from '../hosts';
import { applyPlans, chooseScope, parseEnvFlags, planServer, type Plan } from '../install/installer';
import { lockPublishedTools } from '../install/published-tools';
import { parseSpec } from '../install/spec';
import { readLock } from '../lock';
import type { Args } from '../args';
import { installed } from './list';
import { isNewer, outdatedOf } from './outdated';

export async function run(ctx: Context, args: Args): Promise<number> {
  const scope = chooseScope(ctx, args.flags);
  const lock = readLock(scope.lockPath);
  const only = args.positionals[0] ? parseSpec(args.positionals[0]).name : undefined;
  if (only && !lock.servers[only])
    throw new CliError(
      'not_found',
      `${only} is not installed ${scope.kind === 'project' ? `in ${scope.root}` : 'globally'}.`,
      'See what is: mcpm list',
    );
  const list = installed(ctx, { [scope.kind]: true }).filter((s) => !only || s.name === only);
  const candidates = (await outdatedOf(ctx, list)).filter((r) => isNewer(r.wanted, r.current));
  if (candidates.length === 0) {
    ctx.out.info(only ? `${only} is up to date.` : 'Everything is up to date.');
    return 0;
  }
  const values = parseEnvFlags(args.flags.env as string[] | undefined);
  const plans: Plan[] = [];
  for (const c of candidates) {
    const existing = lock.servers[c.name]!;
    const versions = await ctx.registry().versions(c.name);
    const plan = await planServer(ctx, {
      name: c.name,
      want: c.wanted,
      versions,
      values,
      existing,
      hosts: existing.hosts.map((id) => HOSTS[id]),
      direct: existing.direct,
      dev: existing.dev,
    });
    await lockPublishedTools(ctx, plan, existing);
    plans.push(plan);
  }
  for (const p of plans) for (const w of p.warnings) ctx.out.warn(w);
  const result = await applyPlans(ctx, scope, plans, { dryRun: args.flags['dry-run'] === true });
  if (!result) return 0;
  for (const p of plans) ctx.out.info(`↑ ${p.name} ${lock.servers[p.name]!.version} → ${p.version}`);
  return 0;
}
