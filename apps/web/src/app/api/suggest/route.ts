import { NextResponse } from 'next/server';
import { hub } from '../../../lib/hub';

/** Search-as-you-type: the top few matches, small enough to answer on every keystroke. */
export async function GET(request: Request) {
  const q = new URL(request.url).searchParams.get('q')?.trim().slice(0, 200) ?? '';
  if (q.length < 2) return NextResponse.json({ results: [] });
  const { data } = await hub().GET('/api/v1/search', { params: { query: { q, limit: 6 } } });
  const results = (data?.results ?? []).map((r) => ({ name: r.name, title: r.title, description: r.description }));
  return NextResponse.json({ results }, { headers: { 'cache-control': 'public, max-age=30' } });
}
