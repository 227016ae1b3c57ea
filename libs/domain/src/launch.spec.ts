import {
  type LaunchPackage,
  type LaunchRemote,
  type LaunchServer,
  LaunchError,
  PACKAGE_ORDER,
  type Target,
  deriveLaunch,
  hasExactVersion,
  launchTargets,
  needsOf,
  ociImage,
} from './launch';

const server = (extra: Partial<LaunchServer> = {}): LaunchServer => ({
  name: 'io.github.acme/weather',
  version: '1.2.0',
  ...extra,
});
const pkgTarget = (pkg: LaunchPackage): Target => ({ kind: 'package', pkg });
const remoteTarget = (remote: LaunchRemote): Target => ({ kind: 'remote', remote });
const opts = { bundleCommand: 'mcpb' };
/** The web app's way: a placeholder for every input the target takes. */
const placeholders = (t: Target) => {
  const ids = new Set(needsOf(t).map((n) => n.id));
  return (id: string) => (ids.has(id) ? `<${id}>` : undefined);
};
const none = () => undefined;
const from = (values: Record<string, string>) => (id: string) => values[id];

describe('deriveLaunch', () => {
  it('runs an npm package through npx -y, pinned to its version', () => {
    const pkg: LaunchPackage = {
      registryType: 'npm',
      identifier: '@acme/weather',
      version: '1.2.3',
      environmentVariables: [
        { name: 'API_KEY', isSecret: true, isRequired: true },
        { name: 'UNITS', default: 'metric' },
        { name: 'MODE', value: 'fast' },
      ],
      packageArguments: [
        { type: 'named', name: '--city', valueHint: 'city', isRequired: true },
        { type: 'named', name: '--verbose' },
      ],
    };
    expect(deriveLaunch(server(), pkgTarget(pkg), from({ API_KEY: 'vault://x/API_KEY', city: 'Oslo' }), opts)).toEqual({
      kind: 'stdio',
      command: 'npx',
      args: ['-y', '@acme/weather@1.2.3', '--city=Oslo', '--verbose'],
      env: { API_KEY: 'vault://x/API_KEY', MODE: 'fast' },
    });
    expect(deriveLaunch(server(), pkgTarget(pkg), placeholders(pkgTarget(pkg)), opts)).toEqual({
      kind: 'stdio',
      command: 'npx',
      args: ['-y', '@acme/weather@1.2.3', '--city=<city>', '--verbose'],
      env: { API_KEY: '<API_KEY>', UNITS: '<UNITS>', MODE: 'fast' },
    });
  });

  it('does not add -y twice and falls back to the server version', () => {
    const pkg: LaunchPackage = {
      registryType: 'npm',
      identifier: 'w',
      runtimeArguments: [{ type: 'named', name: '--yes' }],
    };
    expect(deriveLaunch(server(), pkgTarget(pkg), none, opts)).toEqual({
      kind: 'stdio',
      command: 'npx',
      args: ['--yes', 'w@1.2.0'],
      env: {},
    });
  });

  it('runs a PyPI package through uvx with runtime and package arguments around it', () => {
    const pkg: LaunchPackage = {
      registryType: 'pypi',
      identifier: 'acme-weather',
      version: '1.2.3',
      runtimeArguments: [{ type: 'named', name: '--python', value: '3.12' }],
      packageArguments: [{ type: 'positional', valueHint: 'path', isRequired: true }],
    };
    expect(deriveLaunch(server(), pkgTarget(pkg), from({ path: '/data' }), opts)).toEqual({
      kind: 'stdio',
      command: 'uvx',
      args: ['--python=3.12', 'acme-weather==1.2.3', '/data'],
      env: {},
    });
  });

  it('runs an OCI image through docker run -i --rm, passing env by name', () => {
    const pkg: LaunchPackage = {
      registryType: 'oci',
      identifier: 'ghcr.io/acme/weather',
      version: '1.2.3',
      environmentVariables: [
        { name: 'TOKEN', isSecret: true },
        { name: 'REGION', default: 'eu' },
      ],
      runtimeArguments: [{ type: 'named', name: '--network', value: 'host' }],
      packageArguments: [{ type: 'positional', value: 'serve' }],
    };
    expect(deriveLaunch(server(), pkgTarget(pkg), from({ TOKEN: '<TOKEN>' }), opts)).toEqual({
      kind: 'stdio',
      command: 'docker',
      args: ['run', '-i', '--rm', '-e', 'TOKEN', '--network=host', 'ghcr.io/acme/weather:1.2.3', 'serve'],
      env: { TOKEN: '<TOKEN>' },
    });
  });

  it('starts an MCP bundle through the given bundle command', () => {
    const sha = 'a'.repeat(64);
    const pkg: LaunchPackage = {
      registryType: 'mcpb',
      identifier: 'https://x/y.mcpb',
      fileSha256: sha,
      packageArguments: [{ type: 'named', name: '--port', value: '8080' }],
    };
    expect(deriveLaunch(server(), pkgTarget(pkg), none, { bundleCommand: 'mcpm-bundle' })).toEqual({
      kind: 'stdio',
      command: 'mcpm-bundle',
      args: ['https://x/y.mcpb', sha, '--port=8080'],
      env: {},
    });
  });

  it('fills remote URL and header templates from variables, leaving empty headers out', () => {
    const remote: LaunchRemote = {
      type: 'streamable-http',
      url: 'https://acme.example/{tenant}/mcp',
      variables: { tenant: { default: 'eu' } },
      headers: [
        { name: 'Authorization', value: 'Bearer {token}', variables: { token: { isSecret: true, isRequired: true } } },
        { name: 'X-Org' },
        { name: 'X-Trace', value: '{trace}', variables: { trace: {} } },
      ],
    };
    expect(deriveLaunch(server(), remoteTarget(remote), from({ token: 'vault://s/token' }), opts)).toEqual({
      kind: 'remote',
      transport: 'streamable-http',
      url: 'https://acme.example/eu/mcp',
      headers: { Authorization: 'Bearer vault://s/token' },
    });
    expect(deriveLaunch(server(), remoteTarget(remote), placeholders(remoteTarget(remote)), opts)).toEqual({
      kind: 'remote',
      transport: 'streamable-http',
      url: 'https://acme.example/<tenant>/mcp',
      headers: { Authorization: 'Bearer <token>', 'X-Org': '<X-Org>', 'X-Trace': '<trace>' },
    });
    expect(
      deriveLaunch(server(), remoteTarget({ type: 'sse', url: 'https://acme.example/{unknown}' }), () => 'x', opts),
    ).toEqual({
      kind: 'remote',
      transport: 'sse',
      url: 'https://acme.example/{unknown}',
      headers: {},
    });
  });

  it('fills {var} templates in argument and env values', () => {
    const pkg: LaunchPackage = {
      registryType: 'npm',
      identifier: 'w',
      version: '1.0.0',
      packageArguments: [
        {
          type: 'named',
          name: '--db',
          value: 'postgres://{host}:{port}/x',
          variables: { host: { isRequired: true }, port: { default: '5432' } },
        },
      ],
      environmentVariables: [{ name: 'AUTH', value: 'Bearer {key}', variables: { key: { isSecret: true } } }],
    };
    expect(needsOf(pkgTarget(pkg)).map((n) => [n.id, n.kind, n.isSecret, n.isRequired])).toEqual([
      ['host', 'argument', false, true],
      ['port', 'argument', false, false],
      ['key', 'env', true, false],
    ]);
    expect(deriveLaunch(server(), pkgTarget(pkg), from({ host: 'db', key: 'vault://s/key' }), opts)).toEqual({
      kind: 'stdio',
      command: 'npx',
      args: ['-y', 'w@1.0.0', '--db=postgres://db:5432/x'],
      env: { AUTH: 'Bearer vault://s/key' },
    });
  });

  it('leaves optional inputs without a value out, and uses argument defaults', () => {
    const pkg: LaunchPackage = {
      registryType: 'npm',
      identifier: 'w',
      version: '1.0.0',
      packageArguments: [
        { type: 'named', name: '--city', valueHint: 'city' },
        { type: 'named', name: '--units', default: 'metric' },
        { type: 'positional', valueHint: 'dir' },
        { type: 'named', name: '--debug' },
      ],
      environmentVariables: [{ name: 'OPTIONAL_KEY', isSecret: true }],
    };
    expect(deriveLaunch(server(), pkgTarget(pkg), none, opts)).toEqual({
      kind: 'stdio',
      command: 'npx',
      args: ['-y', 'w@1.0.0', '--units=metric', '--debug'],
      env: {},
    });
    expect(deriveLaunch(server(), pkgTarget(pkg), from({ city: 'Oslo', units: 'imperial', dir: '/d' }), opts)).toEqual({
      kind: 'stdio',
      command: 'npx',
      args: ['-y', 'w@1.0.0', '--city=Oslo', '--units=imperial', '/d', '--debug'],
      env: {},
    });
  });

  it('throws LaunchError for a bundle without fileSha256 and for unsupported registry types', () => {
    const noSha = () =>
      deriveLaunch(server(), pkgTarget({ registryType: 'mcpb', identifier: 'https://x/y.mcpb' }), none, opts);
    expect(noSha).toThrow(LaunchError);
    expect(noSha).toThrow(
      expect.objectContaining({
        reason: 'no_sha256',
        message: "io.github.acme/weather@1.2.0's bundle has no fileSha256, so it cannot be checked.",
      }),
    );
    const nuget = () =>
      deriveLaunch(server(), pkgTarget({ registryType: 'nuget', identifier: 'Acme.Weather' }), none, opts);
    expect(nuget).toThrow(
      expect.objectContaining({
        name: 'LaunchError',
        reason: 'unsupported',
        message: 'nuget packages cannot be launched.',
      }),
    );
  });
});

