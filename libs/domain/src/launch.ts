/**
 * How a host starts (or reaches) an MCP server, derived from its server.json: `npx -y pkg@1.2.3`,
 * `uvx pkg==1.2.3`, `docker run -i --rm -e K image:tag`, an MCP bundle, or a remote URL with
 * headers. Pure: no Node APIs, so mcpm and the web app (install snippets) share one copy.
 */
import type { StoredInput, StoredPackage, StoredRemote, StoredServerJson } from './server-json';
import { isSemver } from './versions';

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

/** An input, argument, environment variable or header of a server.json, as a launch reads it. */
export type LaunchInput = StoredInput;
export type LaunchPackage = StoredPackage;
export type LaunchRemote = StoredRemote;
/** The parts of a server.json a launch reads. */
export type LaunchServer = Pick<StoredServerJson, 'name' | 'version' | 'packages' | 'remotes'>;

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
    else if (a.value === undefined && !isSwitch(a)) {
      const n = need(argumentId(a), 'argument', a);
      add(a.type === 'named' && a.format === 'boolean' && !n.choices ? { ...n, choices: ['true', 'false'] } : n);
    }
  }
  for (const e of target.pkg.environmentVariables ?? []) {
    if (e.variables) fromVariables(e.variables, 'env');
    else if (e.name && e.value === undefined) add(need(e.name, 'env', e));
  }
  return needs;
}

function need(id: string, kind: InputNeed['kind'], d: LaunchInput): InputNeed {
  return {
    id,
    kind,
    description: d.description,
    isSecret: d.isSecret === true,
    isRequired: d.isRequired === true,
    default: d.default,
    choices: d.choices,
  };
}

/** The need id of an argument without a fixed value: its valueHint, else its name without dashes. */
const argumentId = (a: LaunchInput) => a.valueHint ?? a.name?.replace(/^-+/, '') ?? 'value';

/**
 * A named argument that is only a flag (`-i`, `--rm`, `--verbose`): nothing says it takes a
 * value — no value, valueHint, default, format or requirement — so it is passed as its name.
 */
const isSwitch = (a: LaunchInput) =>
  a.type === 'named' &&
  a.value === undefined &&
  a.valueHint === undefined &&
  a.default === undefined &&
  a.format === undefined &&
  a.isRequired !== true &&
  !a.variables;

/** What a launch asks for an input: one value, several (a repeated argument), or none. */
export type ValueOf = (id: string) => string | string[] | undefined;

/** Fills the `{var}` templates of a fixed value from its variables. */
type Fill = (template: string, vars: Record<string, LaunchInput> | undefined) => string;

/**
 * The words of an argument list, by the server.json schema: a positional argument is its value,
 * inserted verbatim; a named one is "a command-line `--flag={value}`" whose `name` includes its
 * dashes, so `--port` with 8080 is the one word `--port=8080` (a name the publisher wrote without
 * dashes gets the `--` of that form). A short flag takes its value as the next word (`-t stdio`):
 * argparse, commander and click read `-t=stdio` as the value "=stdio". A value is the fixed `value` with `{var}` templates filled,
 * else the caller's, else `default`; an argument with none is left out, except a switch, which
 * is its name alone. `isRepeated` arguments take every value given, each as its own word; a
 * `boolean` named argument is its flag when true and nothing otherwise, since `--flag=true` is
 * refused by most argument parsers.
 */
function argumentWords(list: LaunchInput[] | undefined, valueOf: ValueOf, fill: Fill): string[] {
  const words: string[] = [];
  for (const a of list ?? []) {
    const given = a.value !== undefined ? fill(a.value, a.variables) : (valueOf(argumentId(a)) ?? a.default);
    const all = given === undefined ? [] : Array.isArray(given) ? given : [given];
    const values = a.isRepeated ? all : all.slice(0, 1);
    if (a.type !== 'named') {
      words.push(...values);
      continue;
    }
    if (!a.name) continue;
    const flag = a.name.startsWith('-') ? a.name : `--${a.name}`;
    if (isSwitch(a)) words.push(flag);
    else if (a.format === 'boolean') {
      if (values.includes('true')) words.push(flag);
    } else words.push(...values.flatMap((v) => (flag.startsWith('--') ? [`${flag}=${v}`] : [flag, v])));
  }
  return words;
}

/**
 * The launch for `target`. `valueOf(need id)` returns the value to put in the launch (mcpm: a
 * vault reference for secrets; the web: a placeholder), or undefined to leave an optional input
 * out. `{var}` templates in fixed values are filled from their variables (value, else default).
 * The runtime's own words (`-y`, `run -i --rm`, `-e NAME`, the package or image) come once, even
 * when the publisher's runtimeArguments already hold them.
 * Throws LaunchError for an mcpb package without fileSha256 and for registry types it cannot run.
 */
