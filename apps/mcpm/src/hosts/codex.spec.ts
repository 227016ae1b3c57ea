import { parse } from 'smol-toml';
import { codex } from './codex';
import { HTTP, STDIO, testEnv } from './test-env';
import { tomlKey } from './toml-edit';
import { HostFileError } from './types';

const env = testEnv('linux');

const CONFIG = `# Codex settings
model = "o3" # the model
approval_policy = "on-request"

[mcp_servers.docs]
command = "uvx"
args = [
  "mcp-docs",
  "[not a header]", # a bracket inside an array
]

[mcp_servers.docs.env]
DOCS_ROOT = "/srv/docs"

# The search server.
[mcp_servers."search.v2"]
url = "https://search.example.com/mcp"
note = """
[mcp_servers.fake]
"""

[profiles.fast]
model = "o4-mini"
`;

describe('codex upsert', () => {
  it('creates a missing file with the server table and its env sub-table', () => {
    expect(codex.upsert(undefined, 'fs', STDIO, env)).toBe(
      '[mcp_servers.fs]\ncommand = "npx"\nargs = [ "-y", "pkg@1.2.3" ]\n[mcp_servers.fs.env]\nAPI_KEY = "vault://io.github.a/b/API_KEY"\n',
    );
  });

  it('writes a remote server as url plus http_headers', () => {
    expect(codex.upsert(undefined, 'remote', HTTP, env)).toBe(
      '[mcp_servers.remote]\nurl = "https://mcp.example.com/mcp"\n[mcp_servers.remote.http_headers]\nAuthorization = "vault://x/TOKEN"\n',
    );
    expect(codex.upsert(undefined, 'remote', { ...HTTP, headers: {} }, env)).toBe(
      '[mcp_servers.remote]\nurl = "https://mcp.example.com/mcp"\n',
    );
  });

  it('appends a new server after one blank line, leaving the rest of the file alone', () => {
    const out = codex.upsert(CONFIG, 'fs', { ...STDIO, env: {} }, env);
    expect(out).toBe(`${CONFIG}\n[mcp_servers.fs]\ncommand = "npx"\nargs = [ "-y", "pkg@1.2.3" ]\n`);
  });

  it('replaces a server and all of its sub-tables where it stands', () => {
    const out = codex.upsert(CONFIG, 'docs', { kind: 'stdio', command: 'node', args: ['docs.js'], env: {} }, env);
    expect(out).toBe(
      CONFIG.replace(
        '[mcp_servers.docs]\ncommand = "uvx"\nargs = [\n  "mcp-docs",\n  "[not a header]", # a bracket inside an array\n]\n\n[mcp_servers.docs.env]\nDOCS_ROOT = "/srv/docs"\n',
        '[mcp_servers.docs]\ncommand = "node"\nargs = [ "docs.js" ]\n',
      ),
    );
  });

  it('finds a server under its quoted header', () => {
    const out = codex.upsert(CONFIG, 'search.v2', HTTP, env);
    expect(out).toContain(
      '# The search server.\n[mcp_servers."search.v2"]\nurl = "https://mcp.example.com/mcp"\n[mcp_servers."search.v2".http_headers]\n',
    );
    expect(out).not.toContain('note =');
    expect(parse(out).profiles).toEqual({ fast: { model: 'o4-mini' } });
  });

  it('finds a server whatever quoting its header uses', () => {
    const text = '[mcp_servers . \'fs\']\ncommand = "old"\n\n[ mcp_servers."fs".env ]\nA = "1"\n';
    expect(codex.upsert(text, 'fs', { ...STDIO, env: {} }, env)).toBe(
      '[mcp_servers.fs]\ncommand = "npx"\nargs = [ "-y", "pkg@1.2.3" ]\n',
    );
  });

  it('keeps CRLF line ends', () => {
    expect(codex.upsert('model = "o3"\r\n', 'fs', STDIO, env)).toBe(
      'model = "o3"\r\n\r\n[mcp_servers.fs]\r\ncommand = "npx"\r\nargs = [ "-y", "pkg@1.2.3" ]\r\n[mcp_servers.fs.env]\r\nAPI_KEY = "vault://io.github.a/b/API_KEY"\r\n',
    );
  });

  it('quotes keys that cannot be bare, in headers and in values', () => {
    const out = codex.upsert(undefined, 'io.github/a b"c', { ...STDIO, env: { 'MY.VAR': 'say "hi"\n' } }, env);
    expect(out.split('\n')[0]).toBe('[mcp_servers."io.github/a b\\"c"]');
    expect(parse(out)).toEqual({
      mcp_servers: {
        'io.github/a b"c': { command: 'npx', args: ['-y', 'pkg@1.2.3'], env: { 'MY.VAR': 'say "hi"\n' } },
      },
    });
  });

  it('refuses to edit a server written with dotted keys or inline, rather than corrupt it', () => {
    expect(() => codex.upsert('[mcp_servers]\nfs.command = "x"\n', 'fs', STDIO, env)).toThrow(
      'cannot edit the "fs" server in place: it is not written as a [mcp_servers.fs] table',
    );
    expect(() => codex.upsert('mcp_servers = { fs = { command = "x" } }\n', 'other', STDIO, env)).toThrow(
      HostFileError,
    );
    expect(() => codex.remove('mcp_servers.fs.command = "x"\n', 'fs', env)).toThrow(HostFileError);
  });
});