describe('deriveLaunch: arguments as the server.json schema defines them', () => {
  const npm = (packageArguments: LaunchPackage['packageArguments']): Target =>
    pkgTarget({ registryType: 'npm', identifier: 'w', version: '1.0.0', packageArguments });
  const argsOf = (t: Target, valueOf: Parameters<typeof deriveLaunch>[2] = none) => {
    const l = deriveLaunch(server(), t, valueOf, opts);
    if (l.kind !== 'stdio') throw new Error('not stdio');
    return l.args.slice(2);
  };

  it('joins a long named argument and its value into one --flag=value word (a short flag takes the next word), its name as given', () => {
    expect(argsOf(npm([{ type: 'named', name: '--port', default: '8080' }]))).toEqual(['--port=8080']);
    expect(argsOf(npm([{ type: 'named', name: '-t', value: 'stdio' }]))).toEqual(['-t', 'stdio']);
    expect(
      argsOf(
        npm([{ type: 'named', name: '--allowed-directories', isRequired: true, format: 'string' }]),
        from({ 'allowed-directories': '/srv/data' }),
      ),
    ).toEqual(['--allowed-directories=/srv/data']);
  });

  it('gives a named argument published without dashes the -- of the flag form, never a bare positional word', () => {
    const t = npm([
      {
        type: 'named',
        name: 'allowed-directories',
        isRequired: true,
        format: 'string',
        description: 'Comma-separated list',
      },
    ]);
    expect(needsOf(t).map((n) => n.id)).toEqual(['allowed-directories']);
    expect(argsOf(t, from({ 'allowed-directories': '/a,/b' }))).toEqual(['--allowed-directories=/a,/b']);
  });

  it('inserts positional values verbatim, a valueHint naming the input they come from', () => {
    const t = npm([
      { type: 'positional', value: 'mcp' },
      { type: 'positional', value: 'start' },
      { type: 'positional', valueHint: 'target_dir', isRequired: true },
    ]);
    expect(needsOf(t).map((n) => n.id)).toEqual(['target_dir']);
    expect(argsOf(t, from({ target_dir: '/work' }))).toEqual(['mcp', 'start', '/work']);
  });

  it('repeats an isRepeated argument once per value, and takes one value of any other', () => {
    const t = npm([
      { type: 'positional', valueHint: 'dir', isRepeated: true },
      { type: 'named', name: '--mount', valueHint: 'mount', isRepeated: true },
      { type: 'named', name: '--city', valueHint: 'city' },
    ]);
    const values = { dir: ['/a', '/b'], mount: ['x', 'y'], city: ['Oslo', 'Bergen'] };
    expect(argsOf(t, (id) => values[id as keyof typeof values])).toEqual([
      '/a',
      '/b',
      '--mount=x',
      '--mount=y',
      '--city=Oslo',
    ]);
  });

  it('fills {var} templates of a named value from its variables, defaults included', () => {
    const t = npm([
      {
        type: 'named',
        name: '--mount',
        value: 'type=bind,src={source_path},dst={target_path}',
        variables: { source_path: { format: 'filepath', isRequired: true }, target_path: { default: '/project' } },
      },
    ]);
    expect(needsOf(t).map((n) => n.id)).toEqual(['source_path', 'target_path']);
    expect(argsOf(t, from({ source_path: '/home/me' }))).toEqual(['--mount=type=bind,src=/home/me,dst=/project']);
  });

  it('passes a switch as its name, a boolean only when true, and leaves out a valued argument without a value', () => {
    const t = npm([
      { type: 'named', name: '--verbose' },
      { type: 'named', name: '--debug', format: 'boolean' },
      { type: 'named', name: '--read-only', format: 'boolean', default: 'true' },
      { type: 'named', name: '--project-ref', format: 'string' },
    ]);
    expect(needsOf(t).map((n) => [n.id, n.choices])).toEqual([
      ['debug', ['true', 'false']],
      ['read-only', ['true', 'false']],
      ['project-ref', undefined],
    ]);
    expect(argsOf(t)).toEqual(['--verbose', '--read-only']);
    expect(argsOf(t, from({ debug: 'true', 'read-only': 'false', 'project-ref': 'abc' }))).toEqual([
      '--verbose',
      '--debug',
      '--project-ref=abc',
    ]);
  });
});

