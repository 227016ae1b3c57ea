/**
 * Every command, its flags and help, without loading the command's code: parsing and --help need
 * only this table, and a command's module (with its dependencies) is loaded when it runs.
 */
export type FlagSpec = { type: 'boolean' | 'string'; short?: string; multiple?: boolean; help: string; arg?: string };

export interface CommandSpec {
  summary: string;
  usage: string;
  flags: Record<string, FlagSpec>;
  /** Whether the command only reads (these accept --json). */
  read?: boolean;
  /** Positional arguments after `--` are passed through (mcpm run). */
  passthrough?: boolean;
}

/** A string flag that may be given more than once. */
const repeatable = (help: string, arg: string): FlagSpec => ({ type: 'string', multiple: true, help, arg });

const host = repeatable(
  'Host to write: claude-desktop, claude-code, cursor, vscode, windsurf, codex, gemini, zed, cline, opencode, goose, continue (repeatable)',
  'host',
);
const project: FlagSpec = { type: 'boolean', help: 'Use the project (mcp.json, mcpm-lock.json, project host files)' };
const global: FlagSpec = { type: 'boolean', short: 'g', help: 'Use the global scope (user host files, global lock)' };
const env = repeatable('Value for an environment variable or input, non-interactively (repeatable)', 'KEY=VALUE');
const dryRun: FlagSpec = { type: 'boolean', help: 'Show the changes as a diff; write nothing' };

