import type { Metadata } from 'next';
import Link from 'next/link';
import { MissingPath } from '../components/missing-path';

export const metadata: Metadata = { title: 'Page not found', robots: { index: false } };

/** Any address the site has no page for; a route that knows more (a server's name) says so itself. */
export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <h1 className="text-3xl font-bold">Page not found</h1>
      <p className="mt-3 text-slate-700 dark:text-slate-300">
        There is no page at <MissingPath /> on this site.
      </p>
      <p className="mt-6 flex justify-center gap-6">
        <Link href="/" className="text-blue-800 underline dark:text-blue-300">
          Home
        </Link>
        <Link href="/search" className="text-blue-800 underline dark:text-blue-300">
          Search servers
        </Link>
      </p>
    </div>
  );
}