describe('deriveLaunch: runtime words come once even when the publisher spelled them out', () => {
  const github: LaunchPackage = {
    registryType: 'oci',
    registryBaseUrl: 'https://ghcr.io',
    identifier: 'github/github-mcp-server',
    version: '0.17.0',
    runtimeArguments: [
      { type: 'positional', value: 'run', description: 'The runtime command to execute' },
      { type: 'named', name: '-i' },
      { type: 'named', name: '--rm' },
      { type: 'named', name: '-e' },
      { type: 'positional', value: 'GITHUB_PERSONAL_ACCESS_TOKEN', valueHint: 'env_var_name' },
      { type: 'positional', value: 'ghcr.io/github/github-mcp-server', valueHint: 'image_name' },
    ],
    environmentVariables: [{ name: 'GITHUB_PERSONAL_ACCESS_TOKEN', isRequired: true, isSecret: true }],
  };

  it('docker: one run, -i, --rm and -e NAME, the pinned image once after them', () => {
    expect(deriveLaunch(server(), pkgTarget(github), from({ GITHUB_PERSONAL_ACCESS_TOKEN: '<T>' }), opts)).toEqual({
      kind: 'stdio',
      command: 'docker',
      args: ['run', '-i', '--rm', '-e', 'GITHUB_PERSONAL_ACCESS_TOKEN', 'ghcr.io/github/github-mcp-server:0.17.0'],
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: '<T>' },
    });
  });

  it('docker: recognises the image under any tag or Docker Hub spelling, and flags however written', () => {
    const pkg: LaunchPackage = {
      registryType: 'oci',
      identifier: 'hamcodes/cybersim-pro-mcp',
      registryBaseUrl: 'https://docker.io',
      version: 'v1.0.1',
      runtimeArguments: [
        { type: 'positional', value: 'run' },
        { type: 'named', name: '-it' },
        { type: 'named', name: '--env', value: 'K=v' },
        { type: 'positional', value: 'docker.io/hamcodes/cybersim-pro-mcp:latest' },
      ],
      environmentVariables: [
        { name: 'K', value: 'v' },
        { name: 'OTHER', value: 'o' },
      ],
      packageArguments: [{ type: 'positional', value: 'serve' }],
    };
    expect(deriveLaunch(server(), pkgTarget(pkg), none, opts)).toMatchObject({
      args: ['run', '--rm', '-e', 'OTHER', '-it', '--env=K=v', 'hamcodes/cybersim-pro-mcp:v1.0.1', 'serve'],
    });
  });

  it('docker: a run that is not the leading subcommand, and a look-alike image, stay', () => {
    const pkg: LaunchPackage = {
      registryType: 'oci',
      identifier: 'acme/w',
      version: '1',
      runtimeArguments: [
        { type: 'named', name: '--label', value: 'x' },
        { type: 'positional', value: 'run' },
        { type: 'positional', value: 'acme/w-sidecar' },
      ],
    };
    expect(deriveLaunch(server(), pkgTarget(pkg), none, opts)).toMatchObject({
      args: ['run', '-i', '--rm', '--label=x', 'run', 'acme/w-sidecar', 'acme/w:1'],
    });
  });

  it('npx: the package named in runtimeArguments (-y pkg@latest) is placed once, pinned', () => {
    const pkg: LaunchPackage = {
      registryType: 'npm',
      identifier: '@florentine-ai/mcp',
      version: '0.1.4',
      runtimeArguments: [{ type: 'named', name: '-y', value: '@florentine-ai/mcp@latest', isRequired: true }],
      packageArguments: [{ type: 'named', name: '--mode', value: 'static', isRequired: true }],
    };
    expect(deriveLaunch(server(), pkgTarget(pkg), none, opts)).toMatchObject({
      args: ['-y', '@florentine-ai/mcp@0.1.4', '--mode=static'],
    });
  });

  it('uvx: the package named in runtimeArguments is placed once, pinned', () => {
    const pkg: LaunchPackage = {
      registryType: 'pypi',
      identifier: 'acme-w',
      version: '2.0',
      runtimeArguments: [
        { type: 'named', name: '--python', value: '3.12' },
        { type: 'positional', value: 'acme-w==1.0' },
      ],
    };
    expect(deriveLaunch(server(), pkgTarget(pkg), none, opts)).toMatchObject({
      args: ['--python=3.12', 'acme-w==2.0'],
    });
  });
});

