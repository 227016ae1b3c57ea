/**
 * Install snippets for the server page: for each host, exactly what goes in its config file (or
 * the command to run), built from the same launch rules mcpm uses (`@mcp-hub/domain`), with each
 * host's own syntax for secrets so a pasted snippet never needs a secret typed into a file.
 */
import {
  type InputNeed,
  type InstallabilityServer,
  type Launch,
  type LaunchServer,
  type Target,
  commandEntry,
  deriveLaunch,
  hasExactVersion,
  hostEntryKey,
  installability,
  needsOf,
  SNIPPET_HOST_IDS,
  withMap,
} from '@mcp-hub/domain';

export const SNIPPET_HOSTS = SNIPPET_HOST_IDS;
export type SnippetHost = (typeof SNIPPET_HOSTS)[number];

export interface HostSnippet {
  host: SnippetHost;
  title: string;
  /** Where it goes: a file path, or "terminal" for a command. */
  where: string;
  language: 'json' | 'toml' | 'shell';
  code: string;
  /** One line on what to do with secrets or placeholders, when there are any. */
  note?: string;
}

export interface InstallInfo {
  /** `mcpm install name` (pinned to the version on a version page); absent when mcpm can install nothing of it. */
  mcpm?: string;
  /** What the snippets launch, e.g. "npm @modelcontextprotocol/server-everything@2026.8.31". */
  target?: string;
  /** Set when the package names a tag or range (e.g. "latest"), so a pasted snippet is not pinned. */
  unpinned?: string;
  /** What running it takes beyond a host: Docker for an image (with the command), mcpm for a bundle. */
  requirement?: { text: string; command?: string };
  /** Set when nothing of it can be installed: why, once, and where its publisher explains how to run it. */
  none?: { reason: string; link?: string; linkText?: string };
  needs: InputNeed[];
  snippets: HostSnippet[];
}

/** What the install section reads of a server.json: what it launches, and where to look otherwise. */
export type InstallableServer = InstallabilityServer;

/** Pinned so the snippet starts the same bridge tomorrow. */
export const MCP_REMOTE = 'mcp-remote@0.15.1';

type Syntax = (id: string) => string;
const placeholder: Syntax = (id) => `<${id}>`;
const SECRET_SYNTAX: Record<SnippetHost, Syntax> = {
  'claude-desktop': placeholder,
  'claude-code': (id) => `\${${envName(id)}}`,
  cursor: (id) => `\${env:${envName(id)}}`,
  vscode: (id) => `\${input:${inputId(id)}}`,
  windsurf: placeholder,
  codex: placeholder,
  gemini: (id) => `\${${envName(id)}}`,
};
const envName = (id: string) => id.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
const inputId = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '-').toLowerCase();

/**
 * The install section of a server page, from the rule mcpm installs by (`installability`), so the
 * two never send a visitor to each other: whatever mcpm can install gets the mcpm line, and what a
 * host's config can start too gets snippets. An image-only server says Docker is needed and shows
 * the command that starts it by hand; a bundle says it is mcpm's to install. A server with nothing
 * installable says so once, with where its publisher explains how to run it.
 */
export function installInfo(server: InstallableServer, options: { pinned: boolean }): InstallInfo {
  const can = installability(server);
  if (can.status !== 'installable') {
    const reason =
      can.status === 'none'
        ? `This server cannot be installed: ${can.reason}`
        : `This server cannot be installed here: it needs Docker (${can.image}).`;
    const link = can.status === 'none' ? can.link : undefined;
    return {
      none: {
        reason,
        ...(link ? { link, linkText: link === server.repository?.url ? 'its repository' : 'its website' } : {}),
      },
      needs: [],
      snippets: [],
    };
  }
  const mcpm = `mcpm install ${server.name}${options.pinned ? `@${server.version}` : ''}`;
  // An MCP bundle needs fetching and checking first: that is mcpm's job, not a config snippet's.
  const target = can.targets.find((t) => t.kind === 'remote' || t.pkg.registryType !== 'mcpb');
  if (!target) {
    return {
      mcpm,
      requirement: {
        text: 'This server is an MCP bundle: mcpm install downloads it, checks its SHA-256 and adds it to your hosts. A host config cannot do that by hand, so there is no snippet to copy.',
      },
      needs: [],
      snippets: [],
    };
  }
  const needs = needsOf(target);
  const snippets = SNIPPET_HOSTS.map((host) => snippetFor(host, server, target, needs));
  const unpinned =
    target.kind === 'package' && !hasExactVersion(target.pkg)
      ? `The publisher gave this package the version "${target.pkg.version ?? ''}", not one release, so these snippets start whatever that names when the host starts; mcpm install pins and locks the exact release.`
      : undefined;
  const requirement =
    target.kind === 'package' && target.pkg.registryType === 'oci' ? dockerRequirement(server) : undefined;
  return {
    mcpm,
    target: describe(target),
    ...(unpinned ? { unpinned } : {}),
    ...(requirement ? { requirement } : {}),
    needs,
    snippets,
  };
}

