/** The MCP clients the web page shows config snippets for, in the order it shows them. */
export const SNIPPET_HOST_IDS = [
  'claude-desktop',
  'claude-code',
  'cursor',
  'vscode',
  'windsurf',
  'codex',
  'gemini',
] as const;

/** Every MCP client mcpm can configure: the snippet hosts, then the rest. */
export const HOST_IDS = [...SNIPPET_HOST_IDS, 'zed', 'cline', 'opencode', 'goose', 'continue'] as const;
export type HostId = (typeof HOST_IDS)[number];
