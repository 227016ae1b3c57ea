import type { Context } from '../context';
import { usage } from '../errors';
import {
  applyPlans,
  chooseHosts,
  chooseScope,
  parseEnvFlags,
  parsePackageChoice,
  planServer,
  type Plan,
} from '../install/installer';
import { lockPublishedTools } from '../install/published-tools';
import { parseSpec } from '../install/spec';
import { readLock } from '../lock';
import type { Args } from '../args';
import { addToManifest, readManifest, requirements } from '../manifest';
import { HOSTS } from '../hosts';
import type { HostAdapter, HostId } from '../hosts/types';

export async function run(ctx: Context, args: Args): Promise<number> {
  const scope = chooseScope(ctx, args.flags);
  const values = parseEnvFlags(args.flags.env as string[] | undefined);
  const dryRun = args.flags['dry-run'] === true;
  const prefer = parsePackageChoice(args.flags.package);
  const lock = readLock(scope.lockPath);
  const manifest = scope.manifestPath ? readManifest(scope.manifestPath) : undefined;

  let wanted: { name: string; want?: string; dev: boolean; save: boolean }[];
  if (args.positionals.length === 0) {
    if (!manifest || !scope.manifestPath) {
      throw usage(
        'mcpm install needs a server name (or an mcp.json in this project).',
        'e.g. mcpm install io.github.acme/weather --host cursor; find names with mcpm search <words>',
      );
    }
    wanted = requirements(manifest, scope.manifestPath, args.flags.production !== true).map((r) => ({
      name: r.name,
      want: r.range,
      dev: r.dev,
      save: false,
    }));
    if (wanted.length === 0) {
      ctx.out.info(`${scope.manifestPath} lists no servers.`);
      return 0;
    }
  } else {
    if (args.flags.as && args.positionals.length > 1)
      throw usage('--as names one entry; install one server at a time with it.');
    wanted = args.positionals.map((p) => ({ ...parseSpec(p), dev: args.flags['save-dev'] === true, save: true }));
    if (manifest && scope.manifestPath) {
      // A name the manifest already constrains must stay inside its range unless given explicitly.
      const reqs = requirements(manifest, scope.manifestPath);
      for (const w of wanted) w.want ??= reqs.find((r) => r.name === w.name)?.range;
    }
  }

  const plans: Plan[] = [];
  for (const w of wanted) {
    const existing = lock.servers[w.name];
    const perServer = manifest?.servers?.[w.name];
    const hosts = chooseHosts(
      ctx,
      (args.flags.host as string[] | undefined) ?? perServer?.hosts,
      scope,
      existing?.hosts,
    );
    const versions = await ctx.out.busy(`Looking up ${w.name}`, () => ctx.registry().versions(w.name));
    const plan = await planServer(ctx, {
      name: w.name,
      want: w.want,
      versions,
      values: { ...perServer?.env, ...values },
      prefer,
      direct: args.flags.direct === true || existing?.direct,
      key: args.flags.as as string | undefined,
      dev: w.dev,
      hosts: mergeHosts(hosts, existing?.hosts),
      existing,
    });
    await lockPublishedTools(ctx, plan, existing);
    plans.push(plan);
  }

  for (const p of plans) for (const w of p.warnings) ctx.out.warn(w);
  const result = await applyPlans(ctx, scope, plans, { dryRun });
  if (!result) return 0;

  if (manifest && scope.manifestPath) {
    let current = manifest;
    for (const w of wanted.filter((x) => x.save)) {
      const plan = plans.find((p) => p.name === w.name)!;
      addToManifest(
        scope.manifestPath,
        current,
        w.name,
        w.want && w.want !== 'latest' ? w.want : `^${plan.version}`,
        w.dev,
      );
      current = readManifest(scope.manifestPath);
    }
  }
  for (const p of plans) {
    ctx.out.info(
      `+ ${p.name}@${p.version} (${p.target.kind === 'remote' ? `remote ${p.target.remote.url}` : `${p.target.pkg.registryType} ${p.target.pkg.identifier}`}) → ${p.hosts.map((h) => h.title).join(', ')}`,
    );
    for (const n of p.notes) ctx.out.info(`  note: ${n}`);
    if (p.secrets.length)
      ctx.out.info(
        `  ${p.secrets.length} secret${p.secrets.length > 1 ? 's' : ''} stored in the vault (${(await ctx.vault()).location})`,
      );
  }
  for (const f of result.files) ctx.out.info(`  wrote ${f.file}${f.backup ? ` (backup ${f.backup})` : ''}`);
  ctx.out.info(`  locked in ${result.lockPath}`);
  // Only what was asked for by name: installing a project's manifest is not a new choice.
  if (args.positionals.length > 0) await Promise.all(plans.map((p) => ctx.registry().countInstall(p.name)));
  return 0;
}

/** A reinstall keeps the hosts the server was already in, plus any newly asked for. */
function mergeHosts(chosen: HostAdapter[], locked: HostId[] | undefined): HostAdapter[] {
  const extra = (locked ?? []).filter((id) => !chosen.some((h) => h.id === id)).map((id) => HOSTS[id]);
  return [...chosen, ...extra];
}