export const COMMANDS: Record<string, CommandSpec> = {
  search: {
    summary: 'Search the registry',
    usage: 'mcpm search <words…> [--limit n]',
    read: true,
    flags: { limit: { type: 'string', help: 'How many results (default 20)', arg: 'n' } },
  },
  info: {
    summary: 'Show a server: versions, packages, remotes, tools (from the registry), inputs, install snippet',
    usage: 'mcpm info <name>[@version]',
    read: true,
    flags: {},
  },
  list: {
    summary: 'What is installed, where, which version, which hosts reference it',
    usage: 'mcpm list [--global|--project]',
    read: true,
    flags: { global, project },
  },
  install: {
    summary: 'Install servers into MCP hosts (no name: everything in mcp.json)',
    usage: 'mcpm install [<name>[@version|@range]…] [--host h] [--project|-g] [--env K=V] [--dry-run]',
    flags: {
      host,
      project,
      global,
      env,
      'dry-run': dryRun,
      package: { type: 'string', help: 'Force a package type: npm, pypi, oci, mcpb or remote', arg: 'type' },
      direct: {
        type: 'boolean',
        help: 'Write the pinned launch command itself instead of `mcpm run` (no secrets allowed)',
      },
      as: { type: 'string', help: 'Key of the entry in host files (default: the last part of the name)', arg: 'key' },
      'save-dev': { type: 'boolean', short: 'D', help: 'Add to devDependencies of mcp.json' },
      production: { type: 'boolean', help: 'With no names: skip devDependencies' },
    },
  },
  update: {
    summary: 'Move installed servers to the newest allowed version',
    usage: 'mcpm update [name] [--project|-g] [--dry-run]',
    flags: { project, global, 'dry-run': dryRun, env },
  },
  uninstall: {
    summary: 'Remove a server from host files, lockfile, manifest and vault',
    usage: 'mcpm uninstall <name> [--project|-g] [--dry-run]',
    flags: {
      project,
      global,
      'dry-run': dryRun,
      'keep-secrets': { type: 'boolean', help: 'Keep its secrets in the vault' },
    },
  },
  outdated: {
    summary: 'Installed servers with newer versions (exits 1 when there are any, like npm)',
    usage: 'mcpm outdated [--project|-g]',
    read: true,
    flags: { project, global },
  },
  ci: {
    summary: 'Install exactly what mcpm-lock.json says',
    usage: 'mcpm ci [--env K=V] [--dry-run]',
    flags: { env, 'dry-run': dryRun, global },
  },
  run: {
    summary: 'Start a server on stdio (what host entries call), resolving vault references',
    usage: 'mcpm run <name>[@version] [-- <command> <args…>]',
    passthrough: true,
    flags: {
      remote: { type: 'string', help: 'Bridge stdio to this remote MCP URL', arg: 'url' },
      transport: { type: 'string', help: 'Remote transport: streamable-http (default) or sse', arg: 'type' },
      header: repeatable('Header for the remote, "Name: value" (repeatable)', 'header'),
    },
  },
  test: {
    summary: 'Start a server, initialize, list its tools/resources/prompts with timings',
    usage: 'mcpm test <name> [--host h] [--project|-g] [--update-lock]',
    read: true,
    flags: {
      host: { ...host, multiple: false, help: 'Start the entry exactly as this host file has it' },
      project,
      global,
      timeout: { type: 'string', help: 'Seconds to wait for the server (default 60)', arg: 's' },
      'update-lock': { type: 'boolean', help: 'Accept changed tool definitions into the lockfile' },
    },
  },
  config: {
    summary: 'Read and write settings in ~/.mcpmrc',
    usage: 'mcpm config get <key> | set <key> <value> | delete <key> | list',
    read: true,
    flags: {},
  },
  login: {
    summary: 'Sign in to the registry: with GitHub (device flow), or store a Hub API token (in the vault)',
    usage: 'mcpm login --github | mcpm login [--token <token>]',
    flags: {
      github: { type: 'boolean', help: 'Sign in with GitHub: open the page shown, enter the code, approve' },
      token: { type: 'string', help: 'The token (else read from stdin or a hidden prompt)', arg: 'token' },
    },
  },
  logout: { summary: 'Forget the token for the registry', usage: 'mcpm logout', flags: {} },
  whoami: { summary: 'Show who the stored token belongs to', usage: 'mcpm whoami', read: true, flags: {} },
  init: {
    summary: 'Write a valid server.json (asks, or takes flags with --yes)',
    usage:
      'mcpm init [--yes] [--name n] [--description d] [--version v] [--npm pkg|--pypi pkg|--oci image|--remote url]',
    flags: {
      yes: { type: 'boolean', short: 'y', help: 'Do not ask; use flags and defaults' },
      name: { type: 'string', help: 'Server name, e.g. io.github.you/weather', arg: 'name' },
      description: { type: 'string', help: 'One line on what it does', arg: 'text' },
      version: { type: 'string', help: 'Version (default 1.0.0)', arg: 'v' },
      title: { type: 'string', help: 'Display title', arg: 'text' },
      npm: { type: 'string', help: 'npm package identifier', arg: 'pkg' },
      pypi: { type: 'string', help: 'PyPI package identifier', arg: 'pkg' },
      oci: { type: 'string', help: 'OCI image', arg: 'image' },
      remote: { type: 'string', help: 'Streamable HTTP URL', arg: 'url' },
      repository: { type: 'string', help: 'Source repository URL', arg: 'url' },
      force: { type: 'boolean', help: 'Overwrite an existing server.json' },
    },
  },
  publish: {
    summary: 'Validate server.json against its schema, then publish it',
    usage: 'mcpm publish [file] [--dry-run]',
    flags: { 'dry-run': { type: 'boolean', help: 'Validate only' } },
  },
  deprecate: {
    summary: 'Deprecate a version with a message',
    usage: 'mcpm deprecate <name>@<version> "<message>"',
    flags: { undo: { type: 'boolean', help: 'Make the version active again' } },
  },
  unpublish: {
    summary: 'Remove a version (the registry allows it only within its window)',
    usage: 'mcpm unpublish <name>@<version>',
    flags: {},
  },
  doctor: {
    summary: 'Check runtimes, host files and the node/mcpm paths their entries use, registry and vault',
    usage: 'mcpm doctor [--fix]',
    read: true,
    flags: {
      fix: {
        type: 'boolean',
        help: 'Point host entries whose node or mcpm path is gone (or bare `mcpm`) at this node and mcpm',
      },
    },
  },
  cache: {
    summary: 'Manage the registry response cache',
    usage: 'mcpm cache clean | mcpm cache ls',
    read: true,
    flags: {},
  },
  audit: {
    summary: 'Installed servers the registry deprecated or deleted, or whose tools changed (registry, remote drift)',
    usage: 'mcpm audit [--project|-g]',
    read: true,
    flags: { project, global },
  },
};

export const ALIASES: Record<string, string> = {
  i: 'install',
  add: 'install',
  rm: 'uninstall',
  remove: 'uninstall',
  un: 'uninstall',
  ls: 'list',
  up: 'update',
  upgrade: 'update',
  s: 'search',
  view: 'info',
  show: 'info',
};
