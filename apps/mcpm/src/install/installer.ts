import fs from 'node:fs';
import path from 'node:path';
import { hostEntryKey } from '@mcp-hub/domain';
import type { Context } from '../context';
import { CliError, usage } from '../errors';
import { HOSTS, hostAdapter, readTextIfExists, unifiedDiff, unknownHost, writeHostFile } from '../hosts';
import { HOST_IDS, type HostAdapter, type HostEnv, type HostId } from '../hosts/types';
import { type Launch, hasVaultRefs, isVaultRef } from '../launch';
import {
  type LockEntry,
  type Lockfile,
  type Scope,
  findProjectRoot,
  globalScope,
  projectScope,
  readLock,
  writeLock,
} from '../lock';
import { ask } from '../prompt';
import type { VersionEntry } from '../registry/client';
import { which } from '../util';
import type { SecretRef } from '../vault';
import { isBundleLaunch, materializeBundle } from '../mcp/bundle';
import { packageIntegrity } from './integrity';
import { pinPackage } from './package-version';
import {
  type InputNeed,
  PACKAGE_ORDER,
  type PackageChoice,
  type Target,
  deriveLaunch,
  needsOf,
  ociImage,
  pickTarget,
  pinImage,
  targetLabel,
} from './plan';
import { resolveVersion } from './spec';

export function chooseScope(ctx: Context, flags: Record<string, unknown>): Scope {
  if (flags.global && flags.project) throw usage('--project and --global exclude each other.');
  if (flags.global) return globalScope(ctx.config.home);
  const root = findProjectRoot(ctx.config.cwd);
  if (flags.project) return projectScope(root ?? ctx.config.cwd);
  return root ? projectScope(root) : globalScope(ctx.config.home);
}

export const hostScopeOf = (scope: Scope) => (scope.kind === 'project' ? 'project' : 'user');

export function hostEnvFor(ctx: Context, scope: Scope): HostEnv {
  return { ...ctx.config.hostEnv, cwd: scope.kind === 'project' ? scope.root : ctx.config.cwd };
}

/** --host values, else the lock's hosts, else default-host, else every host found on this machine. */
export function chooseHosts(
  ctx: Context,
  requested: string[] | undefined,
  scope: Scope,
  locked?: HostId[],
): HostAdapter[] {
  const hs = hostScopeOf(scope);
  if (requested?.length) {
    return requested.map((id) => {
      const adapter = hostAdapter(id);
      if (!adapter) throw unknownHost(id);
      if (!adapter.scopes.includes(hs)) {
        throw usage(
          `${adapter.title} has no ${hs === 'project' ? 'project' : 'user'} config file.`,
          hs === 'project' ? `Install it globally instead: add -g (or --global).` : `Use --project.`,
        );
      }
      return adapter;
    });
  }
  if (locked?.length) return locked.map((id) => HOSTS[id]).filter((a) => a.scopes.includes(hs));
  if (ctx.config.defaultHost) {
    const adapter = HOSTS[ctx.config.defaultHost];
    if (adapter.scopes.includes(hs)) return [adapter];
  }
  const env = hostEnvFor(ctx, scope);
  const found = Object.values(HOSTS).filter((a) => {
    if (!a.scopes.includes(hs)) return false;
    const file = a.configPath(env, hs);
    if (!file) return false;
    const dir = path.dirname(file);
    return fs.existsSync(file) || (dir !== env.home && dir !== env.cwd && fs.existsSync(dir));
  });
  if (found.length === 0) {
    throw usage(
      `No MCP host found to install into${hs === 'project' ? ' in this project' : ''}.`,
      `Name one with --host <${HOST_IDS.join('|')}>, or set a default: mcpm config set default-host <host>.`,
    );
  }
  return found;
}

export interface PlanInput {
  name: string;
  want?: string;
  versions: VersionEntry[];
  values: Record<string, string>;
  prefer?: PackageChoice;
  direct?: boolean;
  key?: string;
  dev?: boolean;
  hosts: HostAdapter[];
  existing?: LockEntry;
}

export interface Plan {
  name: string;
  version: string;
  target: Target;
  launch: Launch;
  key: string;
  hosts: HostAdapter[];
  secrets: { ref: SecretRef; value: string }[];
  lock: LockEntry;
  warnings: string[];
  notes: string[];
}