export function deriveLaunch(
  server: LaunchServer,
  target: Target,
  valueOf: ValueOf,
  options: { bundleCommand: string },
): Launch {
  const one = (id: string): string | undefined => {
    const v = valueOf(id);
    return Array.isArray(v) ? v[0] : v;
  };
  const fill: Fill = (template, vars) =>
    template.replace(/\{([A-Za-z0-9_.-]+)\}/g, (whole, id: string) =>
      vars && id in vars ? (one(id) ?? vars[id]!.default ?? '') : whole,
    );

  if (target.kind === 'remote') {
    const r = target.remote;
    const headers: Record<string, string> = {};
    for (const h of r.headers ?? []) {
      if (!h.name) continue;
      const v = h.value !== undefined ? fill(h.value, { ...r.variables, ...h.variables }) : one(h.name);
      if (v !== undefined && v !== '') headers[h.name] = v;
    }
    return {
      kind: 'remote',
      transport: r.type === 'sse' ? 'sse' : 'streamable-http',
      url: fill(r.url, r.variables),
      headers,
    };
  }

  const pkg = target.pkg;
  const env: Record<string, string> = {};
  for (const e of pkg.environmentVariables ?? []) {
    if (!e.name) continue;
    const v = e.value !== undefined ? fill(e.value, e.variables) : one(e.name);
    if (v !== undefined) env[e.name] = v;
  }
  const runtimeArgs = argumentWords(withoutRuntimeWords(pkg, pkg.runtimeArguments, fill), valueOf, fill);
  const packageArgs = argumentWords(pkg.packageArguments, valueOf, fill);
  const version = pkg.version ?? server.version;
  switch (pkg.registryType) {
    case 'npm':
      // -y: npx must never stop to ask when a host starts the server without a terminal.
      return {
        kind: 'stdio',
        command: 'npx',
        args: [
          ...(runtimeArgs.some((w) => /^(-y|--yes(=true)?)$/.test(w)) ? [] : ['-y']),
          ...runtimeArgs,
          `${pkg.identifier}@${version}`,
          ...packageArgs,
        ],
        env,
      };
    case 'pypi':
      return {
        kind: 'stdio',
        command: 'uvx',
        args: [...runtimeArgs, `${pkg.identifier}==${version}`, ...packageArgs],
        env,
      };
    case 'oci': {
      // -i keeps stdin open (the MCP stdio channel); --rm leaves no stopped container behind.
      const interactive = runtimeArgs.some((w) => /^(--interactive(=true)?|-[it]*i[it]*)$/.test(w));
      const removes = runtimeArgs.some((w) => /^--rm(=true)?$/.test(w));
      const passed = envPassed(runtimeArgs);
      const envFlags = Object.keys(env)
        .filter((k) => !passed.has(k))
        .flatMap((k) => ['-e', k]);
      return {
        kind: 'stdio',
        command: 'docker',
        args: [
          'run',
          ...(interactive ? [] : ['-i']),
          ...(removes ? [] : ['--rm']),
          ...envFlags,
          ...runtimeArgs,
          ociImage(pkg),
          ...packageArgs,
        ],
        env,
      };
    }
    case 'mcpb':
      // The bundle is fetched, checked against fileSha256 and unpacked when it first runs.
      if (!pkg.fileSha256)
        throw new LaunchError(
          'no_sha256',
          `${server.name}@${server.version}'s bundle has no fileSha256, so it cannot be checked.`,
        );
      return {
        kind: 'stdio',
        command: options.bundleCommand,
        args: [pkg.identifier, pkg.fileSha256, ...packageArgs],
        env,
      };
    default:
      throw new LaunchError('unsupported', `${pkg.registryType} packages cannot be launched.`);
  }
}

/**
 * Runtime arguments without the words the launch itself supplies. Publishers often spell out
 * the whole command (`run`, …, the image; `-y pkg@latest`): docker's leading `run` subcommand
 * and any argument naming the package itself are dropped (a named one keeps its flag, `-y`), so
 * the launch places them once, pinned. Flags such as `-i` are kept and not added again.
 */
function withoutRuntimeWords(pkg: LaunchPackage, list: LaunchInput[] | undefined, fill: Fill): LaunchInput[] {
  const out: LaunchInput[] = [];
  (list ?? []).forEach((a, i) => {
    const value = a.value === undefined ? undefined : fill(a.value, a.variables);
    if (a.type !== 'named' && i === 0 && pkg.registryType === 'oci' && value === 'run') return;
    if (value === undefined || !namesPackage(pkg, value)) out.push(a);
    else if (a.type === 'named' && a.name) out.push({ type: 'named', name: a.name, description: a.description });
  });
  return out;
}

