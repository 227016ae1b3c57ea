/**
 * How a host starts (or reaches) an MCP server, derived from its server.json: `npx -y pkg@1.2.3`,
 * `uvx pkg==1.2.3`, `docker run -i --rm -e K image:tag`, an MCP bundle, or a remote URL with
 * headers. Pure: no Node APIs, so mcpm and the web app (install snippets) share one copy.
 */

/**
 * A launch. `env` and `headers` values are whatever the caller's `valueOf` put there: literal
 * non-secret values, vault references (mcpm) or placeholders (the web app); a secret itself
 * never needs to appear in one.
 */
export type Launch = StdioLaunch | RemoteLaunch;

export interface StdioLaunch {
  kind: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string>;
}

export interface RemoteLaunch {
  kind: 'remote';
  transport: 'streamable-http' | 'sse';
  url: string;
  headers: Record<string, string>;
}

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

/** An input, argument, environment variable or header of a server.json (only the fields a launch uses). */
export interface LaunchInput {
  name?: string;
  description?: string;
  value?: string;
  default?: string;
  isRequired?: boolean;
  isSecret?: boolean;
  format?: string;
  choices?: string[];
  variables?: Record<string, LaunchInput>;
  type?: 'positional' | 'named';
  valueHint?: string;
  isRepeated?: boolean;
}

export interface LaunchPackage {
  registryType: string;
  registryBaseUrl?: string;
  identifier: string;
  version?: string;
  fileSha256?: string;
  runtimeHint?: string;
  transport?: { type: string; url?: string; headers?: LaunchInput[] };
  runtimeArguments?: LaunchInput[];
  packageArguments?: LaunchInput[];
  environmentVariables?: LaunchInput[];
}

export interface LaunchRemote {
  type: string;
  url: string;
  headers?: LaunchInput[];
  variables?: Record<string, LaunchInput>;
}

export interface LaunchServer {
  name: string;
  version: string;
  packages?: LaunchPackage[];
  remotes?: LaunchRemote[];
}

export type Target = { kind: 'package'; pkg: LaunchPackage } | { kind: 'remote'; remote: LaunchRemote };

/** Launch preference, in the Aileron marketplace order. */
export const PACKAGE_ORDER = ['npm', 'pypi', 'oci', 'mcpb', 'remote'] as const;

export class LaunchError extends Error {
  constructor(
    readonly reason: 'no_sha256' | 'unsupported',
    message: string,
  ) {
    super(message);
    this.name = 'LaunchError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * Every target the server offers that a host can launch, in PACKAGE_ORDER: stdio packages of each
 * registry type in document order, then the best remote (streamable-http over sse). No PATH or
 * platform checks; an mcpb package without fileSha256 is listed (deriveLaunch then throws).
 */
export function launchTargets(server: LaunchServer): Target[] {
  const stdio = (server.packages ?? []).filter((p) => (p.transport?.type ?? 'stdio') === 'stdio');
  const targets: Target[] = [];
  for (const type of PACKAGE_ORDER) {
    if (type === 'remote') {
      const remotes = (server.remotes ?? []).filter((r) => r.type === 'streamable-http' || r.type === 'sse');
      const best = remotes.find((r) => r.type === 'streamable-http') ?? remotes[0];
      if (best) targets.push({ kind: 'remote', remote: best });
    } else for (const pkg of stdio) if (pkg.registryType === type) targets.push({ kind: 'package', pkg });
  }
  return targets;
}

/** Inputs the target takes, in the order a prompt should ask for them. */
export function needsOf(target: Target): InputNeed[] {
  const needs: InputNeed[] = [];
  const add = (n: InputNeed) => {
    if (!needs.some((x) => x.id === n.id)) needs.push(n);
  };
  const fromVariables = (vars: Record<string, LaunchInput> | undefined, kind: InputNeed['kind']) => {
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

function need(id: string, kind: InputNeed['kind'], d: LaunchInput): InputNeed {
  return { id, kind, description: d.description, isSecret: d.isSecret === true, isRequired: d.isRequired === true, default: d.default, choices: d.choices };
}

/** The need id of an argument without a fixed value: its valueHint, else its name without dashes. */
const argumentId = (a: LaunchInput) => a.valueHint ?? a.name?.replace(/^-+/, '') ?? 'value';

/**
 * The launch for `target`. `valueOf(need id)` returns the value to put in the launch (mcpm: a
 * vault reference for secrets; the web: a placeholder), or undefined to leave an optional input
 * out. `{var}` templates in fixed values are filled from their variables (value, else default).
 * Throws LaunchError for an mcpb package without fileSha256 and for registry types it cannot run.
 */
export function deriveLaunch(server: LaunchServer, target: Target, valueOf: (id: string) => string | undefined, options: { bundleCommand: string }): Launch {
  const fill = (template: string, vars: Record<string, LaunchInput> | undefined): string =>
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
  const args = (list: LaunchInput[] | undefined): string[] => {
    const out: string[] = [];
    for (const a of list ?? []) {
      const v = a.value !== undefined ? fill(a.value, a.variables) : (valueOf(argumentId(a)) ?? a.default);
      if (a.type === 'named') {
        if (!a.name) continue;
        // A bare flag (`--verbose`): no value, hint, default or requirement.
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
      if (!pkg.fileSha256) throw new LaunchError('no_sha256', `${server.name}@${server.version}'s bundle has no fileSha256, so it cannot be checked.`);
      return { kind: 'stdio', command: options.bundleCommand, args: [pkg.identifier, pkg.fileSha256, ...packageArgs], env };
    default:
      throw new LaunchError('unsupported', `${pkg.registryType} packages cannot be launched.`);
  }
}

/** `image:tag`, pinned: the version in the package when the identifier carries no tag or digest. */
export function ociImage(pkg: LaunchPackage): string {
  const id = pkg.identifier.replace(/^https?:\/\//, '');
  const base = pkg.registryBaseUrl?.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  const withHost = base && base !== 'docker.io' && !id.startsWith(base) ? `${base}/${id}` : id;
  const lastSegment = withHost.split('/').pop() ?? '';
  if (withHost.includes('@sha256:') || lastSegment.includes(':')) return withHost;
  return `${withHost}:${pkg.version ?? 'latest'}`;
}

/** `entry` plus `key: map`, leaving the key out when the map is empty (host config entries). */
export function withMap(entry: Record<string, unknown>, key: string, map: Record<string, string>): Record<string, unknown> {
  return Object.keys(map).length === 0 ? entry : { ...entry, [key]: map };
}

/** The `command`/`args`/`env` entry most MCP hosts share, before host-specific extras. */
export function commandEntry(launch: StdioLaunch): Record<string, unknown> {
  return withMap({ command: launch.command, args: launch.args }, 'env', launch.env);
}