/**
 * The snippets start a Docker image: Docker must be there. Only images (what mcpm answers on a
 * machine without Docker): say so, with the command that starts it by hand. Another way in as
 * well (a remote): mcpm takes that one when Docker is missing.
 */
function dockerRequirement(server: InstallableServer): NonNullable<InstallInfo['requirement']> {
  const withoutDocker = installability(server, { dockerAvailable: false });
  return withoutDocker.status === 'needs-docker'
    ? {
        text: 'This server runs only as a Docker image: mcpm install and the snippets below need Docker installed and running. The command that starts it:',
        command: withoutDocker.command,
      }
    : {
        text: 'The snippets below start a Docker image, so they need Docker installed and running; without Docker, mcpm install installs the other way this server offers.',
      };
}

function describe(t: Target): string {
  return t.kind === 'remote'
    ? `remote (${t.remote.type}) ${t.remote.url}`
    : `${t.pkg.registryType} ${t.pkg.identifier}${t.pkg.version ? `@${t.pkg.version}` : ''}`;
}

export function snippetFor(host: SnippetHost, server: LaunchServer, target: Target, needs: InputNeed[]): HostSnippet {
  const launch = deriveLaunch(server, target, valuesFor(needs, SECRET_SYNTAX[host]), { bundleCommand: 'mcpm' });
  const key = hostEntryKey(server.name);
  const secrets = needs.filter((n) => n.isSecret).map((n) => n.id);
  const required = needs.filter((n) => !n.isSecret && n.isRequired && n.default === undefined).map((n) => n.id);
  return { host, ...RENDER[host](key, launch, secrets), note: noteFor(host, secrets, required) };
}

/** What a snippet puts for each input: a secret in the host's syntax, else its default or a placeholder. */
function valuesFor(needs: InputNeed[], secret: Syntax): (id: string) => string | undefined {
  const byId = new Map(needs.map((n) => [n.id, n]));
  return (id) => {
    const need = byId.get(id);
    if (!need) return undefined;
    if (need.isSecret) return secret(id);
    if (need.default !== undefined) return need.default;
    return need.isRequired ? placeholder(id) : undefined;
  };
}

type Rendered = Omit<HostSnippet, 'host' | 'note'>;
const json = (value: unknown) => JSON.stringify(value, null, 2);
/** Hosts without remote support reach a remote through the mcp-remote bridge. */
const bridged = (l: Extract<Launch, { kind: 'remote' }>): Extract<Launch, { kind: 'stdio' }> => ({
  kind: 'stdio',
  command: 'npx',
  args: [
    '-y',
    MCP_REMOTE,
    l.url,
    ...(l.transport === 'sse' ? ['--transport', 'sse-only'] : []),
    ...Object.entries(l.headers).flatMap(([k, v]) => ['--header', `${k}:${v}`]),
  ],
  env: {},
});

