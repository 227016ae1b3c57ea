import { createHash } from 'node:crypto';
import type { LatestVersion } from '@mcp-hub/registry-port';
import type { ToolSet } from '@mcp-hub/runtime-port';

/** What the index stores about one server: its latest visible version, split into weighted fields. */
export interface SearchDocument {
  serverName: string;
  version: string;
  namespace: string;
  title: string | null;
  description: string;
  status: string;
  registryTypes: string[];
  transports: string[];
  hasRemote: boolean;
  packages: unknown[];
  remotes: unknown[];
  /** Weight A with the title: the server's own name as words ("server-filesystem" → "server filesystem"). */
  nameWords: string;
  /** Weight C: package identifiers and the namespace's owner ("@scope/pkg", "com.stripe" → "stripe"). */
  packageWords: string;
  /** Weight D: tool names and descriptions, as the runtime listed them (empty until it has). */
  toolWords: string;
  /** Every tool's name, lower-cased, each once, sorted: what `tool=` matches. */
  toolNames: string[];
  /** The runtime's fingerprint of the tool set this was built from; null when it knew none. */
  toolsFingerprint: string | null;
  /** What the embedder reads. */
  embeddingText: string;
  /** Changes whenever anything stored changes; an unchanged document is not rewritten. */
  contentHash: string;
  embeddingHash: string;
  publishedAt: Date;
  /** The newest `updated_at` of the server's versions, as Postgres prints it (microseconds kept: catch-up compares it exactly). */
  sourceUpdatedAt: string;
  /** The org the server is private to; null when public. */
  privateOrgId: string | null;
}

/** A server's latest version, as the registry's read port gives it. */
export type LatestVersionRow = LatestVersion;

/**
 * What the index takes of each field, at most (characters). The local publish rules hold titles
 * and descriptions to 100; mirrored entries keep what upstream accepted, which may be far more,
 * and Postgres refuses a tsvector over 1 MB: bounded, one document can never fail the index.
 */
export const INDEX_LIMITS = {
  title: 500,
  description: 4_000,
  identifier: 500,
  facet: 64,
  displayString: 2_000,
  displayItems: 50,
  displayDepth: 8,
  /** A tool name longer than this is no MCP tool name (the spec allows 128): left out. */
  toolName: 128,
  /** Tool names `tool=` can find (the runtime keeps at most 1,000 tools per version). */
  toolNames: 1_000,
  toolDescription: 1_000,
  /** All tool text of a server (weight D): what its tools do, not a manual. */
  toolText: 32_000,
} as const;

/** Label parts of a reverse-DNS namespace that say nothing about the owner. */
const NOISE_LABELS = new Set([
  'io',
  'com',
  'org',
  'net',
  'dev',
  'ai',
  'app',
  'co',
  'github',
  'gitlab',
  'smithery',
  'mcp',
]);

/**
 * The document of a server's latest version; `tools`: what the runtime's read port knows that
 * version exposes (absent until an inspection or a declaration).
 */
export function buildDocument(row: LatestVersionRow, tools?: ToolSet): SearchDocument {
  const json = row.serverJson;
  // Display rows, tsvector, vocabulary and embeddings are all made from these cleaned, bounded values.
  const packages = Array.isArray(json.packages) ? (displayValue(json.packages, 0) as Record<string, unknown>[]) : [];
  const remotes = Array.isArray(json.remotes) ? (displayValue(json.remotes, 0) as Record<string, unknown>[]) : [];
  const cleanTitle = typeof json.title === 'string' ? cleanText(json.title, INDEX_LIMITS.title).trim() : '';
  const title = cleanTitle !== '' ? cleanTitle : null;
  const description = typeof json.description === 'string' ? cleanText(json.description, INDEX_LIMITS.description) : '';
  const facet = (v: unknown) => (typeof v === 'string' ? cleanText(v, INDEX_LIMITS.facet).trim() : '');
  const registryTypes = uniq(packages.map((p) => facet(p.registryType).toLowerCase()));
  const transports = uniq([
    ...packages.map((p) => (isObject(p.transport) ? facet(p.transport.type) : '')),
    ...remotes.map((r) => facet(r.type)),
  ]);
  const slug = row.serverName.slice(row.serverName.indexOf('/') + 1);
  const nameWords = splitWords(slug);
  const owner = row.namespace
    .split('.')
    .filter((label) => !NOISE_LABELS.has(label.toLowerCase()))
    .join(' ');
  const packageWords = [
    owner,
    ...packages.map((p) =>
      typeof p.identifier === 'string' ? splitWords(cleanText(p.identifier, INDEX_LIMITS.identifier)) : '',
    ),
  ]
    .join(' ')
    .trim();
  const { toolWords, toolNames } = toolFields(tools);
  // The vector stays about what the publisher says the server is: tool lists are long, repetitive
  // ("get", "list", "create") and change without a new version, and would drown a short description.
  const embeddingText = [title ?? '', nameWords, description].filter(Boolean).join('. ');
  const stored = {
    v: row.version,
    p: row.privateOrgId,
    title,
    description,
    status: row.status,
    registryTypes,
    transports,
    packages,
    remotes,
    nameWords,
    packageWords,
    toolWords,
    // Only when there are tools: documents without keep the hash they had before tools were indexed.
    ...(toolNames.length > 0 ? { toolNames } : {}),
  };
  return {
    serverName: row.serverName,
    version: row.version,
    namespace: row.namespace,
    title,
    description,
    status: row.status,
    registryTypes,
    transports,
    hasRemote: remotes.length > 0,
    packages,
    remotes,
    nameWords,
    packageWords,
    toolWords,
    toolNames,
    toolsFingerprint: tools?.fingerprint ?? null,
    embeddingText,
    contentHash: sha1(JSON.stringify(stored)),
    embeddingHash: sha1(embeddingText),
    publishedAt: row.publishedAt,
    sourceUpdatedAt: row.sourceUpdatedAt,
    privateOrgId: row.privateOrgId,
  };
}

