import type { Launch, RemoteLaunch } from '../launch';
import {
  commandEntry,
  isRecord,
  readCommandEntry,
  remoteLaunch,
  stdioLaunch,
  stdioOnly,
  withMap,
  type Entry,
} from './entry-shape';
import { jsonHost } from './json-host';
import { appConfigDir, appDataDir, joinPath, localAppDataDir, xdgConfigDir } from './paths';
import type { HostEnv } from './types';

/** `{url, headers}` under whichever field name the host uses for the URL. */
function urlEntry(urlField: string, launch: RemoteLaunch, extra: Entry = {}): Entry {
  return withMap({ ...extra, [urlField]: launch.url }, 'headers', launch.headers);
}

/** Hosts that tell transports apart by `type` ("stdio" | "http" | "sse"): Claude Code and VS Code. */
const typedShape = {
  toEntry(launch: Launch): Entry {
    if (launch.kind === 'stdio') return { type: 'stdio', ...commandEntry(launch) };
    return urlEntry('url', launch, { type: launch.transport === 'sse' ? 'sse' : 'http' });
  },
  fromEntry(entry: Entry): Launch | undefined {
    if (entry.type === 'http' || entry.type === 'sse') {
      return remoteLaunch(entry.type === 'sse' ? 'sse' : 'streamable-http', entry.url, entry.headers);
    }
    return entry.type === undefined || entry.type === 'stdio' ? readCommandEntry(entry) : undefined;
  },
};

/**
 * Hosts whose remote entry is a bare URL (Cursor, Windsurf, Zed): they negotiate the transport
 * themselves, so an SSE launch reads back as streamable HTTP unless the entry says `type: "sse"`.
 */
function bareUrlShape(urlField: string) {
  return {
    toEntry: (launch: Launch): Entry => (launch.kind === 'stdio' ? commandEntry(launch) : urlEntry(urlField, launch)),
    fromEntry(entry: Entry): Launch | undefined {
      const url = entry[urlField] ?? entry.url;
      if (url === undefined) return readCommandEntry(entry);
      return remoteLaunch(entry.type === 'sse' ? 'sse' : 'streamable-http', url, entry.headers);
    },
  };
}

/** A host with a dot-folder of its own in the home directory (user scope) and in the project (project scope). */
function dotFolder(folder: string, file: string) {
  return {
    user: (env: HostEnv) => joinPath(env, env.home, folder, file),
    project: (env: HostEnv) => joinPath(env, env.cwd, folder, file),
  };
}

function claudeDesktopConfig(env: HostEnv): string {
  const file = ['Claude', 'claude_desktop_config.json'];
  if (env.platform !== 'win32') return joinPath(env, appConfigDir(env), ...file);
  // MSIX installs read a virtualised AppData; the package folder exists before the config file does.
  const msixPackage = joinPath(env, localAppDataDir(env), 'Packages', 'Claude_pzs8sxrjxfjjc');
  const msixFile = joinPath(env, msixPackage, 'LocalCache', 'Roaming', ...file);
  return env.exists(msixFile) || env.exists(msixPackage) ? msixFile : joinPath(env, appDataDir(env), ...file);
}

/** Most hosts keep servers under `mcpServers` and can connect to remote ones. */
const remoteUnderMcpServers = { rootKey: 'mcpServers', supportsRemote: true } as const;

export const claudeDesktop = jsonHost({
  id: 'claude-desktop',
  title: 'Claude Desktop',
  format: 'json',
  paths: { user: claudeDesktopConfig },
  rootKey: 'mcpServers',
  supportsRemote: false,
  toEntry: (launch) => commandEntry(stdioOnly('Claude Desktop', launch)),
  fromEntry: readCommandEntry,
});

export const claudeCode = jsonHost({
  id: 'claude-code',
  title: 'Claude Code',
  format: 'json',
  paths: {
    user: (env) => joinPath(env, env.claudeConfigDir ?? env.home, '.claude.json'),
    project: (env) => joinPath(env, env.cwd, '.mcp.json'),
  },
  ...remoteUnderMcpServers,
  ...typedShape,
});

export const cursor = jsonHost({
  id: 'cursor',
  title: 'Cursor',
  format: 'json',
  paths: dotFolder('.cursor', 'mcp.json'),
  ...remoteUnderMcpServers,
  ...bareUrlShape('url'),
});

export const vscode = jsonHost({
  id: 'vscode',
  title: 'VS Code',
  format: 'jsonc',
  paths: {
    user: (env) => joinPath(env, appConfigDir(env), 'Code', 'User', 'mcp.json'),
    project: (env) => joinPath(env, env.cwd, '.vscode', 'mcp.json'),
  },
  rootKey: 'servers',
  supportsRemote: true,
  ...typedShape,
});

