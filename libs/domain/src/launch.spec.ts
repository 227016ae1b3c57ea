import { type LaunchPackage, type LaunchRemote, type LaunchServer, LaunchError, PACKAGE_ORDER, type Target, deriveLaunch, launchTargets, needsOf, ociImage } from './launch';

const server = (extra: Partial<LaunchServer> = {}): LaunchServer => ({ name: 'io.github.acme/weather', version: '1.2.0', ...extra });
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
      environmentVariables: [{ name: 'API_KEY', isSecret: true, isRequired: true }, { name: 'UNITS', default: 'metric' }, { name: 'MODE', value: 'fast' }],
      packageArguments: [{ type: 'named', name: '--city', valueHint: 'city', isRequired: true }, { type: 'named', name: '--verbose' }],
    };
    expect(deriveLaunch(server(), pkgTarget(pkg), from({ API_KEY: 'vault://x/API_KEY', city: 'Oslo' }), opts)).toEqual({
      kind: 'stdio',
      command: 'npx',
      args: ['-y', '@acme/weather@1.2.3', '--city', 'Oslo', '--verbose'],
      env: { API_KEY: 'vault://x/API_KEY', MODE: 'fast' },
    });
    expect(deriveLaunch(server(), pkgTarget(pkg), placeholders(pkgTarget(pkg)), opts)).toEqual({
      kind: 'stdio',
      command: 'npx',
      args: ['-y', '@acme/weather@1.2.3', '--city', '<city>', '--verbose'],
      env: { API_KEY: '<API_KEY>', UNITS: '<UNITS>', MODE: 'fast' },
    });
  });

  it('does not add -y twice and falls back to the server version', () => {
    const pkg: LaunchPackage = { registryType: 'npm', identifier: 'w', runtimeArguments: [{ type: 'named', name: '--yes' }] };
    expect(deriveLaunch(server(), pkgTarget(pkg), none, opts)).toEqual({ kind: 'stdio', command: 'npx', args: ['--yes', 'w@1.2.0'], env: {} });
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
      args: ['--python', '3.12', 'acme-weather==1.2.3', '/data'],
      env: {},
    });
  });

  it('runs an OCI image through docker run -i --rm, passing env by name', () => {
    const pkg: LaunchPackage = {
      registryType: 'oci',
      identifier: 'ghcr.io/acme/weather',
      version: '1.2.3',
      environmentVariables: [{ name: 'TOKEN', isSecret: true }, { name: 'REGION', default: 'eu' }],
      runtimeArguments: [{ type: 'named', name: '--network', value: 'host' }],
      packageArguments: [{ type: 'positional', value: 'serve' }],
    };
    expect(deriveLaunch(server(), pkgTarget(pkg), from({ TOKEN: '<TOKEN>' }), opts)).toEqual({
      kind: 'stdio',
      command: 'docker',
      args: ['run', '-i', '--rm', '-e', 'TOKEN', '--network', 'host', 'ghcr.io/acme/weather:1.2.3', 'serve'],
      env: { TOKEN: '<TOKEN>' },
    });
  });

  it('starts an MCP bundle through the given bundle command', () => {
    const sha = 'a'.repeat(64);
    const pkg: LaunchPackage = { registryType: 'mcpb', identifier: 'https://x/y.mcpb', fileSha256: sha, packageArguments: [{ type: 'named', name: '--port', value: '8080' }] };
    expect(deriveLaunch(server(), pkgTarget(pkg), none, { bundleCommand: 'mcpm-bundle' })).toEqual({
      kind: 'stdio',
      command: 'mcpm-bundle',
      args: ['https://x/y.mcpb', sha, '--port', '8080'],
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
    expect(deriveLaunch(server(), remoteTarget({ type: 'sse', url: 'https://acme.example/{unknown}' }), () => 'x', opts)).toEqual({
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
      packageArguments: [{ type: 'named', name: '--db', value: 'postgres://{host}:{port}/x', variables: { host: { isRequired: true }, port: { default: '5432' } } }],
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
      args: ['-y', 'w@1.0.0', '--db', 'postgres://db:5432/x'],
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
    expect(deriveLaunch(server(), pkgTarget(pkg), none, opts)).toEqual({ kind: 'stdio', command: 'npx', args: ['-y', 'w@1.0.0', '--units', 'metric', '--debug'], env: {} });
    expect(deriveLaunch(server(), pkgTarget(pkg), from({ city: 'Oslo', units: 'imperial', dir: '/d' }), opts)).toEqual({
      kind: 'stdio',
      command: 'npx',
      args: ['-y', 'w@1.0.0', '--city', 'Oslo', '--units', 'imperial', '/d', '--debug'],
      env: {},
    });
  });

  it('throws LaunchError for a bundle without fileSha256 and for unsupported registry types', () => {
    const noSha = () => deriveLaunch(server(), pkgTarget({ registryType: 'mcpb', identifier: 'https://x/y.mcpb' }), none, opts);
    expect(noSha).toThrow(LaunchError);
    expect(noSha).toThrow(expect.objectContaining({ reason: 'no_sha256', message: "io.github.acme/weather@1.2.0's bundle has no fileSha256, so it cannot be checked." }));
    const nuget = () => deriveLaunch(server(), pkgTarget({ registryType: 'nuget', identifier: 'Acme.Weather' }), none, opts);
    expect(nuget).toThrow(expect.objectContaining({ name: 'LaunchError', reason: 'unsupported', message: 'nuget packages cannot be launched.' }));
  });
});

describe('needsOf', () => {
  it('lists argument needs, then env needs, once each, skipping fixed values and bare flags', () => {
    const pkg: LaunchPackage = {
      registryType: 'npm',
      identifier: 'w',
      runtimeArguments: [{ type: 'named', name: '--node-opts', value: 'x' }],
      packageArguments: [
        { type: 'named', name: '--city', valueHint: 'city', isRequired: true, description: 'City', choices: ['Oslo', 'Bergen'] },
        { type: 'named', name: '--verbose' },
        { type: 'named', name: '--port', default: '80' },
        { type: 'positional' },
      ],
      environmentVariables: [{ name: 'API_KEY', isSecret: true, isRequired: true }, { name: 'FIXED', value: 'v' }, { name: 'API_KEY' }],
    };
    expect(needsOf(pkgTarget(pkg))).toEqual([
      { id: 'city', kind: 'argument', description: 'City', isSecret: false, isRequired: true, default: undefined, choices: ['Oslo', 'Bergen'] },
      { id: 'port', kind: 'argument', description: undefined, isSecret: false, isRequired: false, default: '80', choices: undefined },
      { id: 'value', kind: 'argument', description: undefined, isSecret: false, isRequired: false, default: undefined, choices: undefined },
      { id: 'API_KEY', kind: 'env', description: undefined, isSecret: true, isRequired: true, default: undefined, choices: undefined },
    ]);
  });

  it('lists remote URL variables, then header variables and valueless headers', () => {
    const remote: LaunchRemote = {
      type: 'sse',
      url: 'https://{region}.acme.example/sse',
      variables: { region: { default: 'eu' } },
      headers: [{ name: 'Authorization', value: 'Bearer {token}', variables: { token: { isSecret: true } } }, { name: 'X-Api-Key', isSecret: true }, { name: 'X-Fixed', value: 'v' }],
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
      { registryType: 'npm', identifier: 'http-only', transport: { type: 'streamable-http', url: 'http://localhost:3000/mcp' } },
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
    const label = (t: Target) => (t.kind === 'package' ? `${t.pkg.registryType}:${t.pkg.identifier}` : `remote:${t.remote.url}`);
    expect(launchTargets(server({ packages, remotes })).map(label)).toEqual(['npm:first', 'npm:second', 'pypi:acme-w', 'oci:acme/w', 'mcpb:https://x/b.mcpb', 'remote:https://acme.example/mcp']);
    expect(launchTargets(server({ remotes: remotes.slice(0, 2) })).map(label)).toEqual(['remote:https://acme.example/sse']);
    expect(launchTargets(server({ remotes: [remotes[1]!] }))).toEqual([]);
    expect(launchTargets(server())).toEqual([]);
    expect(PACKAGE_ORDER).toEqual(['npm', 'pypi', 'oci', 'mcpb', 'remote']);
  });
});

describe('ociImage', () => {
  it('pins the package version unless the identifier carries a tag or digest', () => {
    expect(ociImage({ registryType: 'oci', identifier: 'acme/w', version: '1.0' })).toBe('acme/w:1.0');
    expect(ociImage({ registryType: 'oci', identifier: 'acme/w' })).toBe('acme/w:latest');
    expect(ociImage({ registryType: 'oci', identifier: 'docker.io/acme/w:2.0', version: '1.0' })).toBe('docker.io/acme/w:2.0');
    expect(ociImage({ registryType: 'oci', identifier: `acme/w@sha256:${'a'.repeat(64)}` })).toBe(`acme/w@sha256:${'a'.repeat(64)}`);
    expect(ociImage({ registryType: 'oci', identifier: 'acme/w', version: '3', registryBaseUrl: 'https://ghcr.io/' })).toBe('ghcr.io/acme/w:3');
    expect(ociImage({ registryType: 'oci', identifier: 'ghcr.io/acme/w', version: '3', registryBaseUrl: 'https://ghcr.io' })).toBe('ghcr.io/acme/w:3');
    expect(ociImage({ registryType: 'oci', identifier: 'acme/w', version: '3', registryBaseUrl: 'https://docker.io' })).toBe('acme/w:3');
    expect(ociImage({ registryType: 'oci', identifier: 'localhost:5000/w', version: '3' })).toBe('localhost:5000/w:3');
  });
});
