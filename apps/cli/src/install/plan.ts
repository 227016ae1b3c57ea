import { CliError } from '../errors';
import { type Launch, vaultRef } from '../launch';
import { BUNDLE_COMMAND } from '../mcp/bundle';
import type { InputDoc, PackageDoc, RemoteDoc, ServerDoc } from '../registry/client';

/** What a user must or may supply for a server: environment variables, argument values, header variables. */
export interface InputNeed {
  id: string;
  kind: 'env' | 'argument' | 'header';
  description?: string;
  isSecret: boolean;
  isRequired: boolean;
  default?: string;
  choices?: string[];
}

export type Target = { kind: 'package'; pkg: PackageDoc } | { kind: 'remote'; remote: RemoteDoc };

export const PACKAGE_ORDER = ['npm', 'pypi', 'oci', 'mcpb', 'remote'] as const;
export type PackageChoice = (typeof PACKAGE_ORDER)[number];

const RUNTIME_OF: Record<string, string> = { npm: 'npx', pypi: 'uvx', oci: 'docker' };

export interface PickOptions {
  prefer?: PackageChoice;
  platform: NodeJS.Platform;
  arch: string;
  /** Whether a runtime command (npx, uvx, docker) is on PATH. */
  hasCommand(command: string): boolean;
}

/**
 * Picks how to run a server, in the Aileron marketplace order: npm through npx, PyPI through
 * uvx, OCI through docker, an MCP bundle, else a hosted remote. Among packages, one whose runtime
 * is installed here beats one whose runtime is missing; only stdio packages qualify, since a host
 * launches them itself.
 */
export function pickTarget(server: ServerDoc, o: PickOptions): { target: Target; notes: string[] } {
  const notes: string[] = [];
  const stdio = (server.packages ?? []).filter((p) => (p.transport?.type ?? 'stdio') === 'stdio');
  const byType = (type: string) => stdio.filter((p) => p.registryType === type && (type !== 'mcpb' || mcpbFits(p, o)));
  const remotes = (server.remotes ?? []).filter((r) => r.type === 'streamable-http' || r.type === 'sse');
  const candidates: Target[] = [];
  for (const type of PACKAGE_ORDER) {
    if (o.prefer && o.prefer !== type) continue;
    if (type === 'remote') {
      const best = remotes.find((r) => r.type === 'streamable-http') ?? remotes[0];
      if (best) candidates.push({ kind: 'remote', remote: best });
    } else for (const pkg of byType(type)) candidates.push({ kind: 'package', pkg });
  }
  if (candidates.length === 0) {
    const offered = [...new Set([...(server.packages ?? []).map((p) => `${p.registryType}${p.transport?.type && p.transport.type !== 'stdio' ? ` (${p.transport.type})` : ''}`), ...(remotes.length ? ['remote'] : [])])];
    if (o.prefer) {
      throw new CliError('not_found', `${server.name}@${server.version} has no ${o.prefer} package mcpm can run.`, `It offers: ${offered.join(', ') || 'nothing installable'}. Drop --package or pick one of those.`);
    }
    throw new CliError('not_found', `${server.name}@${server.version} has nothing mcpm can install (offers: ${offered.join(', ') || 'no packages or remotes'}).`, 'See the server page for manual instructions: mcpm info ' + server.name);
  }
  const runnable = candidates.find((c) => c.kind === 'remote' || c.pkg.registryType === 'mcpb' || o.hasCommand(RUNTIME_OF[c.pkg.registryType] ?? ''));
  const target = runnable ?? candidates[0]!;
  if (!runnable && target.kind === 'package') notes.push(`${RUNTIME_OF[target.pkg.registryType]} is not on PATH; install it before the host starts this server.`);
  return { target, notes };
}

function mcpbFits(p: PackageDoc, o: PickOptions): boolean {
  const hint = `${p.runtimeHint ?? ''} ${p.identifier}`.toLowerCase();
  const os = { darwin: 'darwin', linux: 'linux', win32: 'windows' }[o.platform as string] ?? o.platform;
  const archs = o.arch === 'x64' ? ['amd64', 'x64', 'x86_64'] : o.arch === 'arm64' ? ['arm64', 'aarch64'] : [o.arch];
  const mentionsOs = /darwin|linux|windows|macos|win32/.test(hint);
  if (!mentionsOs) return true;
  return hint.includes(os) || (os === 'darwin' && hint.includes('macos')) ? archs.some((a) => hint.includes(a)) || !/amd64|arm64|x64|x86_64|aarch64/.test(hint) : false;
}

/** Inputs the target takes, in the order a prompt should ask for them. */
export function needsOf(target: Target): InputNeed[] {
  const needs: InputNeed[] = [];
  const add = (n: InputNeed) => {
    if (!needs.some((x) => x.id === n.id)) needs.push(n);
  };
  const fromVariables = (vars: Record<string, InputDoc> | undefined, kind: InputNeed['kind']) => {
    for (const [id, v] of Object.entries(vars ?? {})) add(need(id, kind, v));
  };
  if (target.kind === 'remote') {
    fromVariables(target.remote.variables, 'header');
    for (const h of target.remote.headers ?? []) {
      if (h.variables) fromVariables(h.variables, 'header');
      else if (h.value === undefined && h.name) add(need(h.name, 'header', h));
    }
    return needs;
  }
  for (const a of [...(target.pkg.runtimeArguments ?? []), ...(target.pkg.packageArguments ?? [])]) {
    if (a.variables) fromVariables(a.variables, 'argument');
    else if (a.value === undefined && (a.type === 'positional' || a.isRequired || a.default !== undefined || a.valueHint)) {
      add(need(argumentId(a), 'argument', a));
    }
  }
  for (const e of target.pkg.environmentVariables ?? []) {
    if (e.variables) fromVariables(e.variables, 'env');
    else if (e.name && e.value === undefined) add(need(e.name, 'env', e));
  }
  return needs;
}

