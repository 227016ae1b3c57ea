import type { Metadata } from 'next';
import { hub } from '../../lib/hub';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in', robots: { index: false } };
export const dynamic = 'force-dynamic';

/** Which sign-in methods the Hub offers; none but tokens when it cannot say. */
async function githubOffered(): Promise<boolean> {
  try {
    const { data } = await hub().GET('/api/v1/auth/config');
    return data?.githubWeb ?? false;
  } catch {
    return false;
  }
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string | string[] }> }) {
  const { error } = await searchParams;
  const github = await githubOffered();
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">Sign in to the dashboard</h1>
      {typeof error === 'string' && error ? (
        <p
          role="alert"
          data-sign-in-error
          className="mt-3 rounded border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
        >
          {error}
        </p>
      ) : null}
      {github ? (
        <>
          {/* A plain link: the route sends the browser on to GitHub. */}
          <a
            href="/auth/github"
            className="mt-4 inline-flex items-center gap-2 rounded bg-slate-900 px-4 py-2 font-semibold text-white hover:bg-slate-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-slate-300"
          >
            Sign in with GitHub
          </a>
          <p className="mt-6 text-slate-700 dark:text-slate-300">Or paste an API token.</p>
        </>
      ) : null}
      <p className="mt-2 text-slate-700 dark:text-slate-300">
        {github ? '' : 'Paste an API token. '}The site keeps it in an encrypted, httpOnly cookie for this session only;
        sign out to forget it.
      </p>
      <SignInForm />
    </div>
  );
}
