import { parse } from 'jsonc-parser';
import { jsonMembers, parseJsonFile, removeMember, setMember, type JsonFormat } from './json-edit';
import { HostFileError } from './types';

const ENTRY = { command: 'npx', args: ['-y', 'pkg@1.0.0'] };

function set(text: string, key: string, value: unknown = ENTRY, format: JsonFormat = 'jsonc'): string {
  return setMember(parseJsonFile(text, format, 'mcpServers'), key, value);
}

function remove(text: string, key: string, format: JsonFormat = 'jsonc'): string {
  return removeMember(parseJsonFile(text, format, 'mcpServers'), key);
}

function fileError(text: string, format: JsonFormat): string {
  try {
    parseJsonFile(text, format, 'mcpServers');
  } catch (err) {
    expect(err).toBeInstanceOf(HostFileError);
    return (err as Error).message;
  }
  throw new Error('expected a HostFileError');
}

const COMMENTED = `// My settings
{
  "theme": "dark", // the best one
  /* servers live here */
  "mcpServers": {
    // a filesystem server
    "fs": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]
    }, // pinned later
    "git": {"command": "uvx", "args": ["mcp-server-git"]} // one line
  },
  "fontSize": 14
}
`;

describe('setMember', () => {
  it('appends a new entry after the last one, keeping every comment and the neighbours untouched', () => {
    expect(set(COMMENTED, 'new')).toBe(`// My settings
{
  "theme": "dark", // the best one
  /* servers live here */
  "mcpServers": {
    // a filesystem server
    "fs": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]
    }, // pinned later
    "git": {"command": "uvx", "args": ["mcp-server-git"]}, // one line
    "new": {
      "command": "npx",
      "args": [
        "-y",
        "pkg@1.0.0"
      ]
    }
  },
  "fontSize": 14
}
`);
  });

  it('replaces an existing entry in place', () => {
    const out = set(COMMENTED, 'fs', { command: 'node', args: ['server.js'] });
    expect(out).toContain(`    // a filesystem server
    "fs": {
      "command": "node",
      "args": [
        "server.js"
      ]
    }, // pinned later
    "git": {"command": "uvx", "args": ["mcp-server-git"]} // one line`);
    expect(parse(out)).toEqual({
      ...parse(COMMENTED),
      mcpServers: { ...parse(COMMENTED).mcpServers, fs: { command: 'node', args: ['server.js'] } },
    });
  });

  it('adds the root key when the file has none, indented like the file', () => {
    expect(set('{\n    "theme": "dark"\n}\n', 'a', { command: 'x' })).toBe(
      '{\n    "theme": "dark",\n    "mcpServers": {\n        "a": {\n            "command": "x"\n        }\n    }\n}\n',
    );
  });

  it('fills an empty object on one line', () => {
    expect(set('{\n  "mcpServers": {}\n}\n', 'a', { command: 'x' })).toBe(
      '{\n  "mcpServers": {\n    "a": {\n      "command": "x"\n    }\n  }\n}\n',
    );
    expect(set('{}', 'a', { command: 'x' })).toBe(
      '{\n  "mcpServers": {\n    "a": {\n      "command": "x"\n    }\n  }\n}',
    );
  });

  it('fills an empty object that holds only a comment', () => {
    expect(set('{\n  "mcpServers": {\n    // none yet\n  }\n}\n', 'a', { command: 'x' })).toBe(
      '{\n  "mcpServers": {\n    // none yet\n    "a": {\n      "command": "x"\n    }\n  }\n}\n',
    );
  });

  it('keeps tabs and CRLF line ends', () => {
    const text = '{\r\n\t"mcpServers": {\r\n\t\t"a": {\r\n\t\t\t"command": "x"\r\n\t\t}\r\n\t}\r\n}\r\n';
    expect(set(text, 'b', { command: 'y', args: [] })).toBe(
      '{\r\n\t"mcpServers": {\r\n\t\t"a": {\r\n\t\t\t"command": "x"\r\n\t\t},\r\n\t\t"b": {\r\n\t\t\t"command": "y",\r\n\t\t\t"args": []\r\n\t\t}\r\n\t}\r\n}\r\n',
    );
  });

  it('writes compactly into a one-line file', () => {
    expect(set('{"mcpServers": {"a": {"command": "x"}}}', 'b', { command: 'y' })).toBe(
      '{"mcpServers": {"a": {"command": "x"}, "b": {"command":"y"}}}',
    );
  });

  it('keeps a trailing-comma style', () => {
    expect(set('{\n  "mcpServers": {\n    "a": 1,\n  },\n}\n', 'b', 2)).toBe(
      '{\n  "mcpServers": {\n    "a": 1,\n    "b": 2,\n  },\n}\n',
    );
  });

  it('escapes keys', () => {
    const out = set('{}\n', 'we"ird\\key', 1);
    expect(parse(out)).toEqual({ mcpServers: { 'we"ird\\key': 1 } });
  });
});

