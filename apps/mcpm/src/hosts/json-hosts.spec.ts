import type { Launch, RemoteLaunch } from '../launch';
import { HOSTS } from './index';
import { BARE_STDIO, HTTP, SSE, STDIO, testEnv } from './test-env';
import { HostFileError, type HostId } from './types';

const env = testEnv('linux');

type JsonHostId = Exclude<HostId, 'codex' | 'goose' | 'continue'>;

interface Shapes {
  rootKey: string;
  stdio: unknown;
  bareStdio: unknown;
  http?: unknown;
  sse?: unknown;
  /** The transport an SSE entry reads back as, for hosts whose entry does not record it. */
  sseReadsAs?: RemoteLaunch['transport'];
}

const SECRET_ENV = { API_KEY: 'vault://io.github.a/b/API_KEY' };
const AUTH = { Authorization: 'vault://x/TOKEN' };
const MCP_URL = 'https://mcp.example.com/mcp';
const SSE_URL = 'https://mcp.example.com/sse';
/** The stdio entries most hosts write: command, args, env. */
const PLAIN_STDIO = {
  stdio: { command: 'npx', args: ['-y', 'pkg@1.2.3'], env: SECRET_ENV },
  bareStdio: { command: 'uvx', args: [] },
};
/** Claude Code's and VS Code's entries, each tagged with its type. */
const TYPED = {
  stdio: { type: 'stdio', ...PLAIN_STDIO.stdio },
  bareStdio: { type: 'stdio', ...PLAIN_STDIO.bareStdio },
  http: { type: 'http', url: MCP_URL, headers: AUTH },
  sse: { type: 'sse', url: SSE_URL },
};
/** Remote entries with a bare url, which read back as streamable HTTP. */
const URL_REMOTES = {
  http: { url: MCP_URL, headers: AUTH },
  sse: { url: SSE_URL },
  sseReadsAs: 'streamable-http',
} as const;

const SHAPES: Record<JsonHostId, Shapes> = {
  'claude-desktop': { rootKey: 'mcpServers', ...PLAIN_STDIO },
  'claude-code': { rootKey: 'mcpServers', ...TYPED },
  cursor: { rootKey: 'mcpServers', ...PLAIN_STDIO, ...URL_REMOTES },
  vscode: { rootKey: 'servers', ...TYPED },
  windsurf: {
    rootKey: 'mcpServers',
    ...PLAIN_STDIO,
    http: { serverUrl: MCP_URL, headers: AUTH },
    sse: { serverUrl: SSE_URL },
    sseReadsAs: 'streamable-http',
  },
  gemini: {
    rootKey: 'mcpServers',
    ...PLAIN_STDIO,
    http: { httpUrl: MCP_URL, headers: AUTH },
    sse: { url: SSE_URL },
  },
  zed: { rootKey: 'context_servers', ...PLAIN_STDIO, ...URL_REMOTES },
  cline: {
    rootKey: 'mcpServers',
    stdio: {
      command: 'npx',
      args: ['-y', 'pkg@1.2.3'],
      env: { API_KEY: 'vault://io.github.a/b/API_KEY' },
      disabled: false,
    },
    bareStdio: { command: 'uvx', args: [], disabled: false },
    http: { type: 'streamableHttp', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'vault://x/TOKEN' } },
    sse: { type: 'sse', url: 'https://mcp.example.com/sse' },
  },
  opencode: {
    rootKey: 'mcp',
    stdio: {
      type: 'local',
      command: ['npx', '-y', 'pkg@1.2.3'],
      environment: { API_KEY: 'vault://io.github.a/b/API_KEY' },
      enabled: true,
    },
    bareStdio: { type: 'local', command: ['uvx'], enabled: true },
    http: {
      type: 'remote',
      url: 'https://mcp.example.com/mcp',
      headers: { Authorization: 'vault://x/TOKEN' },
      enabled: true,
    },
    sse: { type: 'remote', url: 'https://mcp.example.com/sse', enabled: true },
    sseReadsAs: 'streamable-http',
  },
};

const ids = Object.keys(SHAPES) as JsonHostId[];

function freshFile(id: JsonHostId, launch: Launch): unknown {
  return JSON.parse(HOSTS[id].upsert(undefined, 'srv', launch, env)) as unknown;
}

