import type { Context } from '../context';
import { CliError, usage } from '../errors';
import { hostAdapter, unknownHost } from '../hosts';
import {
  chooseScope,
  entryBelongsTo,
  hostEnvFor,
  hostScopeOf,
  parseEntries,
  planServer,
  readHostFile,
} from '../install/installer';
import { specArgument } from '../install/spec';
import type { Launch } from '../launch';
import { findLocked, readLock, writeLock } from '../lock';
import type { Args } from '../args';
import { isBundleLaunch, materializeBundle } from '../mcp/bundle';
import { probe } from '../mcp/probe';
import { resolveLaunch } from '../mcp/resolve-secrets';
import { describeDiff } from '../install/published-tools';
import { diffTools, fingerprintTools } from '../mcp/tools-hash';
import { bold, red } from '../output';

const CHANGED_EXIT = 12;

export async function run(ctx: Context, args: Args): Promise<number> {
  const spec = specArgument(args.positionals, 'test', 'e.g. mcpm test io.github.acme/weather --host cursor');
  const timeoutSec = args.flags.timeout === undefined ? 60 : Number(args.flags.timeout);
  if (!Number.isFinite(timeoutSec) || timeoutSec <= 0)
    throw usage(`--timeout must be a number of seconds, not "${String(args.flags.timeout)}".`);
  const found =
    args.flags.project === true || args.flags.global === true
      ? lockedIn(ctx, args.flags, spec.name)
      : findLocked(spec.name, ctx.config.cwd, ctx.config.home);
  let launch: Launch;
  let source: string;
  if (typeof args.flags.host === 'string') {
    const host = hostAdapter(args.flags.host);
    if (!host) throw unknownHost(args.flags.host);
    const scope = found?.scope ?? chooseScope(ctx, args.flags);
    const env = hostEnvFor(ctx, scope);
    const file = host.configPath(env, hostScopeOf(scope));
    if (!file) throw usage(`${host.title} has no ${hostScopeOf(scope)} config file.`);
    const text = readHostFile(file);
    const entry = parseEntries(host, text, env, file).find(
      (e) => e.key === found?.entry.key || entryBelongsTo(e.launch, spec.name),
    );
    if (!entry)
      throw new CliError(
        'not_found',
        `${file} has no entry for ${spec.name}.`,
        `Install it there: mcpm install ${spec.name} --host ${host.id}`,
      );
    if (!entry.launch)
      throw new CliError('host_file', `The entry "${entry.key}" in ${file} has a shape mcpm cannot start.`);
    // Exactly what the host would run (an `mcpm run` entry resolves its own secrets).
    launch = entry.launch;
    source = `${host.title} (${file})`;
  } else if (found) {
    launch = await resolveLaunch(found.entry.launch, () => ctx.vault());
    source = found.scope.lockPath;
  } else {
    const versions = await ctx.out.busy(`Looking up ${spec.name}`, () => ctx.registry().versions(spec.name));
    const plan = await planServer(ctx, { name: spec.name, want: spec.want, versions, values: {}, hosts: [] });
    if (plan.secrets.length)
      throw usage(
        `${spec.name} needs secrets; install it first (mcpm install ${spec.name}) so they come from the vault.`,
      );
    launch = plan.launch;
    source = `${ctx.config.registry} (not installed)`;
  }

  if (launch.kind === 'stdio' && isBundleLaunch(launch)) {
    const bundle = launch;
    launch = await ctx.out.busy(`Downloading ${bundle.args[0] ?? 'the bundle'}`, () =>
      materializeBundle(bundle, ctx.config.home),
    );
  }
  const result = await ctx.out.busy(`Starting ${spec.name} (${source})`, () =>
    probe(launch, ctx.config.env, timeoutSec * 1000),
  );
  const fingerprint = fingerprintTools(result.tools);
  const locked = found?.entry;
  let lockStatus: 'recorded' | 'matches' | 'changed' | 'updated' | 'not-installed' = 'not-installed';
  let diff: ReturnType<typeof diffTools> | undefined;
  if (found && locked) {
    if (!locked.toolsHash) lockStatus = 'recorded';
    else if (locked.toolsHash === fingerprint.hash) lockStatus = 'matches';
    else {
      diff = diffTools(locked.tools, fingerprint.tools);
      lockStatus = args.flags['update-lock'] ? 'updated' : 'changed';
    }
    if (lockStatus === 'recorded' || lockStatus === 'updated') {
      const lock = readLock(found.scope.lockPath);
      const entry = lock.servers[spec.name];
      if (entry) {
        entry.toolsHash = fingerprint.hash;
        entry.tools = fingerprint.tools;
        entry.toolsCheckedAt = new Date().toISOString();
        writeLock(found.scope.lockPath, lock);
      }
    }
  }
  ctx.out.result(
    {
      name: spec.name,
      source,
      ...result,
      toolsHash: fingerprint.hash,
      lock: lockStatus,
      ...(diff ? { toolsDiff: diff } : {}),
    },
    () => {
      const t = result.timings;
      const lines = [
        `${bold(spec.name)} via ${source}`,
        `server ${result.server?.name ?? '?'} ${result.server?.version ?? ''} — initialize ${t.initializeMs} ms${t.toolsMs !== undefined ? `, tools/list ${t.toolsMs} ms` : ''}${t.resourcesMs !== undefined ? `, resources/list ${t.resourcesMs} ms` : ''}${t.promptsMs !== undefined ? `, prompts/list ${t.promptsMs} ms` : ''}`,
        '',
        bold(`tools (${result.tools.length})`),
        ctx.out.table(result.tools.map((x) => [`  ${x.name}`, firstLine(x.description)])),
      ];
      if (result.resources.length)
        lines.push(
          '',
          bold(`resources (${result.resources.length})`),
          ctx.out.table(result.resources.slice(0, 20).map((r) => [`  ${r.uri}`, r.name])),
        );
      if (result.resources.length > 20) lines.push(`  … ${result.resources.length - 20} more`);
      if (result.prompts.length)
        lines.push(
          '',
          bold(`prompts (${result.prompts.length})`),
          ctx.out.table(result.prompts.map((p) => [`  ${p.name}`, firstLine(p.description)])),
        );
      lines.push('', `tools hash ${fingerprint.hash}`);
      if (lockStatus === 'recorded') lines.push('recorded in the lockfile; mcpm run will warn if these tools change');
      if (lockStatus === 'matches') lines.push('matches the lockfile');
      if (lockStatus === 'updated') lines.push('lockfile updated to these tools');
      if (lockStatus === 'changed') {
        lines.push(
          red(`TOOLS CHANGED since they were locked — ${describeDiff(diff!)}`),
          'If you trust the change: mcpm test ' + spec.name + ' --update-lock',
        );
      }
      return lines.join('\n');
    },
  );
  return lockStatus === 'changed' ? CHANGED_EXIT : 0;
}

const firstLine = (s: string | undefined) => {
  const line = (s ?? '').split('\n')[0]!.trim();
  return line.length > 80 ? line.slice(0, 79) + '…' : line;
};

function lockedIn(ctx: Context, flags: Args['flags'], name: string) {
  const scope = chooseScope(ctx, flags);
  const entry = readLock(scope.lockPath).servers[name];
  return entry ? { entry, scope } : undefined;
}
