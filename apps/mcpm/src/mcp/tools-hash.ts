import { createHash } from 'node:crypto';

export interface ToolDefinition {
  name: string;
  description?: string;
  inputSchema?: unknown;
}

export interface ToolsFingerprint {
  /** Over every tool: what the lockfile pins. */
  hash: string;
  /** Per tool, to say which ones changed. */
  tools: Record<string, string>;
}

/**
 * A fingerprint of what a server tells the model it can do: each tool's name, description and
 * input schema, in a canonical form (keys sorted, tools sorted by name), so the same definitions
 * always hash the same whatever order the server lists them in.
 */
export function fingerprintTools(tools: readonly ToolDefinition[]): ToolsFingerprint {
  const perTool: Record<string, string> = {};
  for (const t of [...tools].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    perTool[t.name] = sha(
      canonical({ name: t.name, description: t.description ?? '', inputSchema: t.inputSchema ?? {} }),
    );
  }
  return { hash: sha(canonical(perTool)), tools: perTool };
}

/** Which tools were added, removed or changed between a locked fingerprint and a new one. */
export function diffTools(
  locked: Record<string, string> | undefined,
  now: Record<string, string>,
): { added: string[]; removed: string[]; changed: string[] } {
  const before = locked ?? {};
  return {
    added: Object.keys(now).filter((n) => !(n in before)),
    removed: Object.keys(before).filter((n) => !(n in now)),
    changed: Object.keys(now).filter((n) => n in before && before[n] !== now[n]),
  };
}

function sha(text: string): string {
  return 'sha256-' + createHash('sha256').update(text).digest('base64');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value as object).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