describe('hasExactVersion', () => {
  it('tells one release from a tag or a range', () => {
    const npm = (version: string) => hasExactVersion({ registryType: 'npm', identifier: 'w', version });
    expect([npm('1.2.3'), npm('1.0.0-beta.1'), npm('latest'), npm('next'), npm('^1.2.3'), npm('1.x'), npm('')]).toEqual(
      [true, true, false, false, false, false, false],
    );
    const pypi = (version: string) => hasExactVersion({ registryType: 'pypi', identifier: 'w', version });
    expect([
      pypi('1.4.23.post1'),
      pypi('2.0rc1'),
      pypi('0.6.4'),
      pypi('latest'),
      pypi('auto'),
      pypi('>=1.0'),
      pypi('~=1.2'),
    ]).toEqual([true, true, true, false, false, false, false]);
    const oci = (identifier: string, version?: string) => hasExactVersion({ registryType: 'oci', identifier, version });
    expect([
      oci('acme/w', 'v1.0.1'),
      oci('acme/w', `sha256:${'a'.repeat(64)}`),
      oci('acme/w:2'),
      oci('acme/w', 'latest'),
      oci('acme/w'),
      oci('acme/w:latest', '1'),
    ]).toEqual([true, true, true, false, false, false]);
    expect(hasExactVersion({ registryType: 'mcpb', identifier: 'https://x/y.mcpb', fileSha256: 'a'.repeat(64) })).toBe(
      true,
    );
  });
});

