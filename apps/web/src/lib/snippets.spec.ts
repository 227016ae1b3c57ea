import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { LaunchServer } from '@mcp-hub/domain';
import { type SnippetHost, SNIPPET_HOSTS, installInfo, shellQuote } from './snippets';

const npmServer: LaunchServer = {
  name: 'io.github.alice/weather',
  version: '1.2.0',
  packages: [
    {
      registryType: 'npm',
      identifier: '@alice/weather-mcp',
      version: '1.2.0',
      transport: { type: 'stdio' },
      packageArguments: [{ type: 'named', name: '--units', default: 'metric' }],
      environmentVariables: [
        { name: 'WEATHER_API_KEY', isRequired: true, isSecret: true, description: 'API key' },
        { name: 'WEATHER_REGION', isRequired: true },
        { name: 'LOG_LEVEL', default: 'info' },
        { name: 'OPTIONAL_FLAG' },
      ],
    },
  ],
};

const remoteServer: LaunchServer = {
  name: 'com.example/search',
  version: '2.0.0',
  remotes: [
    { type: 'sse', url: 'https://old.example.com/sse' },
    {
      type: 'streamable-http',
      url: 'https://mcp.example.com/mcp',
      headers: [
        { name: 'Authorization', value: 'Bearer {token}', variables: { token: { isSecret: true, isRequired: true } } },
      ],
    },
  ],
};

const snippet = (server: LaunchServer, host: SnippetHost) =>
  installInfo(server, { pinned: false }).snippets.find((s) => s.host === host)!;

describe('install snippets, one host at a time (npm package with a secret)', () => {
  const stdioEnv = { WEATHER_API_KEY: '<WEATHER_API_KEY>', WEATHER_REGION: '<WEATHER_REGION>', LOG_LEVEL: 'info' };
  const args = ['-y', '@alice/weather-mcp@1.2.0', '--units=metric'];

  it('Claude Desktop: mcpServers entry, secret as a placeholder and a warning', () => {
    const s = snippet(npmServer, 'claude-desktop');
    expect(JSON.parse(s.code)).toEqual({ mcpServers: { weather: { command: 'npx', args, env: stdioEnv } } });
    expect(s.note).toMatch(/plain text.*mcpm install/);
  });

  it('Claude Code: a claude mcp add command whose ${VAR} survives the shell', () => {
    const s = snippet(npmServer, 'claude-code');
    expect(s.language).toBe('shell');
    expect(s.code).toBe(
      "claude mcp add --scope user -e 'WEATHER_API_KEY=${WEATHER_API_KEY}' -e 'WEATHER_REGION=<WEATHER_REGION>' -e LOG_LEVEL=info weather -- npx -y @alice/weather-mcp@1.2.0 --units=metric",
    );
  });

  it('Cursor: ${env:NAME} for the secret', () => {
    expect(JSON.parse(snippet(npmServer, 'cursor').code)).toEqual({
      mcpServers: {
        weather: { command: 'npx', args, env: { ...stdioEnv, WEATHER_API_KEY: '${env:WEATHER_API_KEY}' } },
      },
    });
  });

  it('VS Code: servers with type stdio, the secret asked through a password input', () => {
    expect(JSON.parse(snippet(npmServer, 'vscode').code)).toEqual({
      inputs: [{ type: 'promptString', id: 'weather_api_key', description: 'WEATHER_API_KEY', password: true }],
      servers: {
        weather: {
          type: 'stdio',
          command: 'npx',
          args,
          env: { ...stdioEnv, WEATHER_API_KEY: '${input:weather_api_key}' },
        },
      },
    });
  });

  it('Windsurf: mcpServers in mcp_config.json', () => {
    const s = snippet(npmServer, 'windsurf');
    expect(s.where).toContain('.codeium/windsurf/mcp_config.json');
    expect(JSON.parse(s.code)).toEqual({ mcpServers: { weather: { command: 'npx', args, env: stdioEnv } } });
  });

  it('Codex: a TOML table that parses to the same launch', () => {
    const s = snippet(npmServer, 'codex');
    expect(s.language).toBe('toml');
    expect(parseToml(s.code)).toEqual({ mcp_servers: { weather: { command: 'npx', args, env: stdioEnv } } });
  });

  it('Gemini CLI: mcpServers with ${VAR}', () => {
    expect(JSON.parse(snippet(npmServer, 'gemini').code)).toEqual({
      mcpServers: { weather: { command: 'npx', args, env: { ...stdioEnv, WEATHER_API_KEY: '${WEATHER_API_KEY}' } } },
    });
  });

  it('covers every host, and pins the mcpm line only on a version page', () => {
    expect(installInfo(npmServer, { pinned: false }).snippets.map((s) => s.host)).toEqual([...SNIPPET_HOSTS]);
    expect(installInfo(npmServer, { pinned: false }).mcpm).toBe('mcpm install io.github.alice/weather');
    expect(installInfo(npmServer, { pinned: true }).mcpm).toBe('mcpm install io.github.alice/weather@1.2.0');
    expect(installInfo(npmServer, { pinned: false }).target).toBe('npm @alice/weather-mcp@1.2.0');
  });
});

