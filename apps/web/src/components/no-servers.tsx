import Link from 'next/link';
import { CHECK_LABELS, hubHealth, isAdminSession } from '../lib/operator';

/**
 * The registry has no servers at all (a first start, offline). Visitors read that plainly; an
 * admin also reads how to seed it and what the upstream sync says on /healthz.
 */
export async function NoServers() {
  const admin = await isAdminSession();
  const upstream = admin ? (await hubHealth()).upstream : undefined;
  return (
    <div className="mt-6 rounded-lg border border-dashed border-slate-300 p-6 dark:border-slate-600" data-no-servers>
      <p className="font-medium">No servers yet.</p>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        This Hub has no servers listed so far. Check back soon.
      </p>
      {admin && (
        <div className="mt-4 space-y-2 text-sm text-slate-800 dark:text-slate-200" data-seed-help>
          <p className="font-semibold">For you as the admin: the registry is empty.</p>
          <p>
            Import a snapshot of the official registry on the Hub&apos;s machine:{' '}
            <code className="font-mono [overflow-wrap:anywhere]">pnpm hub mirror import &lt;file&gt;</code>, or set{' '}
            <code className="font-mono">HUB_SEED_FILE</code> to a snapshot so an empty Hub seeds itself when it starts.
          </p>
          <p data-upstream-status>
            {CHECK_LABELS.upstream}: {upstream ? (upstream.detail ?? upstream.status) : 'not reported by this Hub'}.{' '}
            <Link href="/dashboard/status" className="text-blue-800 underline dark:text-blue-300">
              Hub status
            </Link>
          </p>
          <p>
            Or{' '}
            <Link href="/dashboard/publish" className="text-blue-800 underline dark:text-blue-300">
              publish a server
            </Link>{' '}
            of your own.
          </p>
        </div>
      )}
    </div>
  );
}
