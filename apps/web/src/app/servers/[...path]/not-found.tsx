import type { Metadata } from 'next';
import Link from 'next/link';
import { MissingServer } from '../_components/missing-server';

export const metadata: Metadata = { title: 'Server not found', robots: { index: false } };

/** A server page for a name the Hub does not have (or that the visitor may not see). */
export default function ServerNotFound() {
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <h1 className="text-3xl font-bold break-words" data-missing-server>
        <MissingServer />
      </h1>
      <p className="mt-3 text-slate-700 dark:text-slate-300">
        It may have been unpublished, renamed, or never published here.
      </p>
      <p className="mt-6 flex justify-center gap-6">
        <Link href="/search" className="text-blue-800 underline dark:text-blue-300">
          Search servers
        </Link>
        <Link href="/" className="text-blue-800 underline dark:text-blue-300">
          Home
        </Link>
      </p>
    </div>
  );
}