describe('codex remove', () => {
  it('cuts the server, its sub-tables and one blank line, keeping the next table and its comment', () => {
    expect(codex.remove(CONFIG, 'docs', env)).toBe(
      `# Codex settings
model = "o3" # the model
approval_policy = "on-request"

# The search server.
[mcp_servers."search.v2"]
url = "https://search.example.com/mcp"
note = """
[mcp_servers.fake]
"""

[profiles.fast]
model = "o4-mini"
`,
    );
  });

  it('returns the text unchanged when there is no such server', () => {
    expect(codex.remove(CONFIG, 'fake', env)).toBe(CONFIG);
    expect(codex.remove('model = "o3"\n', 'fs', env)).toBe('model = "o3"\n');
  });

  it.each([
    ['a realistic file', CONFIG],
    ['a file with only settings', 'model = "o3"\n'],
    ['a file ending in a comment', '[mcp_servers.a]\ncommand = "a"\n# the end\n'],
    ['a file without a final newline', 'model = "o3"'],
    ['an empty file', ''],
  ])('round-trips %s byte for byte', (_name, text) => {
    for (const launch of [STDIO, HTTP]) {
      expect(codex.remove(codex.upsert(text, 'new', launch, env), 'new', env)).toBe(text);
    }
  });
});

describe('codex entries', () => {
  it('reads stdio, remote and unknown servers', () => {
    const entries = codex.entries(`${CONFIG}\n[mcp_servers.odd]\ncommand = 42\n`, env);
    expect(entries.map((e) => [e.key, e.launch])).toEqual([
      [
        'docs',
        { kind: 'stdio', command: 'uvx', args: ['mcp-docs', '[not a header]'], env: { DOCS_ROOT: '/srv/docs' } },
      ],
      [
        'search.v2',
        { kind: 'remote', transport: 'streamable-http', url: 'https://search.example.com/mcp', headers: {} },
      ],
      ['odd', undefined],
    ]);
    expect(entries[0]?.raw).toEqual({
      command: 'uvx',
      args: ['mcp-docs', '[not a header]'],
      env: { DOCS_ROOT: '/srv/docs' },
    });
  });

  it('reads back what upsert wrote, and inline env tables', () => {
    expect(codex.entries(codex.upsert(undefined, 'fs', STDIO, env), env)[0]?.launch).toEqual(STDIO);
    expect(codex.entries(codex.upsert(undefined, 'r', HTTP, env), env)[0]?.launch).toEqual(HTTP);
    expect(codex.entries('[mcp_servers.fs]\ncommand = "x"\nenv = { A = "b" }\n', env)[0]?.launch).toEqual({
      kind: 'stdio',
      command: 'x',
      args: [],
      env: { A: 'b' },
    });
  });

  it('refuses invalid TOML with the position, for reading and editing', () => {
    const broken = 'model = "o3"\n[mcp_servers.fs\ncommand = "x"\n';
    expect(() => codex.entries(broken, env)).toThrow(/^invalid TOML at line 2:\d+: /);
    expect(() => codex.upsert(broken, 'fs', STDIO, env)).toThrow(HostFileError);
    expect(() => codex.remove(broken, 'fs', env)).toThrow(HostFileError);
    expect(() => codex.entries('mcp_servers = "nope"\n', env)).toThrow('"mcp_servers" must be a table');
  });
});

describe('tomlKey', () => {
  it.each([
    ['plain_key-1', 'plain_key-1'],
    ['io.github.a', '"io.github.a"'],
    ['with space', '"with space"'],
    ['tab\there', '"tab\\there"'],
    ['del\u007f', '"del\\u007f"'],
    ['', '""'],
  ])('%j → %s', (key, quoted) => {
    expect(tomlKey(key)).toBe(quoted);
    expect(Object.keys(parse(`[${quoted}]`))).toEqual([key]);
  });
});
