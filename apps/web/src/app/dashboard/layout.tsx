import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SubNav } from '../../components/sub-nav';
import { hub } from '../../lib/hub';
import { CHECK_LABELS, hubHealth, isAdmin, noticesOf } from '../../lib/operator';
import { endSession, sessionToken } from '../../lib/session';
import { signOut } from './actions';

// Each page names itself ("API tokens · MCP Hub"); a title of the layout's own would drop the
// site's template for them, so it repeats it, and "Dashboard" is only the fallback.
export const metadata: Metadata = {
  title: { default: 'Dashboard', template: '%s · MCP Hub' },
  robots: { index: false },
};
export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const token = await sessionToken();
  if (!token) redirect('/sign-in');
  const client = hub(token);
  const [{ data: me, response }, invitations] = await Promise.all([
    client.GET('/api/v1/whoami'),
    // Only a hint in the nav: the Organizations page lists them, and says when they cannot be read.
    client.GET('/api/v1/me/invitations').then(
      (r) => r.data?.invitations.length ?? 0,
      () => 0,
    ),
  ]);
  if (response.status === 401) {
    // Revoked or expired since sign-in (perhaps from this very dashboard).
    await endSession().catch(() => undefined);
    redirect('/sign-in');
  }
  const admin = isAdmin(me?.scopes);
  // What /healthz says needs the operator's attention: shown to admins here, never on public pages.
  const notices = admin ? noticesOf(await hubHealth()) : [];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-4 border-b border-slate-200 pb-3 dark:border-slate-800">
        <SubNav
          items={[
            { href: '/dashboard', label: 'My servers' },
            { href: '/dashboard/tokens', label: 'API tokens' },
            { href: '/dashboard/publish', label: 'Publish' },
            {
              href: '/dashboard/orgs',
              label: 'Organizations',
              badge: { count: invitations, srText: `${invitations === 1 ? 'invitation' : 'invitations'} for you` },
            },
            ...(admin ? [{ href: '/dashboard/status', label: 'Hub status' }] : []),
          ]}
        />
        <span className="ml-auto min-w-0 text-sm break-words text-slate-700 dark:text-slate-300" data-whoami>
          {me?.login ? (
            <>
              Signed in as <strong data-login>{me.login}</strong>
              {me.kind === 'session' ? ' with GitHub' : ''}
            </>
          ) : me ? (
            <>
              Token for <code className="font-mono">{me.namespace}</code> ({me.scopes.join(', ')})
            </>
          ) : null}
        </span>
        <form action={signOut}>
          <button type="submit" className="text-sm text-blue-800 underline dark:text-blue-300">
            Sign out
          </button>
        </form>
      </div>
      {notices.length > 0 && (
        <div
          role="status"
          className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
          data-operator-notices
        >
          <p className="font-semibold">
            {notices.length === 1 ? 'One operator notice' : `${notices.length} operator notices`} (only admins see
            this):
          </p>
          <ul className="mt-1 list-disc pl-5">
            {notices.map((n) => (
              <li key={n.check} className="break-words">
                {CHECK_LABELS[n.check] ?? n.check}: {n.detail}
              </li>
            ))}
          </ul>
          <p className="mt-1">
            <Link href="/dashboard/status" className="underline">
              Hub status
            </Link>{' '}
            has the details.
          </p>
        </div>
      )}
      {children}
    </div>
  );
}