function need(id: string, kind: InputNeed['kind'], d: InputDoc): InputNeed {
  return { id, kind, description: d.description, isSecret: d.isSecret === true, isRequired: d.isRequired === true, default: d.default, choices: d.choices };
}

const argumentId = (a: InputDoc) => a.valueHint ?? a.name?.replace(/^-+/, '') ?? 'value';

/**
 * The launch for `target` with `values` filled in. Secret values are replaced by vault references
 * (the caller stores the values); optional inputs without a value are left out.
 */
export function deriveLaunch(server: ServerDoc, target: Target, values: Record<string, string>, needs: InputNeed[]): Launch {
  const secret = new Set(needs.filter((n) => n.isSecret).map((n) => n.id));
  const valueOf = (id: string): string | undefined => (values[id] === undefined ? undefined : secret.has(id) ? vaultRef(server.name, id) : values[id]);
  const fill = (template: string, vars: Record<string, InputDoc> | undefined): string =>
    template.replace(/\{([A-Za-z0-9_.-]+)\}/g, (whole, id: string) => (vars && id in vars ? (valueOf(id) ?? vars[id]!.default ?? '') : whole));

  if (target.kind === 'remote') {
    const r = target.remote;
    const headers: Record<string, string> = {};
    for (const h of r.headers ?? []) {
      if (!h.name) continue;
      const v = h.value !== undefined ? fill(h.value, { ...r.variables, ...h.variables }) : valueOf(h.name);
      if (v !== undefined && v !== '') headers[h.name] = v;
    }
    return { kind: 'remote', transport: r.type === 'sse' ? 'sse' : 'streamable-http', url: fill(r.url, r.variables), headers };
  }

  const pkg = target.pkg;
  const args = (list: InputDoc[] | undefined): string[] => {
    const out: string[] = [];
    for (const a of list ?? []) {
      const v = a.value !== undefined ? fill(a.value, a.variables) : (valueOf(argumentId(a)) ?? a.default);
      if (a.type === 'named') {
        if (!a.name) continue;
        if (a.value === undefined && !a.valueHint && a.default === undefined && !a.isRequired && v === undefined) out.push(a.name);
        else if (v !== undefined) out.push(a.name, v);
      } else if (v !== undefined) out.push(v);
    }
    return out;
  };
  const env: Record<string, string> = {};
  for (const e of pkg.environmentVariables ?? []) {
    if (!e.name) continue;
    const v = e.value !== undefined ? fill(e.value, e.variables) : valueOf(e.name);
    if (v !== undefined) env[e.name] = v;
  }
  const runtimeArgs = args(pkg.runtimeArguments);
  const packageArgs = args(pkg.packageArguments);
  const version = pkg.version ?? server.version;
  switch (pkg.registryType) {
    case 'npm':
      // -y: npx must never stop to ask when a host starts the server without a terminal.
      return { kind: 'stdio', command: 'npx', args: [...(runtimeArgs.includes('-y') || runtimeArgs.includes('--yes') ? [] : ['-y']), ...runtimeArgs, `${pkg.identifier}@${version}`, ...packageArgs], env };
    case 'pypi':
      return { kind: 'stdio', command: 'uvx', args: [...runtimeArgs, `${pkg.identifier}==${version}`, ...packageArgs], env };
    case 'oci': {
      const image = ociImage(pkg);
      const envFlags = Object.keys(env).flatMap((k) => ['-e', k]);
      return { kind: 'stdio', command: 'docker', args: ['run', '-i', '--rm', ...envFlags, ...runtimeArgs, image, ...packageArgs], env };
    }
    case 'mcpb':
      // The bundle is fetched, checked against fileSha256 and unpacked when it first runs.
      if (!pkg.fileSha256) throw new CliError('integrity', `${server.name}@${server.version}'s bundle has no fileSha256, so it cannot be checked.`, 'Pick another package with --package, or ask the publisher to add fileSha256.');
      return { kind: 'stdio', command: BUNDLE_COMMAND, args: [pkg.identifier, pkg.fileSha256, ...packageArgs], env };
    default:
      throw new CliError('not_found', `mcpm cannot run ${pkg.registryType} packages.`, 'Pick another package with --package.');
  }
}

/** `image:tag`, pinned: the version in the package when the identifier carries no tag or digest. */
export function ociImage(pkg: PackageDoc): string {
  const id = pkg.identifier.replace(/^https?:\/\//, '');
  const base = pkg.registryBaseUrl?.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  const withHost = base && base !== 'docker.io' && !id.startsWith(base) ? `${base}/${id}` : id;
  const lastSegment = withHost.split('/').pop() ?? '';
  if (withHost.includes('@sha256:') || lastSegment.includes(':')) return withHost;
  return `${withHost}:${pkg.version ?? 'latest'}`;
}

/**
 * `docker run … image:tag` → `docker run … image:tag@sha256:…`: docker then pulls exactly the
 * locked image even if the tag moves (the tag stays for people reading the entry).
 */
export function pinImage(launch: Launch, image: string, digest: string): Launch {
  if (launch.kind !== 'stdio' || launch.command !== 'docker' || image.includes('@')) return launch;
  return { ...launch, args: launch.args.map((a) => (a === image ? `${image}@${digest}` : a)) };
}

export function targetLabel(t: Target): string {
  return t.kind === 'remote' ? `remote ${t.remote.type} ${t.remote.url}` : `${t.pkg.registryType} ${t.pkg.identifier}${t.pkg.version ? `@${t.pkg.version}` : ''}`;
}