describe('install snippets for a remote (streamable HTTP preferred, secret header)', () => {
  it('native remote entries where the host has them', () => {
    expect(JSON.parse(snippet(remoteServer, 'cursor').code)).toEqual({
      mcpServers: { search: { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer ${env:TOKEN}' } } },
    });
    expect(JSON.parse(snippet(remoteServer, 'vscode').code).servers.search).toEqual({
      type: 'http',
      url: 'https://mcp.example.com/mcp',
      headers: { Authorization: 'Bearer ${input:token}' },
    });
    expect(JSON.parse(snippet(remoteServer, 'windsurf').code)).toEqual({
      mcpServers: {
        search: { serverUrl: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer <token>' } },
      },
    });
    expect(JSON.parse(snippet(remoteServer, 'gemini').code)).toEqual({
      mcpServers: { search: { httpUrl: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer ${TOKEN}' } } },
    });
    expect(snippet(remoteServer, 'claude-code').code).toBe(
      "claude mcp add --scope user --transport http search https://mcp.example.com/mcp --header 'Authorization: Bearer ${TOKEN}'",
    );
    expect(parseToml(snippet(remoteServer, 'codex').code)).toEqual({
      mcp_servers: { search: { url: 'https://mcp.example.com/mcp', bearer_token_env_var: 'TOKEN' } },
    });
  });

  it('Claude Desktop reaches it through a pinned mcp-remote bridge', () => {
    expect(JSON.parse(snippet(remoteServer, 'claude-desktop').code)).toEqual({
      mcpServers: {
        search: {
          command: 'npx',
          args: ['-y', 'mcp-remote@0.15.1', 'https://mcp.example.com/mcp', '--header', 'Authorization:Bearer <token>'],
        },
      },
    });
  });

  it('an MCP bundle alone gets the mcpm line and no hand-written snippet', () => {
    const info = installInfo(
      {
        name: 'io.github.x/bundle',
        version: '1.0.0',
        packages: [
          {
            registryType: 'mcpb',
            identifier: 'https://x/b.mcpb',
            fileSha256: 'a'.repeat(64),
            transport: { type: 'stdio' },
          },
        ],
      },
      { pinned: false },
    );
    expect(info.snippets).toEqual([]);
    expect(info.mcpm).toBe('mcpm install io.github.x/bundle');
  });
});

describe('install snippets for servers of the official registry snapshot', () => {
  const snapshot = (
    JSON.parse(
      fs.readFileSync(
        path.resolve(__dirname, '../../../../../shared/fixtures/official-registry/production-2025-09-30.v0.1.json'),
        'utf8',
      ),
    ) as { servers: { server: LaunchServer }[] }
  ).servers;
  const find = (name: string, version: string) =>
    snapshot.find((e) => e.server.name === name && e.server.version === version)!.server;

  it('github-mcp-server: docker run -i --rm -e once and the pinned image once, though its runtimeArguments spell them out', () => {
    const github = find('io.github.github/github-mcp-server', '0.17.0');
    const args = ['run', '-i', '--rm', '-e', 'GITHUB_PERSONAL_ACCESS_TOKEN', 'ghcr.io/github/github-mcp-server:0.17.0'];
    expect(JSON.parse(snippet(github, 'claude-desktop').code)).toEqual({
      mcpServers: {
        'github-mcp-server': {
          command: 'docker',
          args,
          env: { GITHUB_PERSONAL_ACCESS_TOKEN: '<GITHUB_PERSONAL_ACCESS_TOKEN>' },
        },
      },
    });
    expect(snippet(github, 'claude-code').code).toBe(
      `claude mcp add --scope user -e 'GITHUB_PERSONAL_ACCESS_TOKEN=\${GITHUB_PERSONAL_ACCESS_TOKEN}' github-mcp-server -- docker ${args.join(' ')}`,
    );
    expect(installInfo(github, { pinned: false }).unpinned).toBeUndefined();
  });

  it('kubernetes-mcp-server lists nothing to install: no mcpm line, one reason, its repository', () => {
    const info = installInfo(find('io.github.containers/kubernetes-mcp-server', '1.0.0'), { pinned: false });
    expect(info.mcpm).toBeUndefined();
    expect(info.snippets).toEqual([]);
    expect(info.none).toEqual({
      reason: 'This server cannot be installed: it lists no package and no remote, so there is nothing to install.',
      link: 'https://github.com/containers/kubernetes-mcp-server',
      linkText: 'its repository',
    });
  });

  it('a NuGet package alone is not installable either, and says what it is', () => {
    const info = installInfo(find('com.joelverhagen.mcp/Knapcode.SampleMcpServer', '0.7.0-beta'), { pinned: false });
    expect(info.mcpm).toBeUndefined();
    expect(info.none?.reason).toBe(
      'This server cannot be installed: it offers only nuget package Knapcode.SampleMcpServer (mcpm has no runtime for nuget packages).',
    );
  });

  it('a remote alone installs the remote', () => {
    const tessie = snapshot.find((e) => e.server.name === 'ai.smithery/keithah-tessie-mcp')!.server;
    const info = installInfo(tessie, { pinned: false });
    expect(info.mcpm).toBe('mcpm install ai.smithery/keithah-tessie-mcp');
    expect(info.none).toBeUndefined();
    expect(info.target).toBe('remote (streamable-http) https://server.smithery.ai/@keithah/tessie-mcp/mcp');
  });

  it('a Docker image alone says Docker is needed, and shows the command', () => {
    const sonar = snapshot.find((e) => e.server.name === 'io.github.SonarSource/sonarqube-mcp-server')!.server;
    const info = installInfo(sonar, { pinned: false });
    expect(info.mcpm).toBe('mcpm install io.github.SonarSource/sonarqube-mcp-server');
    expect(info.requirement?.text).toMatch(
      /^This server runs only as a Docker image: mcpm install and the snippets below need Docker installed and running/,
    );
    expect(info.requirement?.command).toMatch(
      /^SONARQUBE_TOKEN=<SONARQUBE_TOKEN> .*docker run -i --rm (-e [A-Z_]+ )+mcp\/sonarqube@sha256:d9dc2f44f4f6/,
    );
    expect(info.snippets).toHaveLength(SNIPPET_HOSTS.length);
  });

  it('a Docker image with a remote: the snippets need Docker, mcpm takes the remote without it', () => {
    const info = installInfo(find('com.teamwork/mcp', '1.5.6'), { pinned: false });
    expect(info.target).toMatch(/^oci /);
    expect(info.requirement).toEqual({
      text: expect.stringMatching(
        /need Docker installed and running; without Docker, mcpm install installs the other way/,
      ),
    });
  });

  it("an MCP bundle alone is mcpm's to install, and says so", () => {
    const bear = snapshot.find((e) => e.server.name === 'io.github.jkawamoto/mcp-bear')!.server;
    const info = installInfo(bear, { pinned: false });
    expect(info.mcpm).toBe('mcpm install io.github.jkawamoto/mcp-bear');
    expect(info.snippets).toEqual([]);
    expect(info.requirement?.text).toMatch(/MCP bundle: mcpm install downloads it/);
  });

  it('bytedance filesystem: --allowed-directories=<value> as one flag word, and a note that "latest" is not pinned', () => {
    const fsServer = find('io.github.bytedance/mcp-server-filesystem', '1.0.0');
    const info = installInfo(fsServer, { pinned: false });
    expect(info.needs.map((n) => [n.id, n.isRequired])).toEqual([['allowed-directories', true]]);
    expect(JSON.parse(snippet(fsServer, 'cursor').code)).toEqual({
      mcpServers: {
        'mcp-server-filesystem': {
          command: 'npx',
          args: ['-y', '@agent-infra/mcp-server-filesystem@latest', '--allowed-directories=<allowed-directories>'],
        },
      },
    });
    expect(snippet(fsServer, 'claude-code').code).toBe(
      "claude mcp add --scope user mcp-server-filesystem -- npx -y @agent-infra/mcp-server-filesystem@latest '--allowed-directories=<allowed-directories>'",
    );
    expect(info.unpinned).toMatch(/"latest", not one release.*mcpm install pins and locks the exact release/);
  });
});

describe('shellQuote', () => {
  it.each([
    ['plain-1.2.3', 'plain-1.2.3'],
    ['a b', "'a b'"],
    ["it's", `'it'\\''s'`],
    ['$HOME', "'$HOME'"],
  ])('%s → %s', (input, out) => expect(shellQuote(input)).toBe(out));
});
