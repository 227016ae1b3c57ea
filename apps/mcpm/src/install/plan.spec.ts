import type { ServerDoc, VersionEntry } from '../registry/client';
import { deriveLaunch, needsOf, ociImage, pickTarget, pinImage } from './plan';
import { parseSpec, resolveVersion } from './spec';

const base = { platform: 'linux' as NodeJS.Platform, arch: 'x64', hasCommand: () => true };
const server = (extra: Partial<ServerDoc>): ServerDoc => ({
  name: 'io.github.acme/weather',
  description: 'd',
  version: '1.2.0',
  ...extra,
});

describe('pickTarget', () => {
  const all = server({
    packages: [
      { registryType: 'oci', identifier: 'acme/weather', version: '1.2.0', transport: { type: 'stdio' } },
      { registryType: 'pypi', identifier: 'acme-weather', version: '1.2.0', transport: { type: 'stdio' } },
      { registryType: 'npm', identifier: '@acme/weather', version: '1.2.0', transport: { type: 'stdio' } },
    ],
    remotes: [{ type: 'streamable-http', url: 'https://acme.example/mcp' }],
  });

  it('prefers npm, then pypi, then oci, then a remote', () => {
    expect(pickTarget(all, base).target).toMatchObject({ kind: 'package', pkg: { registryType: 'npm' } });
    expect(pickTarget(server({ packages: all.packages!.slice(0, 2) }), base).target).toMatchObject({
      pkg: { registryType: 'pypi' },
    });
    expect(pickTarget(server({ remotes: all.remotes }), base).target).toMatchObject({ kind: 'remote' });
  });

  it('passes over a package whose runtime is missing when another can run', () => {
    const picked = pickTarget(all, { ...base, hasCommand: (c) => c !== 'npx' });
    expect(picked.target).toMatchObject({ pkg: { registryType: 'pypi' } });
  });

  it('honours --package and says what is offered when nothing fits', () => {
    expect(pickTarget(all, { ...base, prefer: 'remote' }).target.kind).toBe('remote');
    expect(() => pickTarget(server({ packages: [all.packages![0]!] }), { ...base, prefer: 'npm' })).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(/has no npm package/),
        hint: expect.stringMatching(/It offers: oci\./),
      }),
    );
  });

  it('an image only and no docker: says so with the command to run it by hand; --package oci takes it anyway', () => {
    const image = server({ packages: [all.packages![0]!] });
    const noDocker = { ...base, hasCommand: (c: string) => c !== 'docker' };
    expect(() => pickTarget(image, noDocker)).toThrow(
      expect.objectContaining({
        code: 'not_found',
        message:
          'io.github.acme/weather@1.2.0 runs only as a Docker image (acme/weather:1.2.0), and docker is not on PATH here.',
        hint: 'Install Docker (https://docs.docker.com/get-docker/) and run this again, or start it yourself: docker run -i --rm acme/weather:1.2.0',
      }),
    );
    expect(pickTarget(image, { ...noDocker, prefer: 'oci' })).toEqual({
      target: { kind: 'package', pkg: all.packages![0] },
      notes: ['docker is not on PATH; install it before the host starts this server.'],
    });
    expect(pickTarget(server({ packages: [all.packages![0]!], remotes: all.remotes }), noDocker).target.kind).toBe(
      'remote',
    );
  });

  it('nothing installable: one message with the reason and the publisher\'s link, never "see the server page"', () => {
    const bare = server({ repository: { url: 'https://github.com/acme/weather', source: 'github' } });
    expect(() => pickTarget(bare, base)).toThrow(
      expect.objectContaining({
        message:
          'io.github.acme/weather@1.2.0 cannot be installed by mcpm: it lists no package and no remote, so there is nothing to install.',
        hint: 'How to run it, from its publisher: https://github.com/acme/weather',
      }),
    );
    expect(() =>
      pickTarget(
        server({
          packages: [
            { registryType: 'nuget', identifier: 'Acme.Weather', version: '1.2.0', transport: { type: 'stdio' } },
          ],
        }),
        base,
      ),
    ).toThrow(
      expect.objectContaining({
        message: expect.stringMatching(
          /it offers only nuget package Acme\.Weather \(mcpm has no runtime for nuget packages\)\.$/,
        ),
        hint: 'It names no repository or website that says how to run it.',
      }),
    );
  });

  it('only takes an mcpb bundle built for this platform', () => {
    const bundles = server({
      packages: ['darwin_arm64', 'linux_amd64'].map((p) => ({
        registryType: 'mcpb',
        identifier: `https://x/y_${p}.mcpb`,
        fileSha256: 'a'.repeat(64),
        transport: { type: 'stdio' },
      })),
    });
    expect(pickTarget(bundles, base).target).toMatchObject({ pkg: { identifier: 'https://x/y_linux_amd64.mcpb' } });
    expect(pickTarget(bundles, { ...base, platform: 'darwin', arch: 'arm64' }).target).toMatchObject({
      pkg: { identifier: 'https://x/y_darwin_arm64.mcpb' },
    });
  });
});

