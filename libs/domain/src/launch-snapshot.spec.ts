import fs from 'node:fs';
import path from 'node:path';
import { type InstallabilityServer, installability } from './installability';
import { type LaunchInput, type LaunchPackage, type LaunchServer, LaunchError, deriveLaunch, needsOf } from './launch';

/**
 * Every package of the official registry's 2025-09-30 snapshot that has runtimeArguments or
 * packageArguments, launched with a value for every input, against what the server.json docs say
 * its command line is. The expectation is a plain reading of the docs written out here (named =
 * "a command-line `--flag={value}`", name with its dashes; positional = the value verbatim; the
 * runtime's own words once), not a second call of the rules under test.
 */
const SNAPSHOT = path.resolve(
  __dirname,
  '../../../../shared/fixtures/official-registry/production-2025-09-30.v0.1.json',
);
const servers: LaunchServer[] = (
  JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8')) as { servers: { server: LaunchServer }[] }
).servers.map((e) => e.server);
const cases: [string, LaunchServer, LaunchPackage][] = servers.flatMap((server) =>
  (server.packages ?? []).flatMap((pkg, i): [string, LaunchServer, LaunchPackage][] =>
    pkg.runtimeArguments?.length || pkg.packageArguments?.length
      ? [[`${server.name}@${server.version} packages[${i}] ${pkg.registryType} ${pkg.identifier}`, server, pkg]]
      : [],
  ),
);

const idOf = (a: LaunchInput) => a.valueHint ?? a.name?.replace(/^-+/, '') ?? 'value';
const flagOf = (a: LaunchInput) => (a.name!.startsWith('-') ? a.name! : `--${a.name!}`);
const isBoolean = (a: LaunchInput) => a.type === 'named' && a.format === 'boolean';
/** Every input gets a value: "true" for boolean flags, `<id>` for anything else. */
const valueOf = (pkg: LaunchPackage) => {
  const booleans = new Set(
    [...(pkg.runtimeArguments ?? []), ...(pkg.packageArguments ?? [])].filter(isBoolean).map(idOf),
  );
  return (id: string) => (booleans.has(id) ? 'true' : `<${id}>`);
};
/** The value the docs give an argument here: `value` with each `{var}` of its variables filled, else the input's own. */
const valueFor = (a: LaunchInput) =>
  a.value !== undefined
    ? a.value.replace(/\{([^}]+)\}/g, (whole, v: string) => (a.variables && v in a.variables ? `<${v}>` : whole))
    : isBoolean(a)
      ? 'true'
      : `<${idOf(a)}>`;
/** A named argument no field gives a value to is a plain flag. */
const isFlagOnly = (a: LaunchInput) =>
  a.value === undefined &&
  a.valueHint === undefined &&
  a.default === undefined &&
  a.format === undefined &&
  !a.isRequired &&
  !a.variables;

/** The documented words of packageArguments. */
function packageWords(pkg: LaunchPackage): string[] {
  return (pkg.packageArguments ?? []).flatMap((a) => {
    if (a.type !== 'named') return [valueFor(a)];
    if (isFlagOnly(a) || isBoolean(a)) return [flagOf(a)];
    // Long flags join their value (`--port=8080`); a short flag takes it as the next word.
    return flagOf(a).startsWith('--') ? [`${flagOf(a)}=${valueFor(a)}`] : [flagOf(a), valueFor(a)];
  });
}

