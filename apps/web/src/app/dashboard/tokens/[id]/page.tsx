import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TokenUses, windowDays } from '../../../../components/token-uses';
import { found, hub } from '../../../../lib/hub';
import { sessionToken } from '../../../../lib/session';

export const metadata: Metadata = { title: 'Token uses' };

/** Every use of one of your tokens (or, for an admin, any instance token). */
export default async function TokenUsesPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const days = windowDays((await searchParams).days);
  // Not there, or not one the caller may see (the Hub answers 404 for both).
  const data = await found(
    hub((await sessionToken())!).GET('/api/v1/tokens/{id}/uses', {
      params: { path: { id }, query: { days, limit: 100 } },
    }),
    'token uses',
  );
  if (!data) notFound();
  return (
    <TokenUses
      data={data}
      days={days}
      base={`/dashboard/tokens/${id}`}
      title="Token uses"
      back={{ href: '/dashboard/tokens', label: 'API tokens' }}
    />
  );
}
