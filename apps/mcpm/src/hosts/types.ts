import type { HostId } from '@mcp-hub/domain';
import type { Launch } from '../launch';

export { HOST_IDS, type HostId } from '@mcp-hub/domain';

/** Where the user's files are; built once from the process environment by the CLI's config. */
export interface HostEnv {
  platform: NodeJS.Platform;
  home: string;
  /** Windows %APPDATA% and %LOCALAPPDATA%. */
  appData?: string;
  localAppData?: string;
  /** $XDG_CONFIG_HOME (Linux), default ~/.config. */
  xdgConfigHome?: string;
  /** $CLAUDE_CONFIG_DIR, honoured by Claude Code. */
  claudeConfigDir?: string;
  /** Project root for project-scope files. */
  cwd: string;
  /** Whether a path exists (used where a host has several candidate files, e.g. Claude Desktop MSIX). */
  exists(path: string): boolean;
}

export type Scope = 'user' | 'project';

/** One server entry as found in a host file, normalised across hosts. */
export interface FoundEntry {
  key: string;
  launch: Launch | undefined;
  /** The entry exactly as the host file holds it (parsed), for display. */
  raw: unknown;
}

export interface HostAdapter {
  id: HostId;
  title: string;
  format: 'json' | 'jsonc' | 'toml' | 'yaml';
  /** Which scopes the host has a file for. */
  scopes: readonly Scope[];
  /** The config file for a scope, or undefined when the host has none for it. */
  configPath(env: HostEnv, scope: Scope): string | undefined;
  /** Whether the host can use a remote (HTTP) server directly; if not the installer bridges through stdio. */
  supportsRemote: boolean;
  /** Parses the file's text (undefined or empty = no file). Throws HostFileError when unparseable. */
  entries(text: string | undefined, env: HostEnv): FoundEntry[];
  /**
   * Returns the new file text with `key` set to `launch`, every other byte of the file kept
   * (comments, formatting, other servers). `text` undefined means the file does not exist yet.
   */
  upsert(text: string | undefined, key: string, launch: Launch, env: HostEnv): string;
  /** Returns the new text without `key`; the text unchanged when there is no such entry. */
  remove(text: string, key: string, env: HostEnv): string;
}

export class HostFileError extends Error {
  constructor(
    readonly file: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'HostFileError';
  }
}