export function parseEnvFlags(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw usage(`--env "${item.replace(/=.*$/, '=…')}" must be KEY=VALUE.`, 'e.g. --env API_KEY=abc123');
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

export function parsePackageChoice(value: unknown): PackageChoice | undefined {
  if (value === undefined) return undefined;
  if (!(PACKAGE_ORDER as readonly string[]).includes(value as string))
    throw usage(`--package must be one of ${PACKAGE_ORDER.join(', ')}, not "${String(value)}".`);
  return value as PackageChoice;
}

/** Resolves, picks, collects inputs (asking when interactive) and builds the launch; writes nothing. */
export async function planServer(ctx: Context, input: PlanInput): Promise<Plan> {
  const { entry, warnings } = resolveVersion(input.name, input.versions, input.want);
  const server = entry.server;
  const picked = pickTarget(server, {
    prefer: input.prefer,
    platform: process.platform,
    arch: process.arch,
    hasCommand: (c) => which(c, ctx.config.env) !== undefined,
  });
  const notes = picked.notes;
  // Locked and launched: the exact release a tag or range names today, never the tag itself.
  const chosen = picked.target;
  const target: Target =
    chosen.kind === 'package'
      ? {
          kind: 'package',
          pkg: await ctx.out.busy(`Pinning ${chosen.pkg.identifier}`, () => pinPackage(server, chosen.pkg, ctx.config)),
        }
      : chosen;
  const needs = needsOf(target);
  const values = await collectValues(ctx, input, needs);
  const secrets = needs
    .filter((n) => n.isSecret && values[n.id] !== undefined && !isVaultRef(values[n.id]!))
    .map((n) => ({ ref: { server: input.name, name: n.id }, value: values[n.id]! }));
  const launch = deriveLaunch(server, target, values, needs);
  if (input.direct && target.kind === 'package' && target.pkg.registryType === 'mcpb')
    throw usage('--direct cannot start an MCP bundle; mcpm run unpacks it.');
  if (input.direct && hasVaultRefs(launch))
    throw usage(
      `--direct would need ${input.name}'s secrets in the host file.`,
      'Drop --direct: entries then start the server through mcpm run, which reads secrets from the vault.',
    );
  // A bundle is downloaded and checked against its fileSha256 now, so a bad one fails the install.
  if (launch.kind === 'stdio' && isBundleLaunch(launch) && !ctx.config.offline)
    await ctx.out.busy(`Downloading ${launch.args[0] ?? 'the bundle'}`, () =>
      materializeBundle(launch, ctx.config.home),
    );
  const version = server.version;
  let integrity: string | undefined;
  if (target.kind === 'package') {
    if (ctx.config.offline) notes.push('offline: package integrity not looked up');
    else {
      const found = await ctx.out.busy(`Checking ${targetLabel(target)}`, () =>
        packageIntegrity(target.pkg, target.pkg.version ?? version, ctx.config.npmRegistry),
      );
      if ('integrity' in found) integrity = found.integrity;
      else notes.push(`no integrity recorded for ${targetLabel(target)}: ${found.unavailable}`);
    }
  }
  const pinned =
    target.kind === 'package' && target.pkg.registryType === 'oci' && integrity?.startsWith('sha256:')
      ? pinImage(launch, ociImage(target.pkg), integrity)
      : launch;
  const key = input.key ?? input.existing?.key ?? hostEntryKey(input.name);
  const lock: LockEntry = {
    version,
    registry: ctx.config.registry,
    ...(target.kind === 'package'
      ? {
          package: {
            registryType: target.pkg.registryType,
            identifier: target.pkg.identifier,
            version: target.pkg.version,
            registryBaseUrl: target.pkg.registryBaseUrl,
            integrity,
          },
        }
      : { remote: { type: target.remote.type, url: target.remote.url } }),
    launch: pinned,
    key,
    hosts: input.hosts.map((h) => h.id),
    ...(input.direct ? { direct: true } : {}),
    ...(input.dev ? { dev: true } : {}),
    // Same version, same launch: the tools hash taken by `mcpm test` still applies.
    ...(input.existing?.version === version && input.existing.toolsHash
      ? {
          toolsHash: input.existing.toolsHash,
          tools: input.existing.tools,
          toolsCheckedAt: input.existing.toolsCheckedAt,
        }
      : {}),
    // …and so do the tools the registry published for it, unless it publishes others now (lockPublishedTools).
    ...(input.existing?.version === version && input.existing.registryTools
      ? { registryTools: input.existing.registryTools }
      : {}),
  };
  return { name: input.name, version, target, launch: pinned, key, hosts: input.hosts, secrets, lock, warnings, notes };
}

async function collectValues(ctx: Context, input: PlanInput, needs: InputNeed[]): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  const previous = input.existing ? launchValues(input.existing.launch) : {};
  const unknown = Object.keys(input.values).filter((k) => !needs.some((n) => n.id === k));
  if (unknown.length && needs.length)
    ctx.out.warn(
      `${input.name} takes no input named ${unknown.join(', ')} (it takes ${needs.map((n) => n.id).join(', ')}).`,
    );
  for (const n of needs) {
    const given = input.values[n.id] ?? previous[n.id];
    if (given !== undefined) {
      if (n.choices?.length && !n.choices.includes(given) && !isVaultRef(given))
        throw usage(`${n.id} must be one of ${n.choices.join(', ')}.`);
      values[n.id] = given;
      continue;
    }
    if (!n.isRequired) continue;
    if (!ctx.config.interactive) {
      throw usage(
        `${input.name} needs ${n.id}${n.description ? ` (${n.description})` : ''}.`,
        `Pass it with --env ${n.id}=…${n.isSecret ? ' (it is stored in the vault, never in host files)' : ''}, or run in a terminal to be asked.`,
      );
    }
    const answer = (
      await ask(`${n.id}${n.isSecret ? ' (secret, not shown)' : ''}${n.description ? ` — ${n.description}` : ''}: `, {
        secret: n.isSecret,
      })
    ).trim();
    if (!answer) throw usage(`${n.id} is required by ${input.name}.`);
    values[n.id] = answer;
  }
  return values;
}