/** Whether a word names the package itself (any version or tag): `pkg`, `pkg@x`, `pkg==x`, an image of the same repository. */
function namesPackage(pkg: LaunchPackage, word: string): boolean {
  switch (pkg.registryType) {
    case 'npm':
      return word === pkg.identifier || word.startsWith(`${pkg.identifier}@`);
    case 'pypi':
      return word === pkg.identifier || word.startsWith(`${pkg.identifier}==`);
    case 'oci':
      return !word.startsWith('-') && imageRepository(word) === imageRepository(ociImage(pkg));
    default:
      return false;
  }
}

/** `ghcr.io/acme/w:1@sha256:…` → `ghcr.io/acme/w`; Docker Hub names in full (`docker.io/library/alpine`). */
function imageRepository(image: string): string {
  const at = image.indexOf('@');
  const parts = (at >= 0 ? image.slice(0, at) : image).replace(/^https?:\/\//, '').split('/');
  const last = parts.pop() ?? '';
  parts.push(last.includes(':') ? last.slice(0, last.indexOf(':')) : last);
  const hasHost = parts.length > 1 && /[.:]|^localhost$/.test(parts[0]!);
  let host = hasHost ? parts.shift()! : 'docker.io';
  if (host === 'index.docker.io' || host === 'registry-1.docker.io') host = 'docker.io';
  if (host === 'docker.io' && parts.length === 1) parts.unshift('library');
  return `${host}/${parts.join('/')}`.toLowerCase();
}

/** Environment variable names that docker words already pass: `-e K`, `-e K=v`, `--env=K`, …. */
function envPassed(words: string[]): Set<string> {
  const names = new Set<string>();
  words.forEach((w, i) => {
    const spec =
      w === '-e' || w === '--env' ? words[i + 1] : /^(-e|--env)=/.test(w) ? w.slice(w.indexOf('=') + 1) : undefined;
    if (spec) names.add(spec.split('=', 1)[0]!);
  });
  return names;
}

/** `image:tag`, pinned: the version in the package when the identifier carries no tag or digest (a `sha256:` version is a digest). */
export function ociImage(pkg: LaunchPackage): string {
  const id = pkg.identifier.replace(/^https?:\/\//, '');
  const base = pkg.registryBaseUrl?.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  const withHost = base && base !== 'docker.io' && !id.startsWith(base) ? `${base}/${id}` : id;
  const lastSegment = withHost.split('/').pop() ?? '';
  if (withHost.includes('@sha256:') || lastSegment.includes(':')) return withHost;
  const version = pkg.version ?? 'latest';
  return version.startsWith('sha256:') ? `${withHost}@${version}` : `${withHost}:${version}`;
}

/** PEP 440 public versions (`1.4.23.post1`, `2.0rc1`, `1!2.0`): one release, not a specifier. */
const PEP440 = /^(\d+!)?\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?(\+[a-z0-9]+(\.[a-z0-9]+)*)?$/i;

/**
 * Whether a package names one release, so a launch pinned to it starts the same code tomorrow:
 * npm a SemVer version (not a dist-tag such as "latest", not a range), PyPI a PEP 440 version,
 * OCI a digest or a tag other than "latest", an MCP bundle always (its fileSha256 fixes it).
 * The registry refuses anything else at publish time now, but older entries still carry them.
 */
export function hasExactVersion(pkg: LaunchPackage): boolean {
  const version = pkg.version ?? '';
  switch (pkg.registryType) {
    case 'npm':
      return isSemver(version);
    case 'pypi':
      return PEP440.test(version);
    case 'oci': {
      const image = ociImage(pkg);
      if (image.includes('@sha256:')) return true;
      const last = image.split('/').pop() ?? '';
      return last.slice(last.indexOf(':') + 1) !== 'latest';
    }
    default:
      return true;
  }
}

/** The key a host's config file lists a server under: the part of its name after the slash, made a safe identifier (mcpm and the site's snippets alike). */
export const hostEntryKey = (name: string) => (name.split('/')[1] ?? name).replace(/[^A-Za-z0-9_-]/g, '-');

/** `entry` plus `key: map`, leaving the key out when the map is empty (host config entries). */
export function withMap(
  entry: Record<string, unknown>,
  key: string,
  map: Record<string, string>,
): Record<string, unknown> {
  return Object.keys(map).length === 0 ? entry : { ...entry, [key]: map };
}

/** The `command`/`args`/`env` entry most MCP hosts share, before host-specific extras. */
export function commandEntry(launch: StdioLaunch): Record<string, unknown> {
  return withMap({ command: launch.command, args: launch.args }, 'env', launch.env);
}