const RENDER: Record<SnippetHost, (key: string, l: Launch, secrets: string[]) => Rendered> = {
  'claude-desktop': (key, l) => ({
    title: 'Claude Desktop',
    where: 'claude_desktop_config.json (Settings → Developer → Edit Config)',
    language: 'json',
    code: json({ mcpServers: { [key]: commandEntry(l.kind === 'stdio' ? l : bridged(l)) } }),
  }),
  'claude-code': (key, l) => ({
    title: 'Claude Code',
    where: 'terminal',
    language: 'shell',
    code:
      l.kind === 'stdio'
        ? [
            'claude mcp add --scope user',
            ...Object.entries(l.env).map(([k, v]) => `-e ${shellQuote(`${k}=${v}`)}`),
            key,
            '--',
            l.command,
            ...l.args.map(shellQuote),
          ].join(' ')
        : [
            'claude mcp add --scope user --transport',
            l.transport === 'sse' ? 'sse' : 'http',
            key,
            shellQuote(l.url),
            ...Object.entries(l.headers).map(([k, v]) => `--header ${shellQuote(`${k}: ${v}`)}`),
          ].join(' '),
  }),
  cursor: (key, l) => ({
    title: 'Cursor',
    where: '~/.cursor/mcp.json (or .cursor/mcp.json in a project)',
    language: 'json',
    code: json({
      mcpServers: { [key]: l.kind === 'stdio' ? commandEntry(l) : withMap({ url: l.url }, 'headers', l.headers) },
    }),
  }),
  vscode: (key, l, secrets) => {
    const entry =
      l.kind === 'stdio'
        ? { type: 'stdio', ...commandEntry(l) }
        : withMap({ type: l.transport === 'sse' ? 'sse' : 'http', url: l.url }, 'headers', l.headers);
    const inputs = secrets.map((id) => ({ type: 'promptString', id: inputId(id), description: id, password: true }));
    return {
      title: 'VS Code',
      where: '.vscode/mcp.json (or MCP: Open User Configuration)',
      language: 'json',
      code: json(inputs.length ? { inputs, servers: { [key]: entry } } : { servers: { [key]: entry } }),
    };
  },
  windsurf: (key, l) => ({
    title: 'Windsurf',
    where: '~/.codeium/windsurf/mcp_config.json',
    language: 'json',
    code: json({
      mcpServers: { [key]: l.kind === 'stdio' ? commandEntry(l) : withMap({ serverUrl: l.url }, 'headers', l.headers) },
    }),
  }),
  codex: (key, l) => {
    const table = `mcp_servers.${/^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key)}`;
    const lines = [`[${table}]`];
    if (l.kind === 'stdio') {
      lines.push(`command = ${tomlString(l.command)}`, `args = [${l.args.map(tomlString).join(', ')}]`);
      if (Object.keys(l.env).length)
        lines.push('', `[${table}.env]`, ...Object.entries(l.env).map(([k, v]) => `${tomlKey(k)} = ${tomlString(v)}`));
    } else {
      lines.push(`url = ${tomlString(l.url)}`);
      const auth = Object.entries(l.headers).find(([k]) => k.toLowerCase() === 'authorization');
      if (auth)
        lines.push(
          `bearer_token_env_var = ${tomlString(envName(auth[1].replace(/^Bearer\s+/i, '').replace(/^<|>$/g, '')))}`,
        );
      const rest = Object.entries(l.headers).filter(([k]) => k.toLowerCase() !== 'authorization');
      if (rest.length)
        lines.push('', `[${table}.http_headers]`, ...rest.map(([k, v]) => `${tomlKey(k)} = ${tomlString(v)}`));
    }
    return { title: 'Codex', where: '~/.codex/config.toml', language: 'toml', code: lines.join('\n') };
  },
  gemini: (key, l) => ({
    title: 'Gemini CLI',
    where: '~/.gemini/settings.json (or .gemini/settings.json in a project)',
    language: 'json',
    code: json({
      mcpServers: {
        [key]:
          l.kind === 'stdio'
            ? commandEntry(l)
            : withMap(l.transport === 'sse' ? { url: l.url } : { httpUrl: l.url }, 'headers', l.headers),
      },
    }),
  }),
};

function noteFor(host: SnippetHost, secrets: string[], required: string[]): string | undefined {
  const parts: string[] = [];
  if (secrets.length) {
    const list = secrets.join(', ');
    parts.push(
      {
        'claude-desktop': `Replace <${secrets[0]}> and the like with your secrets (${list}); this file is stored in plain text, so prefer mcpm install, which keeps them in your keychain.`,
        'claude-code': `Export ${secrets.map(envName).join(', ')} in your shell first; Claude Code expands \${VAR} when it starts the server.`,
        cursor: `Set ${secrets.map(envName).join(', ')} in your environment; Cursor expands \${env:NAME}.`,
        vscode: `VS Code asks for ${list} on first start and keeps it in its secret storage.`,
        windsurf: `Replace the <…> placeholders with your secrets (${list}); prefer mcpm install, which keeps them in your keychain.`,
        codex: `Replace the <…> placeholders with your secrets (${list}); prefer mcpm install, which keeps them in your keychain.`,
        gemini: `Export ${secrets.map(envName).join(', ')} in your shell first; Gemini CLI expands \${VAR}.`,
      }[host],
    );
  }
  if (required.length) parts.push(`Fill in ${required.map((id) => `<${id}>`).join(', ')}.`);
  return parts.length ? parts.join(' ') : undefined;
}

/** POSIX shell quoting: bare when safe, else single quotes. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
const tomlString = (s: string) => JSON.stringify(s);
const tomlKey = (k: string) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : tomlString(k));
