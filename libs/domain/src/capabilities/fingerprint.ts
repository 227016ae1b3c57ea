import { createHash } from 'node:crypto';
import { canonicalJson } from './tool-diff';

/** What a tool's fingerprint covers: what the model reads and what it may send. */
export interface FingerprintedTool {
  name: string;
  description?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
}

export interface ToolsFingerprint {
  /** Over every tool: what a lockfile pins and the registry publishes as toolsFingerprint. */
  hash: string;
  /** Per tool name, to say which ones changed. */
  tools: Record<string, string>;
}

/**
 * One tool's fingerprint: sha256 over the canonical JSON (keys sorted at every depth) of its name,
 * description and input schema, plus its output schema and annotations when it has them — so a
 * tool without either hashes as it always did.
 */
export function toolFingerprint(tool: FingerprintedTool): string {
  const body: Record<string, unknown> = {
    name: tool.name,
    description: tool.description ?? '',
    inputSchema: tool.inputSchema ?? {},
  };
  if (tool.outputSchema !== undefined) body.outputSchema = tool.outputSchema;
  if (tool.annotations !== undefined) body.annotations = tool.annotations;
  return sha(canonicalJson(body));
}

/**
 * The fingerprint of a server's tool list: each tool's, and one over all of them sorted by name,
 * so the same definitions hash the same whatever order the server lists them in. The Runtime
 * service, the registry's API and mcpm's lockfile all use this one function.
 */
export function fingerprintTools(tools: readonly FingerprintedTool[]): ToolsFingerprint {
  const perTool: Record<string, string> = {};
  for (const t of [...tools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    perTool[t.name] = toolFingerprint(t);
  }
  return { hash: sha(canonicalJson(perTool)), tools: perTool };
}

function sha(text: string): string {
  return 'sha256-' + createHash('sha256').update(text).digest('base64');
}

/** The tools with each one's fingerprint attached, and the list's: one pass, for what is stored and served. */
export function withFingerprints<T extends FingerprintedTool>(
  tools: readonly T[],
): { tools: (T & { fingerprint: string })[]; hash: string } {
  const fp = fingerprintTools(tools);
  return { tools: tools.map((t) => ({ ...t, fingerprint: fp.tools[t.name]! })), hash: fp.hash };
}