/** Values a previous install used, so updates keep them (secrets stay vault references). */
function launchValues(launch: Launch): Record<string, string> {
  return launch.kind === 'stdio' ? { ...launch.env } : {};
}

/**
 * What a host file gets for a plan: normally `mcpm run <name>@<version> -- <pinned command>`,
 * so secrets come from the vault and tool changes are noticed; a remote without secrets goes in
 * natively where the host supports remotes.
 */
export function hostLaunch(ctx: Context, name: string, lock: LockEntry, host: HostAdapter): Launch {
  const launch = lock.launch;
  const self = ctx.config.self;
  const spec = `${name}@${lock.version}`;
  if (launch.kind === 'remote') {
    if (host.supportsRemote && !hasVaultRefs(launch)) return launch;
    const headerArgs = Object.entries(launch.headers).flatMap(([k, v]) => ['--header', `${k}: ${v}`]);
    return {
      kind: 'stdio',
      command: self.command,
      args: [...self.args, 'run', spec, '--remote', launch.url, '--transport', launch.transport, ...headerArgs],
      env: {},
    };
  }
  if (lock.direct) return launch;
  return {
    kind: 'stdio',
    command: self.command,
    args: [...self.args, 'run', spec, '--', launch.command, ...launch.args],
    env: launch.env,
  };
}

/**
 * How a host entry written by mcpm calls it back: `mcpm run <name>@<version> …` by bare name
 * (older entries), or `<node> <mcpm script> run …` by absolute paths; undefined for other entries.
 * `run` is the index of the `run` word, where the call's own arguments start.
 */
export function selfCallOf(
  launch: Launch | undefined,
): { bare: true; run: 0 } | { bare: false; node: string; script: string; run: 1 } | undefined {
  if (!launch || launch.kind !== 'stdio') return undefined;
  const run = launch.args.indexOf('run');
  if (!/^[^\s/]+\/[^\s@]+(@\S+)?$/.test(launch.args[run + 1] ?? '')) return undefined;
  if (run === 0) return /^mcpm(\.cmd)?$/i.test(launch.command) ? { bare: true, run } : undefined;
  return run === 1 ? { bare: false, node: launch.command, script: launch.args[0]!, run } : undefined;
}

/** The same entry calling this mcpm (`ctx.config.self`) instead. */
export function withSelf(
  launch: Launch & { kind: 'stdio' },
  run: number,
  self: { command: string; args: string[] },
): Launch {
  return { ...launch, command: self.command, args: [...self.args, ...launch.args.slice(run)] };
}

