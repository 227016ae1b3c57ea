import type { Launch } from '../launch';
import { HOSTS, hostAdapter, HOST_IDS, type HostId } from './index';
import { testEnv } from './test-env';

const env = testEnv('linux');

/** A file as the user has it: other settings, other servers, comments where the format allows. */
const FILES: Record<HostId, string> = {
  'claude-desktop': `{
  "mcpServers": {
    "filesystem": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/ada/Desktop"]
    }
  },
  "globalShortcut": "Ctrl+Space"
}
`,
  'claude-code': `{
  "numStartups": 42,
  "projects": {
    "/work/proj": {
      "mcpServers": {
        "local-only": { "command": "node", "args": ["srv.js"] }
      }
    }
  },
  "mcpServers": {
    "github": {
      "type": "http",
      "url": "https://api.githubcopilot.com/mcp/"
    }
  },
  "userID": "abc"
}
`,
  cursor: `{
  "mcpServers": {
    "linear": { "url": "https://mcp.linear.app/sse" },
    "fetch": { "command": "uvx", "args": ["mcp-server-fetch"] }
  }
}
`,
  vscode: `{
  // Secrets are prompted for, never stored here.
  "inputs": [
    { "type": "promptString", "id": "token", "password": true }
  ],
  "servers": {
    "memory": {
      "type": "stdio",
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-memory"], // keep it pinned
    },
  },
}
`,
  windsurf: `{
    "mcpServers": {
        "git": {
            "command": "uvx",
            "args": ["mcp-server-git"]
        }
    }
}
`,
  codex: `# ~/.codex/config.toml
model = "o3"

[mcp_servers.docs]
command = "uvx"
args = ["mcp-docs"] # pinned in the lockfile

[mcp_servers.docs.env]
DOCS_ROOT = "/srv/docs"

[profiles.fast]
model = "o4-mini"
`,
  gemini: `{
  // Gemini reads comments too
  "theme": "GitHub",
  "mcpServers": {
    "weather": {
      "httpUrl": "https://weather.example.com/mcp",
      "headers": { "X-Client": "gemini" }
    }
  }
}
`,
  zed: `// Zed settings
//
// For information on how to configure Zed, see the Zed documentation.
{
  "ui_font_size": 16,
  "buffer_font_size": 15,
  "context_servers": {
    "postgres": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-postgres", "postgresql://localhost/db"],
    }, // local db
  },
  "theme": {
    "mode": "system",
    "light": "One Light",
    "dark": "One Dark",
  },
}
`,
  cline: `{
  "mcpServers": {
    "brave": {
      "command": "npx",
      "args": ["-y", "@modelcontextprotocol/server-brave-search"],
      "disabled": false,
      "autoApprove": []
    }
  }
}
`,
  opencode: `{
  "$schema": "https://opencode.ai/config.json",
  // Servers OpenCode can use
  "mcp": {
    "sentry": {
      "type": "remote",
      "url": "https://mcp.sentry.dev/mcp",
      "enabled": true,
    },
  },
}
`,
  goose: `# Goose config
GOOSE_PROVIDER: anthropic
extensions:
  developer:
    bundled: true
    enabled: true
    name: developer
    timeout: 300
    type: builtin
  # search
  search:
    args:
    - mcp-search
    cmd: uvx
    enabled: true
    name: search
    timeout: 300
    type: stdio
`,
  continue: `name: Local Assistant
version: 1.0.0
schema: v1
models: []
mcpServers:
  # Browser automation
  - name: playwright
    command: npx
    args:
      - "@playwright/mcp@0.0.30"
`,
};

const STDIO: Launch = {
  kind: 'stdio',
  command: 'npx',
  args: ['-y', 'new-pkg@2.0.0', '--flag=a b'],
  env: { TOKEN: 'vault://io.github.a/new/TOKEN', MODE: 'fast' },
};
const REMOTE: Launch = {
  kind: 'remote',
  transport: 'streamable-http',
  url: 'https://new.example.com/mcp',
  headers: { Authorization: 'vault://io.github.a/new/AUTH' },
};

function launchesFor(id: HostId): Launch[] {
  return HOSTS[id].supportsRemote ? [STDIO, REMOTE] : [STDIO];
}

describe('HOSTS', () => {
  it('has an adapter for every host id, under its own id', () => {
    expect(Object.keys(HOSTS).sort()).toEqual([...HOST_IDS].sort());
    for (const id of HOST_IDS) expect(HOSTS[id].id).toBe(id);
  });

  it('looks adapters up by id', () => {
    expect(hostAdapter('zed')).toBe(HOSTS.zed);
    expect(hostAdapter('continue')).toBe(HOSTS.continue);
    expect(hostAdapter('notepad')).toBeUndefined();
    expect(hostAdapter('toString')).toBeUndefined();
  });
});

describe.each(HOST_IDS)('%s with a realistic file', (id) => {
  const host = HOSTS[id];
  const file = FILES[id];
  const before = host.entries(file, env);

  it('starts from a file the adapter reads', () => {
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((entry) => entry.launch !== undefined || id === 'goose')).toBe(true);
  });

  it.each(launchesFor(id).map((launch) => [launch.kind, launch] as const))(
    'remove(upsert(F, k, %s), k) === F byte for byte',
    (_kind, launch) => {
      for (const key of ['new-server', 'io.github.ada/weird key']) {
        const added = host.upsert(file, key, launch, env);
        expect(added).not.toBe(file);
        expect(host.remove(added, key, env)).toBe(file);
      }
    },
  );

  it.each(launchesFor(id).map((launch) => [launch.kind, launch] as const))(
    'adds a %s server that reads back, keeping the others as they were',
    (_kind, launch) => {
      const added = host.upsert(file, 'new-server', launch, env);
      expect(host.entries(added, env)).toEqual([...before, { key: 'new-server', launch, raw: expect.anything() }]);
      expect(host.upsert(added, 'new-server', launch, env)).toBe(added);
    },
  );

  it('replaces an existing server, keeping the others', () => {
    const [first, ...rest] = before;
    if (!first) throw new Error('fixture has no servers');
    const updated = host.entries(host.upsert(file, first.key, STDIO, env), env);
    expect(updated).toEqual([{ key: first.key, launch: STDIO, raw: expect.anything() }, ...rest]);
  });

  it('returns the text unchanged when removing a server it does not have', () => {
    expect(host.remove(file, 'absent', env)).toBe(file);
  });
});