/**
 * A server's tool text (weight D) and the names `tool=` matches. Per tool: its name as a query
 * typing it is split into words ("getWeather" → "getweather"), then as words when that differs
 * ("get weather"), then its description; cleaned and bounded like every other text.
 */
function toolFields(set: ToolSet | undefined): { toolWords: string; toolNames: string[] } {
  const names: string[] = [];
  const parts: string[] = [];
  let length = 0;
  for (const t of set?.tools ?? []) {
    if (typeof t.name !== 'string' || t.name === '' || t.name.length > INDEX_LIMITS.toolName) continue;
    const name = cleanText(t.name, INDEX_LIMITS.toolName);
    if (names.length < INDEX_LIMITS.toolNames) names.push(name.toLowerCase());
    if (length >= INDEX_LIMITS.toolText) continue;
    // The name as a query typing it is tokenized ("getWeather" → "getweather"), and as words.
    const typed = (name.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).join(' ');
    const words = splitWords(name);
    const description =
      typeof t.description === 'string' ? cleanText(t.description, INDEX_LIMITS.toolDescription).trim() : '';
    const text = [typed, words !== typed ? words : '', description].filter(Boolean).join(' ');
    const part = cleanText(text, INDEX_LIMITS.toolText - length);
    parts.push(part);
    length += part.length + 1;
  }
  return { toolWords: parts.join(' ').trim(), toolNames: uniq(names) };
}

/** "server-filesystem" → "server filesystem"; "@acme/mcpWeatherServer" → "acme mcp weather server"; "HTTPServer" → "http server". */
export function splitWords(s: string): string {
  return (
    s
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      // An acronym ends where its last capital starts a word: "HTTPServer" → "HTTP Server".
      .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim()
      .toLowerCase()
  );
}

/** Words the typo-tolerance vocabulary learns from a document. */
export function vocabulary(doc: SearchDocument): string[] {
  const text = [doc.nameWords, doc.title ?? '', doc.description, doc.packageWords, doc.toolWords]
    .join(' ')
    .toLowerCase();
  // Whole words only: a longer word is left out, not cut into fragments.
  return uniq((text.match(/[\p{L}\p{M}]+/gu) ?? []).filter((w) => w.length >= 3 && w.length <= 32));
}

/** Control characters (NUL included) but tab and line breaks; lone surrogates (no valid UTF-8 exists for them). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as the index may hold it: control characters become spaces, a lone surrogate the
 * replacement character (Postgres stores neither), and at most `max` characters (a surrogate
 * pair is never cut in two).
 */
export function cleanText(s: string, max: number): string {
  let end = Math.min(s.length, max);
  if (end < s.length && /[\uD800-\uDBFF]/.test(s[end - 1] ?? '')) end--;
  return s.slice(0, end).replace(CONTROL, ' ').replace(LONE_SURROGATE, '\uFFFD');
}

/** A package or remote as a result shows it: strings cleaned and bounded, lists and nesting bounded. */
function displayValue(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return cleanText(v, INDEX_LIMITS.displayString);
  if (typeof v !== 'object' || v === null) return v;
  if (depth >= INDEX_LIMITS.displayDepth) return null;
  if (Array.isArray(v)) return v.slice(0, INDEX_LIMITS.displayItems).map((x) => displayValue(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v).slice(0, INDEX_LIMITS.displayItems))
    out[cleanText(k, INDEX_LIMITS.facet)] = displayValue(x, depth + 1);
  return out;
}

function uniq(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))].sort();
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sha1(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}
