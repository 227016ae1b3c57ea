/** Small display helpers shared by pages. */
import { isDotSegment } from '@mcp-hub/domain';

/** The Hub's highlight HTML, made safe whatever it holds: everything escaped, then only <mark> restored. */
export function markOnly(html: string): string {
  const plain = html
    .replace(/<\/?mark>/g, (t) => (t === '<mark>' ? '\u0001' : '\u0002'))
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');
  return plain
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\u0001/g, '<mark>')
    .replace(/\u0002/g, '</mark>');
}

export function formatDate(iso: string | undefined | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

/**
 * `/servers/io.github.alice/weather`: the name's slash stays a path separator. A mirrored name
 * whose namespace or server part is "." or ".." would be resolved away by the browser (even as
 * %2E), so such a name is one segment with its slash encoded: `/servers/..%2Fx`.
 */
export function serverHref(name: string, version?: string): string {
  const parts = name.split('/');
  const path = `/servers/${parts.some(isDotSegment) ? encodeURIComponent(name) : parts.map(encodeURIComponent).join('/')}`;
  return version ? `${path}/versions/${encodeURIComponent(version)}` : path;
}

export const FACET_LABELS: Record<string, string> = {
  registryType: 'Package type',
  transport: 'Transport',
  hasRemote: 'Hosted remote',
  status: 'Status',
};

export function facetValueLabel(facet: string, value: string): string {
  if (facet === 'hasRemote') return value === 'true' ? 'Has a remote' : 'Local only';
  if (facet === 'registryType')
    return { npm: 'npm', pypi: 'PyPI', oci: 'Docker (OCI)', nuget: 'NuGet', mcpb: 'MCP bundle' }[value] ?? value;
  return value;
}