/** `ghcr.io/github/github-mcp-server:0.17.0` → `github/github-mcp-server` (no registry host, tag or digest). */
const repoPath = (image: string) =>
  image
    .split('@')[0]!
    .replace(/^https?:\/\//, '')
    .replace(/^[^/]*[.:][^/]*\//, '')
    .replace(/:[^/]*$/, '')
    .replace(/^library\//, '');

function expectedImage(pkg: LaunchPackage): string {
  const host = pkg.registryBaseUrl?.replace(/^https?:\/\//, '').replace(/\/$/, '');
  const id =
    host && host !== 'docker.io' && !pkg.identifier.startsWith(`${host}/`)
      ? `${host}/${pkg.identifier}`
      : pkg.identifier;
  if (/:[^/]*$/.test(id) || id.includes('@')) return id;
  return pkg.version!.startsWith('sha256:') ? `${id}@${pkg.version}` : `${id}:${pkg.version}`;
}

/** Names passed with docker's -e/--env among `words`. */
function envNames(words: string[]): string[] {
  return words.flatMap((w, i) =>
    w === '-e' || w === '--env'
      ? [words[i + 1]!.split('=')[0]!]
      : /^(-e|--env)=/.test(w)
        ? [w.replace(/^(-e|--env)=/, '').split('=')[0]!]
        : [],
  );
}

describe('every snapshot package with arguments launches as the server.json docs describe', () => {
  it('covers the snapshot (npm, PyPI, OCI and NuGet packages with arguments)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
    expect(new Set(cases.map(([, , p]) => p.registryType))).toEqual(new Set(['npm', 'pypi', 'oci', 'nuget']));
  });

  it.each(cases)('%s', (_label, server, pkg) => {
    const target = { kind: 'package' as const, pkg };
    if (pkg.registryType === 'nuget') {
      expect(() => deriveLaunch(server, target, valueOf(pkg), { bundleCommand: 'mcpm' })).toThrow(LaunchError);
      return;
    }
    const launch = deriveLaunch(server, target, valueOf(pkg), { bundleCommand: 'mcpm' });
    if (launch.kind !== 'stdio') throw new Error('a package launches over stdio');
    const { args } = launch;
    const version = pkg.version ?? server.version;

    let at: number;
    if (pkg.registryType === 'npm') {
      expect(launch.command).toBe('npx');
      const named = args.filter((w) => w === pkg.identifier || w.startsWith(`${pkg.identifier}@`));
      expect(named).toEqual([`${pkg.identifier}@${version}`]);
      at = args.indexOf(named[0]!);
      expect(args.slice(0, at).filter((w) => w === '-y' || w === '--yes')).toHaveLength(1);
    } else if (pkg.registryType === 'pypi') {
      expect(launch.command).toBe('uvx');
      expect(args.filter((w) => w === pkg.identifier || w.startsWith(`${pkg.identifier}==`))).toEqual([
        `${pkg.identifier}==${version}`,
      ]);
      at = args.indexOf(`${pkg.identifier}==${version}`);
    } else {
      expect(launch.command).toBe('docker');
      const image = expectedImage(pkg);
      const images = args.filter((w) => !w.startsWith('-') && repoPath(w) === repoPath(image));
      expect(images).toEqual([image]);
      at = args.indexOf(image);
      const before = args.slice(0, at);
      expect(before[0]).toBe('run');
      expect(before.filter((w) => w === 'run')).toHaveLength(1);
      expect(before.filter((w) => /^(-i|-it|-ti|--interactive)$/.test(w))).toHaveLength(1);
      expect(before.filter((w) => w === '--rm')).toHaveLength(1);
      for (const e of pkg.environmentVariables ?? [])
        expect(envNames(before).filter((n) => n === e.name)).toEqual([e.name]);
    }

    // Package arguments follow the package, exactly as documented.
    expect(args.slice(at + 1)).toEqual(packageWords(pkg));
    // Runtime arguments come before it: each named one once per value, as --flag=value or a flag.
    const runtime = args.slice(0, at);
    for (const a of pkg.runtimeArguments ?? []) {
      if (a.type !== 'named' || (pkg.registryType === 'oci' && a.name === '-e')) continue;
      const copies = (pkg.runtimeArguments ?? []).filter((b) => b.type === 'named' && flagOf(b) === flagOf(a)).length;
      expect({
        flag: flagOf(a),
        times: runtime.filter((w) => w === flagOf(a) || w.startsWith(`${flagOf(a)}=`)).length,
      }).toEqual({ flag: flagOf(a), times: copies });
    }
    // A named argument's name never turns up as a word of its own without its dashes.
    for (const a of [...(pkg.runtimeArguments ?? []), ...(pkg.packageArguments ?? [])])
      if (a.type === 'named' && !a.name!.startsWith('-')) expect(args).not.toContain(a.name);
  });
});

/**
 * Every server of the snapshot, whatever it offers: the install rule gives one answer, and every
 * target it calls installable launches — a pinned package run by its runtime, or a remote URL —
 * with each input given, no template left unfilled and no word twice where the docs allow once.
 */
describe('every snapshot server gets an install answer, and every installable target a launch', () => {
  const every = servers.map((s): [string, LaunchServer] => [`${s.name}@${s.version}`, s]);

  it('sorts the whole snapshot into installable, needs-docker and none, each "none" with a reason', () => {
    const answers = every.map(([, s]) => installability(s as InstallabilityServer, { dockerAvailable: false }));
    const by = (status: string) => answers.filter((a) => a.status === status).length;
    expect(every.length).toBeGreaterThan(700);
    expect(by('installable') + by('needs-docker') + by('none')).toBe(every.length);
    expect(by('installable')).toBeGreaterThan(every.length / 2);
    for (const a of answers) if (a.status === 'none') expect(a.reason).toMatch(/^it /);
  });

  it.each(every)('%s', (_label, server) => {
    const answer = installability(server as InstallabilityServer);
    if (answer.status !== 'installable') return;
    for (const target of answer.targets) {
      const needs = needsOf(target);
      const launch = deriveLaunch(server, target, (id) => `<${id}>`, { bundleCommand: 'mcpm' });
      const words =
        launch.kind === 'stdio'
          ? [launch.command, ...launch.args, ...Object.values(launch.env)]
          : [launch.url, ...Object.values(launch.headers)];
      // A `{var}` the server declares is always filled (with the value given or its default).
      const declared = new Set(needs.map((n) => n.id));
      for (const w of words)
        for (const [, v] of w.matchAll(/\{([A-Za-z0-9_.-]+)\}/g))
          expect({ word: w, unfilled: declared.has(v!) }).toEqual({ word: w, unfilled: false });
      if (launch.kind === 'remote') {
        expect(() => new URL(launch.url.replace(/<[^>]*>/g, 'x'))).not.toThrow();
        continue;
      }
      expect(['npx', 'uvx', 'docker', 'mcpm']).toContain(launch.command);
      if (target.kind !== 'package') continue;
      const version = target.pkg.version ?? server.version;
      if (launch.command === 'npx')
        expect(launch.args.filter((w) => w === `${target.pkg.identifier}@${version}`)).toHaveLength(1);
      if (launch.command === 'uvx')
        expect(launch.args.filter((w) => w === `${target.pkg.identifier}==${version}`)).toHaveLength(1);
      if (launch.command === 'docker') {
        expect(launch.args.filter((w) => w === 'run')).toHaveLength(1);
        expect(launch.args.filter((w) => w === '--rm')).toHaveLength(1);
      }
    }
  });
});
