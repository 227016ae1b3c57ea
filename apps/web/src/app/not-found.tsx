import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <h1 className="text-3xl font-bold">Not found</h1>
      <p className="mt-3 text-slate-700 dark:text-slate-300">There is no such server here, or it was removed.</p>
      <p className="mt-6">
        <Link href="/search" className="text-blue-800 underline dark:text-blue-300">
          Search servers
        </Link>
      </p>
    </div>
  );
}