describe('needsOf', () => {
  it('lists argument needs, then env needs, once each, skipping fixed values and bare flags', () => {
    const pkg: LaunchPackage = {
      registryType: 'npm',
      identifier: 'w',
      runtimeArguments: [{ type: 'named', name: '--node-opts', value: 'x' }],
      packageArguments: [
        {
          type: 'named',
          name: '--city',
          valueHint: 'city',
          isRequired: true,
          description: 'City',
          choices: ['Oslo', 'Bergen'],
        },
        { type: 'named', name: '--verbose' },
        { type: 'named', name: '--port', default: '80' },
        { type: 'positional' },
      ],
      environmentVariables: [
        { name: 'API_KEY', isSecret: true, isRequired: true },
        { name: 'FIXED', value: 'v' },
        { name: 'API_KEY' },
      ],
    };
    expect(needsOf(pkgTarget(pkg))).toEqual([
      {
        id: 'city',
        kind: 'argument',
        description: 'City',
        isSecret: false,
        isRequired: true,
        default: undefined,
        choices: ['Oslo', 'Bergen'],
      },
      {
        id: 'port',
        kind: 'argument',
        description: undefined,
        isSecret: false,
        isRequired: false,
        default: '80',
        choices: undefined,
      },
      {
        id: 'value',
        kind: 'argument',
        description: undefined,
        isSecret: false,
        isRequired: false,
        default: undefined,
        choices: undefined,
      },
      {
        id: 'API_KEY',
        kind: 'env',
        description: undefined,
        isSecret: true,
        isRequired: true,
        default: undefined,
        choices: undefined,
      },
    ]);
  });

  it('lists remote URL variables, then header variables and valueless headers', () => {
    const remote: LaunchRemote = {
      type: 'sse',
      url: 'https://{region}.acme.example/sse',
      variables: { region: { default: 'eu' } },
      headers: [
        { name: 'Authorization', value: 'Bearer {token}', variables: { token: { isSecret: true } } },
        { name: 'X-Api-Key', isSecret: true },
        { name: 'X-Fixed', value: 'v' },
      ],
    };
    expect(needsOf(remoteTarget(remote)).map((n) => [n.id, n.kind, n.isSecret])).toEqual([
      ['region', 'header', false],
      ['token', 'header', true],
      ['X-Api-Key', 'header', true],
    ]);
  });
});

