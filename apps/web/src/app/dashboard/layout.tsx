import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { hub } from '../../lib/hub';
import { endSession, sessionToken } from '../../lib/session';
import { signOut } from './actions';

export const metadata: Metadata = { title: 'Dashboard', robots: { index: false } };
export const dynamic = 'force-dynamic';

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const token = await sessionToken();
  if (!token) redirect('/sign-in');
  const client = hub(token);
  const [{ data: me, response }, invitations] = await Promise.all([
    client.GET('/api/v1/whoami'),
    // Only a hint in the nav: the Organizations page lists them, and says when they cannot be read.
    client.GET('/api/v1/me/invitations').then((r) => r.data?.invitations.length ?? 0, () => 0),
  ]);
  if (response.status === 401) {
    // Revoked or expired since sign-in (perhaps from this very dashboard).
    await endSession().catch(() => undefined);
    redirect('/sign-in');
  }
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-4 border-b border-slate-200 pb-3 dark:border-slate-800">
        <nav aria-label="Dashboard" className="flex gap-4 text-sm font-medium">
          <Link href="/dashboard" className="hover:underline">
            My servers
          </Link>
          <Link href="/dashboard/tokens" className="hover:underline">
            API tokens
          </Link>
          <Link href="/dashboard/publish" className="hover:underline">
            Publish
          </Link>
          <Link href="/dashboard/orgs" className="hover:underline">
            Organizations
            {invitations > 0 && (
              <>
                {' '}
                <span className="rounded-full bg-blue-700 px-1.5 py-0.5 text-xs font-semibold text-white" data-invitation-count>
                  {invitations}
                  <span className="sr-only"> {invitations === 1 ? 'invitation' : 'invitations'} for you</span>
                </span>
              </>
            )}
          </Link>
        </nav>
        <span className="ml-auto text-sm text-slate-700 dark:text-slate-300" data-whoami>
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
      {children}
    </div>
  );
}
