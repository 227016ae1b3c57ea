import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TokenUses, windowDays } from '../../../../../../components/token-uses';
import { found, hub } from '../../../../../../lib/hub';
import { sessionToken } from '../../../../../../lib/session';

export const metadata: Metadata = { title: 'Org token uses' };

/** Every use of one of an org's tokens (its admins only). */
export default async function OrgTokenUsesPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const org = decodeURIComponent((await params).org);
  const days = windowDays((await searchParams).days);
  // Not there, or not an org the caller administers (404 and 403 both show as not found).
  const data = await found(
    hub((await sessionToken())!).GET('/api/v1/orgs/{org}/tokens/{id}/uses', {
      params: { path: { org, id }, query: { days, limit: 100 } },
    }),
    'token uses',
    [403, 404],
  );
  if (!data) notFound();
  const base = `/dashboard/orgs/${encodeURIComponent(org)}`;
  return (
    <TokenUses
      data={data}
      days={days}
      base={`${base}/tokens/${id}`}
      title={`Uses of an ${org} token`}
      back={{ href: base, label: org }}
    />
  );
}
