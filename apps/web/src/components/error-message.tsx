'use client';
import Link from 'next/link';

/**
 * What a visitor sees when a page could not be rendered. A Hub failure says which in its digest
 * (`HUB;<status>;<retry-after>`, lib/hub.ts): rate-limited, or the Hub unreachable or failing.
 * The response carries the same status and Retry-After (server.cjs).
 */
export function ErrorMessage({ digest }: { digest?: string }) {
  const [, status, retryAfter] = /^HUB;(\d{3});(\d+)$/.exec(digest ?? '') ?? [];
  const wait = retryAfter
    ? ` in ${Number(retryAfter) === 1 ? 'a second' : Number(retryAfter) < 90 ? `${retryAfter} seconds` : `${Math.ceil(Number(retryAfter) / 60)} minutes`}`
    : ' in a moment';
  const [title, text] =
    status === '429'
      ? ['Too many requests', `You have loaded more pages than the registry allows in a minute. Try again${wait}.`]
      : status
        ? [
            'The registry is unavailable',
            `MCP Hub could not get this page's data from its registry just now. Try again${wait}.`,
          ]
        : ['Something went wrong', 'This page could not be shown. Try again, or start from the home page.'];
  return (
    <div className="mx-auto max-w-xl py-16 text-center" data-error-page={status ?? 'error'}>
      <title>{`${title} · MCP Hub`}</title>
      <h1 className="text-3xl font-bold">{title}</h1>
      <p className="mt-3 text-slate-700 dark:text-slate-300">{text}</p>
      <p className="mt-6 flex flex-wrap justify-center gap-4">
        <button
          type="button"
          onClick={() => window.location.reload()}
          className="rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800"
        >
          Try again
        </button>
        <Link href="/" className="px-4 py-2 text-blue-800 underline dark:text-blue-300">
          Home
        </Link>
      </p>
    </div>
  );
}
