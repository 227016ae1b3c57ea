import { createHash } from 'node:crypto';

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
  /** Weight D: tool names and descriptions, once a scan has listed them. */
  toolWords: string;
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

export interface LatestVersionRow {
  serverName: string;
  namespace: string;
  version: string;
  serverJson: Record<string, unknown>;
  status: string;
  publishedAt: Date;
  sourceUpdatedAt: string;
  privateOrgId: string | null;
}

/** Label parts of a reverse-DNS namespace that say nothing about the owner. */
const NOISE_LABELS = new Set(['io', 'com', 'org', 'net', 'dev', 'ai', 'app', 'co', 'github', 'gitlab', 'smithery', 'mcp']);

export function buildDocument(row: LatestVersionRow): SearchDocument {
  const json = row.serverJson;
  const packages = Array.isArray(json.packages) ? (json.packages as Record<string, unknown>[]) : [];
  const remotes = Array.isArray(json.remotes) ? (json.remotes as Record<string, unknown>[]) : [];
  const title = typeof json.title === 'string' && json.title.trim() !== '' ? json.title.trim() : null;
  const description = typeof json.description === 'string' ? json.description : '';
  const registryTypes = uniq(packages.map((p) => (typeof p.registryType === 'string' ? p.registryType.toLowerCase() : '')));
  const transports = uniq([
    ...packages.map((p) => (isObject(p.transport) && typeof p.transport.type === 'string' ? p.transport.type : '')),
    ...remotes.map((r) => (typeof r.type === 'string' ? r.type : '')),
  ]);
  const slug = row.serverName.slice(row.serverName.indexOf('/') + 1);
  const nameWords = splitWords(slug);
  const owner = row.namespace
    .split('.')
    .filter((label) => !NOISE_LABELS.has(label.toLowerCase()))
    .join(' ');
  const packageWords = [owner, ...packages.map((p) => (typeof p.identifier === 'string' ? splitWords(p.identifier) : ''))].join(' ').trim();
  const toolWords = '';
  const embeddingText = [title ?? '', nameWords, description].filter(Boolean).join('. ');
  const stored = { v: row.version, p: row.privateOrgId, title, description, status: row.status, registryTypes, transports, packages, remotes, nameWords, packageWords, toolWords };
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
    embeddingText,
    contentHash: sha1(JSON.stringify(stored)),
    embeddingHash: sha1(embeddingText),
    publishedAt: row.publishedAt,
    sourceUpdatedAt: row.sourceUpdatedAt,
    privateOrgId: row.privateOrgId,
  };
}

/** "server-filesystem" → "server filesystem"; "@acme/mcpWeatherServer" → "acme mcp weather server"; "HTTPServer" → "http server". */
export function splitWords(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    // An acronym ends where its last capital starts a word: "HTTPServer" → "HTTP Server".
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .toLowerCase();
}

/** Words the typo-tolerance vocabulary learns from a document. */
export function vocabulary(doc: SearchDocument): string[] {
  const text = [doc.nameWords, doc.title ?? '', doc.description, doc.packageWords].join(' ').toLowerCase();
  // Whole words only: a longer word is left out, not cut into fragments.
  return uniq((text.match(/[\p{L}\p{M}]+/gu) ?? []).filter((w) => w.length >= 3 && w.length <= 32));
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