describe('deriveLaunch', () => {
  it('pins npm, pypi and oci versions and keeps secrets as vault references', () => {
    const pkg = {
      registryType: 'npm',
      identifier: '@acme/weather',
      version: '1.2.0',
      environmentVariables: [
        { name: 'API_KEY', isSecret: true, isRequired: true },
        { name: 'UNITS', default: 'metric' },
      ],
      packageArguments: [
        { type: 'named' as const, name: '--city', valueHint: 'city', isRequired: true },
        { type: 'named' as const, name: '--verbose' },
      ],
    };
    const s = server({ packages: [pkg] });
    const target = { kind: 'package' as const, pkg };
    const needs = needsOf(target);
    expect(needs.map((n) => n.id)).toEqual(['city', 'API_KEY', 'UNITS']);
    expect(deriveLaunch(s, target, { API_KEY: 'sk-1', city: 'Oslo' }, needs)).toEqual({
      kind: 'stdio',
      command: 'npx',
      args: ['-y', '@acme/weather@1.2.0', '--city=Oslo', '--verbose'],
      env: { API_KEY: 'vault://io.github.acme/weather/API_KEY' },
    });
    const py = { registryType: 'pypi', identifier: 'acme-weather', version: '1.2.0' };
    expect(deriveLaunch(s, { kind: 'package', pkg: py }, {}, [])).toMatchObject({
      command: 'uvx',
      args: ['acme-weather==1.2.0'],
    });
    const oci = {
      registryType: 'oci',
      identifier: 'ghcr.io/acme/weather',
      version: '1.2.0',
      environmentVariables: [{ name: 'TOKEN', isSecret: true }],
    };
    const ociNeeds = needsOf({ kind: 'package', pkg: oci });
    expect(deriveLaunch(s, { kind: 'package', pkg: oci }, { TOKEN: 't' }, ociNeeds)).toEqual({
      kind: 'stdio',
      command: 'docker',
      args: ['run', '-i', '--rm', '-e', 'TOKEN', 'ghcr.io/acme/weather:1.2.0'],
      env: { TOKEN: 'vault://io.github.acme/weather/TOKEN' },
    });
  });

  it('fills remote header templates, secrets by reference', () => {
    const remote = {
      type: 'streamable-http',
      url: 'https://acme.example/{tenant}/mcp',
      variables: { tenant: { default: 'eu' } },
      headers: [
        { name: 'Authorization', value: 'Bearer {token}', variables: { token: { isSecret: true, isRequired: true } } },
      ],
    };
    const target = { kind: 'remote' as const, remote };
    const needs = needsOf(target);
    expect(needs.map((n) => [n.id, n.isSecret])).toEqual([
      ['tenant', false],
      ['token', true],
    ]);
    expect(deriveLaunch(server({ remotes: [remote] }), target, { token: 'abc' }, needs)).toEqual({
      kind: 'remote',
      transport: 'streamable-http',
      url: 'https://acme.example/eu/mcp',
      headers: { Authorization: 'Bearer vault://io.github.acme/weather/token' },
    });
  });

  it('pins a docker launch to the locked digest, keeping the tag readable', () => {
    const launch = {
      kind: 'stdio' as const,
      command: 'docker',
      args: ['run', '-i', '--rm', '-e', 'K', 'ghcr.io/acme/w:1.2.0'],
      env: {},
    };
    const digest = `sha256:${'d'.repeat(64)}`;
    expect(pinImage(launch, 'ghcr.io/acme/w:1.2.0', digest)).toMatchObject({
      args: ['run', '-i', '--rm', '-e', 'K', `ghcr.io/acme/w:1.2.0@${digest}`],
    });
    expect(pinImage({ ...launch, command: 'npx' }, 'ghcr.io/acme/w:1.2.0', digest)).toMatchObject({
      args: launch.args,
    });
  });

  it('keeps an OCI tag or digest already in the identifier', () => {
    expect(ociImage({ registryType: 'oci', identifier: 'docker.io/acme/w:2.0', version: '1.0' })).toBe(
      'docker.io/acme/w:2.0',
    );
    expect(ociImage({ registryType: 'oci', identifier: `acme/w@sha256:${'a'.repeat(64)}` })).toBe(
      `acme/w@sha256:${'a'.repeat(64)}`,
    );
    expect(
      ociImage({ registryType: 'oci', identifier: 'acme/w', version: '3', registryBaseUrl: 'https://ghcr.io' }),
    ).toBe('ghcr.io/acme/w:3');
  });
});

describe('parseSpec and resolveVersion', () => {
  const v = (version: string, status: VersionEntry['status'] = 'active', isLatest = false): VersionEntry => ({
    server: server({ version }),
    status,
    isLatest,
  });
  const versions = [v('2.0.0', 'deprecated', true), v('1.5.0'), v('1.4.0', 'deleted'), v('1.2.0')];

  it('splits the version at the @ after the slash', () => {
    expect(parseSpec('io.github.acme/weather@^1.2')).toEqual({ name: 'io.github.acme/weather', want: '^1.2' });
    expect(parseSpec('io.github.acme/weather')).toEqual({ name: 'io.github.acme/weather', want: undefined });
    expect(() => parseSpec('weather')).toThrow(/not a server name/);
    expect(() => parseSpec('io.github.acme/weather@')).toThrow(/empty version/);
  });

  it('takes the highest active version in a range and never a deleted one', () => {
    expect(resolveVersion('n', versions, '^1.0.0').entry.server.version).toBe('1.5.0');
    expect(resolveVersion('n', versions).entry.server.version).toBe('1.5.0'); // latest is deprecated
    expect(() => resolveVersion('n', versions, '1.4.0')).toThrow(/was removed/);
    expect(() => resolveVersion('n', versions, '^3')).toThrow(/No active version of n matches \^3/);
  });

  it('honours an exact deprecated version, with a warning', () => {
    const r = resolveVersion('n', versions, '2.0.0');
    expect(r.entry.server.version).toBe('2.0.0');
    expect(r.warnings[0]).toMatch(/deprecated/);
  });
});
