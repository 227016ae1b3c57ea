import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { roleAtLeast } from '@mcp-hub/domain';
import { found, hub } from '../../../../lib/hub';
import { isAdmin } from '../../../../lib/operator';
import { sessionToken } from '../../../../lib/session';
import { OrgAudit } from './_components/org-audit';
import { OrgMembers } from './_components/org-members';
import { OrgOverview } from './_components/org-overview';
import { OrgTokens } from './_components/org-tokens';
import { part } from './_components/part';

type Params = Record<string, string | string[] | undefined>;

export async function generateMetadata({ params }: { params: Promise<{ org: string }> }): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).org)} · Organizations` };
}

export default async function OrgPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Params>;
}) {
  const org = decodeURIComponent((await params).org);
  const auditCursor = (await searchParams).audit;
  const token = (await sessionToken())!;
  const client = hub(token);
  const path = { params: { path: { org } } };

  // Not there, or not one of the caller's (the Hub answers 404 for both).
  const detail = await found(client.GET('/api/v1/orgs/{org}', path), `organization ${org}`);
  if (!detail) notFound();

  const [mine, me, members] = await Promise.all([
    part(client.GET('/api/v1/orgs'), 'your organizations'),
    part(client.GET('/api/v1/whoami'), 'who you are'),
    part(client.GET('/api/v1/orgs/{org}/members', path), 'the members'),
  ]);
  const role = mine.data?.orgs.find((o) => o.name === org)?.role;
  const instanceAdmin = isAdmin(me.data?.scopes);
  // A member by their role; an instance admin who is not one as an admin.
  const canAdmin = role ? roleAtLeast(role, 'admin') : instanceAdmin;
  const admin = canAdmin
    ? await Promise.all([
        part(client.GET('/api/v1/orgs/{org}/tokens', path), 'the org tokens'),
        part(client.GET('/api/v1/orgs/{org}/members/invitations', path), 'the invitations'),
        part(
          client.GET('/api/v1/orgs/{org}/audit', {
            params: { path: { org }, query: (typeof auditCursor === 'string' ? { cursor: auditCursor } : {}) as never },
          }),
          'the audit log',
        ),
      ]).then(([tokens, invitations, audit]) => ({ tokens, invitations, audit }))
    : undefined;
  const defaultPattern = detail.namespaces[0] ? `${detail.namespaces[0]}/*` : '';

  return (
    <div className="space-y-10">
      <OrgOverview org={org} detail={detail} role={role} instanceAdmin={instanceAdmin} canAdmin={canAdmin} />
      <OrgMembers org={org} members={members} canAdmin={canAdmin} invitations={admin?.invitations} />
      {admin && <OrgTokens org={org} tokens={admin.tokens} defaultPattern={defaultPattern} />}
      {admin && <OrgAudit org={org} audit={admin.audit} />}
    </div>
  );
}