export const windsurf = jsonHost({
  id: 'windsurf',
  title: 'Windsurf',
  format: 'json',
  paths: { user: (env) => joinPath(env, env.home, '.codeium', 'windsurf', 'mcp_config.json') },
  ...remoteUnderMcpServers,
  ...bareUrlShape('serverUrl'),
});

/** Gemini CLI strips comments before parsing settings.json, so the file is JSONC in practice. */
export const gemini = jsonHost({
  id: 'gemini',
  title: 'Gemini CLI',
  format: 'jsonc',
  paths: dotFolder('.gemini', 'settings.json'),
  ...remoteUnderMcpServers,
  toEntry(launch) {
    if (launch.kind === 'stdio') return commandEntry(launch);
    return urlEntry(launch.transport === 'sse' ? 'url' : 'httpUrl', launch);
  },
  fromEntry(entry) {
    if (entry.httpUrl !== undefined) return remoteLaunch('streamable-http', entry.httpUrl, entry.headers);
    if (entry.url !== undefined) return remoteLaunch('sse', entry.url, entry.headers);
    return readCommandEntry(entry);
  },
});

/** Zed keeps its settings in ~/.config/zed on macOS too, ignoring XDG_CONFIG_HOME there. */
function zedSettings(env: HostEnv): string {
  if (env.platform === 'win32') return joinPath(env, appDataDir(env), 'Zed', 'settings.json');
  const config = env.platform === 'darwin' ? joinPath(env, env.home, '.config') : xdgConfigDir(env);
  return joinPath(env, config, 'zed', 'settings.json');
}

const zedShape = bareUrlShape('url');

export const zed = jsonHost({
  id: 'zed',
  title: 'Zed',
  format: 'jsonc',
  paths: { user: zedSettings },
  rootKey: 'context_servers',
  supportsRemote: true,
  toEntry: zedShape.toEntry,
  fromEntry(entry) {
    // Older Zed releases nested the command: {"command": {"path", "args", "env"}}.
    const { command } = entry;
    return isRecord(command) ? stdioLaunch(command.path, command.args, command.env) : zedShape.fromEntry(entry);
  },
});

export const cline = jsonHost({
  id: 'cline',
  title: 'Cline',
  format: 'json',
  paths: {
    user: (env) =>
      joinPath(
        env,
        appConfigDir(env),
        'Code',
        'User',
        'globalStorage',
        'saoudrizwan.claude-dev',
        'settings',
        'cline_mcp_settings.json',
      ),
  },
  ...remoteUnderMcpServers,
  toEntry(launch) {
    if (launch.kind === 'stdio') return { ...commandEntry(launch), disabled: false };
    return urlEntry('url', launch, { type: launch.transport === 'sse' ? 'sse' : 'streamableHttp' });
  },
  fromEntry(entry) {
    if (entry.type === 'streamableHttp') return remoteLaunch('streamable-http', entry.url, entry.headers);
    // A url without a type is how Cline wrote SSE servers before it had streamable HTTP.
    if (entry.type === 'sse' || (entry.type === undefined && entry.url !== undefined))
      return remoteLaunch('sse', entry.url, entry.headers);
    return entry.type === undefined || entry.type === 'stdio' ? readCommandEntry(entry) : undefined;
  },
});

/** OpenCode reads opencode.jsonc in preference to opencode.json, from ~/.config on every platform. */
function opencodeConfig(env: HostEnv): string {
  const dir = joinPath(env, xdgConfigDir(env), 'opencode');
  const jsonc = joinPath(env, dir, 'opencode.jsonc');
  return env.exists(jsonc) ? jsonc : joinPath(env, dir, 'opencode.json');
}

export const opencode = jsonHost({
  id: 'opencode',
  title: 'OpenCode',
  format: 'jsonc',
  paths: { user: opencodeConfig },
  rootKey: 'mcp',
  supportsRemote: true,
  toEntry(launch) {
    if (launch.kind === 'remote') return { ...urlEntry('url', launch, { type: 'remote' }), enabled: true };
    return {
      ...withMap({ type: 'local', command: [launch.command, ...launch.args] }, 'environment', launch.env),
      enabled: true,
    };
  },
  fromEntry(entry) {
    if (entry.type === 'remote') return remoteLaunch('streamable-http', entry.url, entry.headers);
    if (entry.type !== 'local' || !Array.isArray(entry.command)) return undefined;
    const [command, ...args] = entry.command as unknown[];
    return stdioLaunch(command, args, entry.environment);
  },
});