/** Whether a host entry is this server's (so mcpm may replace or remove it). */
export function entryBelongsTo(launch: Launch | undefined, name: string): boolean {
  if (!launch || launch.kind !== 'stdio') return false;
  const i = launch.args.indexOf('run');
  const target = i >= 0 ? launch.args[i + 1] : undefined;
  return target === name || (target?.startsWith(`${name}@`) ?? false);
}

interface FileChange {
  file: string;
  host: HostAdapter;
  before: string | undefined;
  after: string;
}

export interface ApplyResult {
  files: { file: string; host: HostId; backup?: string }[];
  lockPath: string;
}

/**
 * Writes plans: secrets to the vault, entries to host files, the lockfile. Everything is
 * computed (and every host file parsed) before the first write; if a write fails, what was
 * already written is put back, so a failure leaves no partial install.
 */
export async function applyPlans(
  ctx: Context,
  scope: Scope,
  plans: Plan[],
  opts: { dryRun: boolean; lockUpdate?: (lock: Lockfile) => void },
): Promise<ApplyResult | undefined> {
  const env = hostEnvFor(ctx, scope);
  const hs = hostScopeOf(scope);
  const lock = readLock(scope.lockPath);
  const changes = new Map<string, FileChange>();
  for (const plan of plans) {
    for (const host of plan.hosts) {
      const file = host.configPath(env, hs);
      if (!file) continue;
      const change = changes.get(file) ?? { file, host, before: readHostFile(file), after: '' };
      const current = changes.has(file) ? change.after : change.before;
      const existing = parseEntries(host, current, env, file).find((e) => e.key === plan.key);
      const ours = lock.servers[plan.name]?.key === plan.key || entryBelongsTo(existing?.launch, plan.name);
      if (existing && !ours) {
        throw new CliError(
          'conflict',
          `${host.title} already has a server called "${plan.key}" in ${file}, not installed by mcpm for ${plan.name}.`,
          `Pick another entry name with --as <key>, or remove that entry first.`,
        );
      }
      change.after = upsert(host, current, plan.key, hostLaunch(ctx, plan.name, plan.lock, host), env, file);
      changes.set(file, change);
    }
  }
  const nextLock: Lockfile = { lockfileVersion: 1, servers: { ...lock.servers } };
  for (const plan of plans) nextLock.servers[plan.name] = plan.lock;
  opts.lockUpdate?.(nextLock);

  if (opts.dryRun) {
    for (const c of changes.values()) {
      const diff = unifiedDiff(c.before ?? '', c.after, c.file);
      ctx.out.info(diff || `${c.file}: unchanged`);
    }
    const lockBefore = fs.existsSync(scope.lockPath) ? fs.readFileSync(scope.lockPath, 'utf8') : '';
    ctx.out.info(
      unifiedDiff(lockBefore, JSON.stringify(sortLock(nextLock), null, 2) + '\n', scope.lockPath) ||
        `${scope.lockPath}: unchanged`,
    );
    if (plans.some((p) => p.secrets.length))
      ctx.out.info(
        `would store ${plans
          .flatMap((p) => p.secrets)
          .map((s) => `${s.ref.server}/${s.ref.name}`)
          .join(', ')} in the vault`,
      );
    return undefined;
  }

  const undo: (() => void | Promise<void>)[] = [];
  try {
    if (plans.some((p) => p.secrets.length)) {
      const vault = await ctx.vault();
      for (const plan of plans) {
        for (const s of plan.secrets) {
          const before = await vault.get(s.ref);
          await vault.set(s.ref, s.value);
          undo.push(() => (before === undefined ? vault.delete(s.ref) : vault.set(s.ref, before)));
        }
      }
    }
    const written: ApplyResult['files'] = [];
    for (const c of changes.values()) {
      if (c.before === c.after) continue;
      const { backup } = writeHostFile(c.file, c.after, { backup: c.before !== undefined });
      undo.push(() => {
        if (c.before === undefined) fs.rmSync(c.file, { force: true });
        else writeHostFile(c.file, c.before);
      });
      written.push({ file: c.file, host: c.host.id, backup });
    }
    writeLock(scope.lockPath, nextLock);
    return { files: written, lockPath: scope.lockPath };
  } catch (e) {
    for (const step of undo.reverse()) {
      try {
        await step();
      } catch {
        // best effort: report the original failure
      }
    }
    throw e;
  }
}