describe.each(ids)('%s entries', (id) => {
  const host = HOSTS[id];
  const shapes = SHAPES[id];

  it('creates a missing file as 2-space JSON with a final newline', () => {
    const text = host.upsert(undefined, 'srv', STDIO, env);
    expect(text).toBe(`${JSON.stringify({ [shapes.rootKey]: { srv: shapes.stdio } }, null, 2)}\n`);
    expect(host.upsert('  \n', 'srv', STDIO, env)).toBe(text);
  });

  it('writes a stdio launch, leaving out an empty env, and reads it back', () => {
    expect(freshFile(id, STDIO)).toEqual({ [shapes.rootKey]: { srv: shapes.stdio } });
    expect(freshFile(id, BARE_STDIO)).toEqual({ [shapes.rootKey]: { srv: shapes.bareStdio } });
    for (const launch of [STDIO, BARE_STDIO]) {
      const text = host.upsert(undefined, 'srv', launch, env);
      expect(host.entries(text, env)).toEqual([{ key: 'srv', launch, raw: JSON.parse(text)[shapes.rootKey].srv }]);
    }
  });

  if (shapes.http) {
    it('writes remote launches, and reads them back', () => {
      expect(host.supportsRemote).toBe(true);
      expect(freshFile(id, HTTP)).toEqual({ [shapes.rootKey]: { srv: shapes.http } });
      expect(freshFile(id, SSE)).toEqual({ [shapes.rootKey]: { srv: shapes.sse } });
      expect(host.entries(host.upsert(undefined, 'srv', HTTP, env), env)[0]?.launch).toEqual(HTTP);
      expect(host.entries(host.upsert(undefined, 'srv', SSE, env), env)[0]?.launch).toEqual({
        ...SSE,
        transport: shapes.sseReadsAs ?? 'sse',
      });
    });
  } else {
    it('cannot take a remote launch', () => {
      expect(host.supportsRemote).toBe(false);
      expect(() => host.upsert(undefined, 'srv', HTTP, env)).toThrow(/cannot connect to a remote server directly/);
    });
  }

  it('reads nothing from a missing or empty file', () => {
    expect(host.entries(undefined, env)).toEqual([]);
    expect(host.entries('', env)).toEqual([]);
    expect(host.remove('', 'srv', env)).toBe('');
  });

  it('keeps entries it does not understand, with no launch', () => {
    const text = JSON.stringify({ [shapes.rootKey]: { odd: { command: 42 }, list: [1] } });
    expect(host.entries(text, env)).toEqual([
      { key: 'odd', launch: undefined, raw: { command: 42 } },
      { key: 'list', launch: undefined, raw: [1] },
    ]);
  });

  it('refuses to read or edit a file it cannot parse', () => {
    const broken = `{\n  "${shapes.rootKey}": {\n    "a": {"command": "x"\n  }\n}\n`;
    expect(() => host.entries(broken, env)).toThrow(HostFileError);
    expect(() => host.upsert(broken, 'srv', STDIO, env)).toThrow(HostFileError);
    expect(() => host.remove(broken, 'a', env)).toThrow(HostFileError);
    expect(() => host.entries(`{"${shapes.rootKey}": "nope"}`, env)).toThrow(
      `"${shapes.rootKey}" must be an object (line 1:${shapes.rootKey.length + 6})`,
    );
  });
});

describe('reading entries written by the hosts themselves', () => {
  const read = (id: JsonHostId, entry: unknown) =>
    HOSTS[id].entries(JSON.stringify({ [SHAPES[id].rootKey]: { s: entry } }), env)[0]?.launch;

  it('Claude Code and VS Code: a stdio entry without a type', () => {
    expect(read('claude-code', { command: 'x' })).toEqual({ kind: 'stdio', command: 'x', args: [], env: {} });
    expect(read('vscode', { type: 'websocket', url: 'ws://x' })).toBeUndefined();
  });

  it('Cursor: an SSE entry that says so', () => {
    expect(read('cursor', { type: 'sse', url: 'https://x/sse' })).toEqual({
      kind: 'remote',
      transport: 'sse',
      url: 'https://x/sse',
      headers: {},
    });
  });

  it('Windsurf: a remote entry under url instead of serverUrl', () => {
    expect(read('windsurf', { url: 'https://x/mcp' })).toEqual({
      kind: 'remote',
      transport: 'streamable-http',
      url: 'https://x/mcp',
      headers: {},
    });
  });

  it('Zed: the older nested command shape', () => {
    expect(read('zed', { command: { path: 'node', args: ['s.js'], env: { A: 'b' } }, settings: {} })).toEqual({
      kind: 'stdio',
      command: 'node',
      args: ['s.js'],
      env: { A: 'b' },
    });
  });

  it('Cline: an old SSE entry with a url and no type, and a disabled server', () => {
    expect(read('cline', { url: 'https://x/sse' })).toEqual({
      kind: 'remote',
      transport: 'sse',
      url: 'https://x/sse',
      headers: {},
    });
    expect(read('cline', { command: 'x', disabled: true })).toEqual({ kind: 'stdio', command: 'x', args: [], env: {} });
  });

  it('OpenCode: a local entry needs a non-empty command list', () => {
    expect(read('opencode', { type: 'local', command: [] })).toBeUndefined();
    expect(read('opencode', { type: 'local', command: 'npx' })).toBeUndefined();
  });

  it('env values must be strings', () => {
    expect(read('cursor', { command: 'x', env: { PORT: 3000 } })).toBeUndefined();
  });
});

describe('format strictness', () => {
  const commented = (rootKey: string) => `{\n  // comment\n  "${rootKey}": {},\n}\n`;

  it.each(ids)('%s', (id) => {
    const host = HOSTS[id];
    const text = commented(SHAPES[id].rootKey);
    if (host.format === 'jsonc') expect(host.entries(text, env)).toEqual([]);
    else expect(() => host.entries(text, env)).toThrow(/^invalid JSON at line 2:3/);
  });

  it('treats the files that hosts read with a comment-tolerant parser as JSONC', () => {
    expect(ids.filter((id) => HOSTS[id].format === 'jsonc')).toEqual(['vscode', 'gemini', 'zed', 'opencode']);
  });
});
