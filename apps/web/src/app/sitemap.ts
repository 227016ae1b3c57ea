import type { MetadataRoute } from 'next';
import { serverHref } from '../lib/format';
import { SITE_URL, hub, must } from '../lib/hub';

// Built on request from the public API only (so nothing private can reach it), with the Hub's
// answers cached for 10 minutes.
export const dynamic = 'force-dynamic';

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const out: MetadataRoute.Sitemap = [
    { url: `${SITE_URL}/`, changeFrequency: 'daily', priority: 1 },
    { url: `${SITE_URL}/search`, changeFrequency: 'daily', priority: 0.5 },
  ];
  let cursor: string | undefined;
  // The protocol's limit is 50,000 URLs per file.
  while (out.length < 50_000) {
    const page = await must(
      hub(undefined, { revalidate: 600 }).GET('/v0.1/servers', {
        params: { query: { version: 'latest', limit: 100, ...(cursor ? { cursor } : {}) } },
      }),
      'the server list',
    );
    for (const e of page.servers as unknown as {
      server: { name: string };
      _meta?: Record<string, { updatedAt?: string }>;
    }[]) {
      const updated = e._meta?.['io.modelcontextprotocol.registry/official']?.updatedAt;
      out.push({
        url: `${SITE_URL}${serverHref(e.server.name)}`,
        lastModified: updated,
        changeFrequency: 'weekly',
        priority: 0.8,
      });
    }
    cursor = page.metadata?.nextCursor ?? undefined;
    if (!cursor) break;
  }
  return out;
}