function sortLock(lock: Lockfile): Lockfile {
  return {
    lockfileVersion: 1,
    servers: Object.fromEntries(Object.entries(lock.servers).sort(([a], [b]) => a.localeCompare(b))),
  };
}

export function readHostFile(file: string): string | undefined {
  try {
    return readTextIfExists(file);
  } catch (e) {
    throw new CliError(
      'host_file',
      `Cannot read ${file}: ${(e as Error).message}`,
      'Fix the file permissions; mcpm leaves files it cannot read alone.',
    );
  }
}

export function parseEntries(host: HostAdapter, text: string | undefined, env: HostEnv, file: string) {
  try {
    return host.entries(text, env);
  } catch (e) {
    throw new CliError(
      'host_file',
      `${file} (${host.title}) cannot be parsed: ${(e as Error).message}`,
      'Fix the file by hand (or restore its .mcpm-backup); mcpm never overwrites a file it cannot parse.',
    );
  }
}

function upsert(
  host: HostAdapter,
  text: string | undefined,
  key: string,
  launch: Launch,
  env: HostEnv,
  file: string,
): string {
  try {
    return host.upsert(text, key, launch, env);
  } catch (e) {
    throw new CliError(
      'host_file',
      `${file} (${host.title}) cannot be updated: ${(e as Error).message}`,
      'Fix the file by hand (or restore its .mcpm-backup).',
    );
  }
}

/**
 * Removes a server's entries from host files. A file left holding nothing but the empty
 * skeleton mcpm writes when it creates one (`{"mcpServers": {}}`), or nothing at all, is deleted:
 * no one but mcpm wrote those bytes, and a host reads a missing file as no servers. A file with
 * anything else in it — another server, a setting, a comment, other formatting — is kept, as is
 * a symlinked one.
 */
export function removeFromHosts(
  ctx: Context,
  scope: Scope,
  name: string,
  key: string | undefined,
  hosts: HostAdapter[],
  dryRun: boolean,
): { file: string; host: HostId; deleted: boolean }[] {
  const env = hostEnvFor(ctx, scope);
  const hs = hostScopeOf(scope);
  const changes: (FileChange & { deleted: boolean })[] = [];
  for (const host of hosts) {
    const file = host.configPath(env, hs);
    if (!file) continue;
    const before = readHostFile(file);
    if (before === undefined) continue;
    const entries = parseEntries(host, before, env, file);
    const keys = entries.filter((e) => e.key === key || entryBelongsTo(e.launch, name)).map((e) => e.key);
    if (keys.length === 0) continue;
    let after = before;
    for (const k of keys) after = host.remove(after, k, env);
    // A symlink (a dotfile manager's) is written through instead: deleting it would leave its target as it was.
    const empty = after.trim() === '' || after === emptySkeleton(host, keys[0]!, env);
    changes.push({ file, host, before, after, deleted: empty && !fs.lstatSync(file).isSymbolicLink() });
  }
  if (dryRun) {
    for (const c of changes)
      ctx.out.info(
        unifiedDiff(c.before ?? '', c.deleted ? '' : c.after, c.file) +
          (c.deleted ? `\n${c.file} would be deleted (nothing else is in it)` : ''),
      );
    return changes.map((c) => ({ file: c.file, host: c.host.id, deleted: c.deleted }));
  }
  const done: FileChange[] = [];
  try {
    for (const c of changes) {
      if (c.deleted) fs.rmSync(c.file);
      else writeHostFile(c.file, c.after, { backup: true });
      done.push(c);
    }
  } catch (e) {
    for (const c of done) writeHostFile(c.file, c.before!);
    throw e instanceof CliError
      ? e
      : new CliError(
          'host_file',
          `Cannot remove ${name} from a host file: ${(e as Error).message}`,
          'Check the file permissions; nothing was changed.',
        );
  }
  return changes.map((c) => ({ file: c.file, host: c.host.id, deleted: c.deleted }));
}

/** What a host file mcpm created for one entry holds once that entry is removed again. */
function emptySkeleton(host: HostAdapter, key: string, env: HostEnv): string {
  return host.remove(host.upsert(undefined, key, { kind: 'stdio', command: 'mcpm', args: [], env: {} }, env), key, env);
}