describe('launchTargets', () => {
  it('lists stdio packages in PACKAGE_ORDER, document order within a type, then the best remote', () => {
    const packages: LaunchPackage[] = [
      { registryType: 'mcpb', identifier: 'https://x/b.mcpb' },
      { registryType: 'oci', identifier: 'acme/w', transport: { type: 'stdio' } },
      {
        registryType: 'npm',
        identifier: 'http-only',
        transport: { type: 'streamable-http', url: 'http://localhost:3000/mcp' },
      },
      { registryType: 'npm', identifier: 'first' },
      { registryType: 'nuget', identifier: 'Acme.W' },
      { registryType: 'pypi', identifier: 'acme-w' },
      { registryType: 'npm', identifier: 'second' },
    ];
    const remotes: LaunchRemote[] = [
      { type: 'sse', url: 'https://acme.example/sse' },
      { type: 'websocket', url: 'wss://acme.example' },
      { type: 'streamable-http', url: 'https://acme.example/mcp' },
    ];
    const label = (t: Target) =>
      t.kind === 'package' ? `${t.pkg.registryType}:${t.pkg.identifier}` : `remote:${t.remote.url}`;
    expect(launchTargets(server({ packages, remotes })).map(label)).toEqual([
      'npm:first',
      'npm:second',
      'pypi:acme-w',
      'oci:acme/w',
      'mcpb:https://x/b.mcpb',
      'remote:https://acme.example/mcp',
    ]);
    expect(launchTargets(server({ remotes: remotes.slice(0, 2) })).map(label)).toEqual([
      'remote:https://acme.example/sse',
    ]);
    expect(launchTargets(server({ remotes: [remotes[1]!] }))).toEqual([]);
    expect(launchTargets(server())).toEqual([]);
    expect(PACKAGE_ORDER).toEqual(['npm', 'pypi', 'oci', 'mcpb', 'remote']);
  });
});

describe('ociImage', () => {
  it('pins the package version unless the identifier carries a tag or digest', () => {
    expect(ociImage({ registryType: 'oci', identifier: 'acme/w', version: '1.0' })).toBe('acme/w:1.0');
    expect(ociImage({ registryType: 'oci', identifier: 'acme/w' })).toBe('acme/w:latest');
    expect(ociImage({ registryType: 'oci', identifier: 'docker.io/acme/w:2.0', version: '1.0' })).toBe(
      'docker.io/acme/w:2.0',
    );
    expect(ociImage({ registryType: 'oci', identifier: `acme/w@sha256:${'a'.repeat(64)}` })).toBe(
      `acme/w@sha256:${'a'.repeat(64)}`,
    );
    expect(
      ociImage({ registryType: 'oci', identifier: 'acme/w', version: '3', registryBaseUrl: 'https://ghcr.io/' }),
    ).toBe('ghcr.io/acme/w:3');
    expect(
      ociImage({ registryType: 'oci', identifier: 'ghcr.io/acme/w', version: '3', registryBaseUrl: 'https://ghcr.io' }),
    ).toBe('ghcr.io/acme/w:3');
    expect(
      ociImage({ registryType: 'oci', identifier: 'acme/w', version: '3', registryBaseUrl: 'https://docker.io' }),
    ).toBe('acme/w:3');
    expect(ociImage({ registryType: 'oci', identifier: 'localhost:5000/w', version: '3' })).toBe('localhost:5000/w:3');
    expect(ociImage({ registryType: 'oci', identifier: 'mcp/sonarqube', version: `sha256:${'d'.repeat(64)}` })).toBe(
      `mcp/sonarqube@sha256:${'d'.repeat(64)}`,
    );
  });
});
