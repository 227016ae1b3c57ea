import { NextResponse } from 'next/server';
import { displayTitle } from '@mcp-hub/domain';
import { hub, must } from '../../../lib/hub';
import { plainText } from '../../../lib/plain-text';
import { searchTerms } from '../../../lib/query';

/** Search-as-you-type: the top few matches, small enough to answer on every keystroke. */
export async function GET(request: Request) {
  const { q } = searchTerms(new URL(request.url).searchParams.get('q') ?? undefined);
  if (q.length < 2) return NextResponse.json({ results: [] });
  // A Hub failure throws: server.cjs answers it 429 or 503 with Retry-After, which nothing caches.
  const data = await must(hub().GET('/api/v1/search', { params: { query: { q, limit: 6 } } }), 'suggestions');
  const results = data.results.map((r) => ({
    name: r.name,
    title: displayTitle(r),
    description: plainText(r.description),
  }));
  return NextResponse.json({ results }, { headers: { 'cache-control': 'public, max-age=30' } });
}
