import { parse } from 'yaml';
import { HOSTS } from './index';
import { HTTP, SSE, STDIO, testEnv } from './test-env';
import { HostFileError } from './types';

const env = testEnv('linux');
const { goose, continue: continueDev } = HOSTS;

/** As Goose itself writes it: lists not indented under their key; plus a user's comments. */
const GOOSE = `# Goose config
GOOSE_PROVIDER: openai   # provider
GOOSE_MODEL: gpt-4o
extensions:
  developer:
    bundled: true
    enabled: true
    name: developer
    timeout: 300
    type: builtin

  # my filesystem server
  fs:
    args:
    - -y
    - '@modelcontextprotocol/server-filesystem'
    cmd: npx
    enabled: true
    envs: {}
    name: fs
    timeout: 300
    type: stdio
GOOSE_MODE: smart_approve
`;

const CONTINUE = `name: Local Assistant
version: 1.0.0
schema: v1
models:
  - name: GPT-4o
    provider: openai
    model: gpt-4o   # the default
mcpServers:
  # a local database
  - name: sqlite
    command: npx
    args: ["-y", "mcp-sqlite", "/tmp/db.sqlite"]
context:
  - provider: code
`;

describe('goose', () => {
  it('creates a missing file', () => {
    expect(goose.upsert(undefined, 'fs', STDIO, env)).toBe(`extensions:
  fs:
    name: fs
    type: stdio
    cmd: npx
    args:
      - -y
      - pkg@1.2.3
    envs:
      API_KEY: vault://io.github.a/b/API_KEY
    enabled: true
    timeout: 300
`);
  });

  it('adds an extension in the file own list style, touching nothing else', () => {
    expect(goose.upsert(GOOSE, 'git', { ...STDIO, env: {} }, env)).toBe(
      GOOSE.replace(
        'GOOSE_MODE: smart',
        `  git:
    name: git
    type: stdio
    cmd: npx
    args:
    - -y
    - pkg@1.2.3
    enabled: true
    timeout: 300
GOOSE_MODE: smart`,
      ),
    );
  });

  it('writes remote extensions', () => {
    expect(parse(goose.upsert(undefined, 'r', HTTP, env))).toEqual({
      extensions: {
        r: { name: 'r', type: 'streamable_http', uri: HTTP.url, headers: HTTP.headers, enabled: true, timeout: 300 },
      },
    });
    expect(parse(goose.upsert(undefined, 'r', SSE, env))).toEqual({
      extensions: { r: { name: 'r', type: 'sse', uri: SSE.url, enabled: true, timeout: 300 } },
    });
  });

  it('replaces an extension where it stands', () => {
    const out = goose.upsert(GOOSE, 'fs', HTTP, env);
    expect(out).toContain('  # my filesystem server\n  fs:\n    name: fs\n    type: streamable_http\n');
    expect(out.startsWith(GOOSE.slice(0, GOOSE.indexOf('  # my filesystem server')))).toBe(true);
    expect(out.endsWith('    timeout: 300\nGOOSE_MODE: smart_approve\n')).toBe(true);
  });

  it('removes an extension and leaves an empty map after the last one', () => {
    expect(goose.remove(GOOSE, 'developer', env)).toBe(GOOSE.replace(/ {2}developer:[^]*?type: builtin\n/, ''));
    expect(goose.remove('extensions:\n  fs:\n    cmd: x\nother: 1\n', 'fs', env)).toBe('extensions: {}\nother: 1\n');
    expect(goose.remove(GOOSE, 'nope', env)).toBe(GOOSE);
  });

  it('fills `extensions: {}` and an empty `extensions:`', () => {
    expect(goose.upsert('extensions: {}\n', 'a', { ...STDIO, env: {} }, env)).toBe(
      'extensions:\n  a:\n    name: a\n    type: stdio\n    cmd: npx\n    args:\n      - -y\n      - pkg@1.2.3\n    enabled: true\n    timeout: 300\n',
    );
    expect(parse(goose.upsert('extensions:\nGOOSE_MODE: auto\n', 'a', STDIO, env))).toMatchObject({
      GOOSE_MODE: 'auto',
      extensions: { a: { cmd: 'npx' } },
    });
  });

  it('edits flow-style maps through the YAML document instead', () => {
    const text = 'extensions: {dev: {type: builtin, name: dev}}\n';
    const out = goose.upsert(text, 'a', SSE, env);
    expect(parse(out)).toEqual({
      extensions: {
        dev: { type: 'builtin', name: 'dev' },
        a: { name: 'a', type: 'sse', uri: SSE.url, enabled: true, timeout: 300 },
      },
    });
    expect(parse(goose.remove(out, 'a', env))).toEqual(parse(text));
  });

  it('reads extensions, including ones that are not MCP servers', () => {
    const entries = goose.entries(goose.upsert(GOOSE, 'r', SSE, env), env);
    expect(entries.map((e) => [e.key, e.launch])).toEqual([
      ['developer', undefined],
      ['fs', { kind: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem'], env: {} }],
      ['r', SSE],
    ]);
    expect(entries[0]?.raw).toEqual({ bundled: true, enabled: true, name: 'developer', timeout: 300, type: 'builtin' });
    expect(goose.entries(goose.upsert(undefined, 'h', HTTP, env), env)[0]?.launch).toEqual(HTTP);
  });
});

describe('continue', () => {
  it('creates a missing file with the fields Continue requires', () => {
    expect(continueDev.upsert(undefined, 'fs', STDIO, env)).toBe(`name: Local Assistant
version: 1.0.0
schema: v1
mcpServers:
  - name: fs
    command: npx
    args:
      - -y
      - pkg@1.2.3
    env:
      API_KEY: vault://io.github.a/b/API_KEY
`);
  });

  it('appends to the list, touching nothing else', () => {
    expect(continueDev.upsert(CONTINUE, 'remote', HTTP, env)).toBe(
      CONTINUE.replace(
        'context:',
        `  - name: remote
    type: streamable-http
    url: https://mcp.example.com/mcp
    requestOptions:
      headers:
        Authorization: vault://x/TOKEN
context:`,
      ),
    );
  });

  it('replaces a list item by name, in place', () => {
    const out = continueDev.upsert(CONTINUE, 'sqlite', SSE, env);
    expect(out).toBe(
      CONTINUE.replace(
        '  - name: sqlite\n    command: npx\n    args: ["-y", "mcp-sqlite", "/tmp/db.sqlite"]\n',
        '  - name: sqlite\n    type: sse\n    url: https://mcp.example.com/sse\n',
      ),
    );
  });

  it('removes a list item and leaves an empty list after the last one', () => {
    expect(continueDev.remove(CONTINUE, 'sqlite', env)).toBe(
      CONTINUE.replace(/ {2}- name: sqlite\n.*\n.*\n/, '').replace('mcpServers:', 'mcpServers: []'),
    );
    expect(continueDev.remove(CONTINUE, 'nope', env)).toBe(CONTINUE);
  });

  it('adds the list when the file has none', () => {
    expect(continueDev.upsert('name: x\nversion: 1.0.0\n', 'a', { ...STDIO, env: {} }, env)).toBe(
      'name: x\nversion: 1.0.0\nmcpServers:\n  - name: a\n    command: npx\n    args:\n      - -y\n      - pkg@1.2.3\n',
    );
  });

  it('follows an unindented list style', () => {
    expect(continueDev.upsert('mcpServers:\n- name: a\n  command: x\n', 'b', { ...STDIO, env: {} }, env)).toBe(
      'mcpServers:\n- name: a\n  command: x\n- name: b\n  command: npx\n  args:\n  - -y\n  - pkg@1.2.3\n',
    );
  });

  it('falls back to the YAML document when the item layout is unusual', () => {
    const text = 'mcpServers:\n  -\n    name: a\n    command: x\n  - name: b\n    command: y\n';
    const out = continueDev.remove(text, 'a', env);
    expect(parse(out)).toEqual({ mcpServers: [{ name: 'b', command: 'y' }] });
  });

  it('reads items back, skipping ones without a name', () => {
    const text = `${continueDev.upsert(CONTINUE, 'remote', HTTP, env)}\n`.replace(
      'context:',
      '  - command: nameless\ncontext:',
    );
    expect(continueDev.entries(text, env).map((e) => [e.key, e.launch])).toEqual([
      ['sqlite', { kind: 'stdio', command: 'npx', args: ['-y', 'mcp-sqlite', '/tmp/db.sqlite'], env: {} }],
      ['remote', HTTP],
    ]);
    expect(
      continueDev.entries('mcpServers:\n  - name: ws\n    type: websocket\n    url: ws://x\n', env)[0]?.launch,
    ).toBeUndefined();
  });
});

describe.each([
  ['goose', goose, GOOSE, 'extensions', {}],
  ['continue', continueDev, CONTINUE, 'mcpServers', []],
] as const)('%s round trip and errors', (_name, host, file, rootKey, empty) => {
  it.each([
    ['a realistic commented file', file],
    ['CRLF line ends', file.replace(/\n/g, '\r\n')],
    ['an empty collection', `${rootKey}: ${JSON.stringify(empty)}\n`],
    ['an empty collection and no final newline', `# servers\n${rootKey}: ${JSON.stringify(empty)}`],
    ['no final newline', file.trimEnd()],
  ])('remove(upsert(F)) === F for %s', (_case, text) => {
    for (const launch of [STDIO, HTTP, SSE]) {
      expect(host.remove(host.upsert(text, 'new-server', launch, env), 'new-server', env)).toBe(text);
    }
  });

  it('leaves an empty collection behind when upsert had to add the root key', () => {
    const text = '# nothing yet\nother: 1\n';
    const out = host.remove(host.upsert(text, 'new-server', STDIO, env), 'new-server', env);
    expect(out.startsWith(text)).toBe(true);
    expect(parse(out)).toEqual({ other: 1, [rootKey]: empty });
  });

  it('refuses invalid YAML with the position', () => {
    const broken = 'a: 1\n b: [\n';
    expect(() => host.entries(broken, env)).toThrow(/^invalid YAML at line \d+:\d+: /);
    expect(() => host.upsert(broken, 'x', STDIO, env)).toThrow(HostFileError);
    expect(() => host.remove(broken, 'x', env)).toThrow(HostFileError);
    expect(() => host.entries('- a\n- b\n', env)).toThrow('expected a YAML mapping at the top level');
    expect(() => host.entries('a: 1\n---\nb: 2\n', env)).toThrow(/multiple documents/);
  });

  it('refuses a root key of the wrong type', () => {
    const wrong = Array.isArray(empty) ? `${rootKey}:\n  a: 1\n` : `${rootKey}:\n  - a\n`;
    expect(() => host.upsert(wrong, 'x', STDIO, env)).toThrow(
      `"${rootKey}" must be a ${Array.isArray(empty) ? 'list' : 'mapping'} (line 2:3)`,
    );
  });
});