describe('removeMember', () => {
  it.each([
    [
      'the only member',
      '{\n  "mcpServers": {\n    "a": {\n      "command": "x"\n    }\n  }\n}\n',
      '{\n  "mcpServers": {}\n}\n',
    ],
    [
      'the first of two',
      '{\n  "mcpServers": {\n    "a": 1,\n    "b": 2\n  }\n}\n',
      '{\n  "mcpServers": {\n    "b": 2\n  }\n}\n',
    ],
    [
      'the last of two',
      '{\n  "mcpServers": {\n    "b": 2,\n    "a": 1\n  }\n}\n',
      '{\n  "mcpServers": {\n    "b": 2\n  }\n}\n',
    ],
    ['a compact middle member', '{"mcpServers": {"b": 2, "a": 1, "c": 3}}', '{"mcpServers": {"b": 2, "c": 3}}'],
    ['a compact last member', '{"mcpServers": {"b": 2, "a": 1}}', '{"mcpServers": {"b": 2}}'],
    ['a compact only member', '{"mcpServers": {"a": 1}}', '{"mcpServers": {}}'],
    [
      'a member with a trailing comma',
      '{\n  "mcpServers": {\n    "b": 2,\n    "a": 1,\n  }\n}\n',
      '{\n  "mcpServers": {\n    "b": 2,\n  }\n}\n',
    ],
    [
      'a member beside comments',
      '{\n  "mcpServers": {\n    // keep me\n    "a": 1 // and me? no, mine\n  }\n}\n',
      '{\n  "mcpServers": {\n    // keep me\n  }\n}\n',
    ],
  ])('removes %s', (_name, before, after) => {
    expect(remove(before, 'a')).toBe(after);
  });

  it('returns the text unchanged when the member or the root key is missing', () => {
    expect(remove(COMMENTED, 'nope')).toBe(COMMENTED);
    expect(remove('{ "other": 1 }', 'a')).toBe('{ "other": 1 }');
  });
});

describe('round trip: remove(set(F, k), k) === F', () => {
  it.each([
    ['commented JSONC', COMMENTED],
    ['empty servers', '{\n  "mcpServers": {}\n}\n'],
    ['a commented empty object', '{\n  "mcpServers": {\n    // none yet\n  }\n}\n'],
    ['one line', '{"mcpServers": {"a": {"command": "x"}}}'],
    ['trailing commas', '{\n  "mcpServers": {\n    "a": 1,\n  },\n}\n'],
    ['CRLF and tabs', '{\r\n\t"mcpServers": {\r\n\t\t"a": 1\r\n\t}\r\n}\r\n'],
    ['no final newline', '{\n  "mcpServers": {\n    "a": 1\n  }\n}'],
  ])('%s', (_name, text) => {
    expect(remove(set(text, 'k'), 'k')).toBe(text);
  });

  it('leaves an empty root key behind when set() had to create it (a file cannot say who made it)', () => {
    expect(remove(set('{\n  "theme": "dark"\n}\n', 'k'), 'k')).toBe('{\n  "theme": "dark",\n  "mcpServers": {}\n}\n');
  });
});

describe('parseJsonFile', () => {
  it('lists members in file order', () => {
    expect(jsonMembers(parseJsonFile(COMMENTED, 'jsonc', 'mcpServers')).map(([key]) => key)).toEqual(['fs', 'git']);
    expect(jsonMembers(parseJsonFile('{}', 'json', 'mcpServers'))).toEqual([]);
  });

  it('refuses comments and trailing commas in strict JSON, with the position', () => {
    expect(fileError('{\n  // hi\n  "a": 1\n}', 'json')).toBe('invalid JSON at line 2:3: invalid comment token');
    expect(fileError('{\n  "a": 1,\n}', 'json')).toMatch(/^invalid JSON at line 3:1: /);
    expect(() => parseJsonFile('{\n  // hi\n  "a": 1,\n}', 'jsonc', 'mcpServers')).not.toThrow();
  });

  it('reports syntax errors with line and column', () => {
    expect(fileError('{\n  "mcpServers": {\n    "a": 1\n    "b": 2\n  }\n}', 'jsonc')).toBe(
      'invalid JSONC at line 4:5: comma expected',
    );
    expect(fileError('{"a": ', 'json')).toMatch(/^invalid JSON at line 1:/);
  });

  it('refuses a file whose top level or root key is not an object', () => {
    expect(fileError('[1, 2]', 'json')).toBe('expected a JSON object at the top level');
    expect(fileError('"text"', 'json')).toBe('expected a JSON object at the top level');
    expect(fileError('// only a comment\n', 'jsonc')).toBe('invalid JSONC at line 2:1: value expected');
    expect(fileError('{\n  "mcpServers": []\n}', 'json')).toBe('"mcpServers" must be an object (line 2:17)');
  });
});
