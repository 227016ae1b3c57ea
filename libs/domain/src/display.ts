/** Words that read better in capitals when a server name is turned into a title. */
const ACRONYMS = new Set([
  'mcp',
  'api',
  'ai',
  'llm',
  'sql',
  'aws',
  'gcp',
  'ui',
  'url',
  'http',
  'json',
  'yaml',
  'csv',
  'pdf',
  'sdk',
  'cli',
  'db',
  'io',
  'id',
  'ci',
  'k8s',
]);

/**
 * The heading to show for a server: its `title` when it has one, else the part of its name after
 * the slash, humanized (`io.github.alice/kubernetes-mcp-server` → "Kubernetes MCP Server"). Pages
 * show the full name next to it, so without this rule a server with no title shows its name twice.
 */
export function displayTitle(server: { name: string; title?: string | null }): string {
  const title = server.title?.trim();
  if (title) return title;
  const tail = server.name.slice(server.name.lastIndexOf('/') + 1);
  const words = tail.split(/[-_.\s]+/).filter(Boolean);
  if (words.length === 0) return server.name;
  return words
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ');
}
