import Link from 'next/link';
import { serverHref } from '../../../lib/format';
import type { Official } from '../_lib/types';

/** For a deprecated version: the publisher's message, and a link to the server it names as the replacement. */
export function DeprecationNotice({ official, name }: { official: Official; name: string }) {
  if (official.status !== 'deprecated') return null;
  const replacement = official.statusMessage?.match(/\b([a-z0-9-]+(?:\.[a-z0-9-]+)+\/[A-Za-z0-9._-]+)\b/i)?.[1];
  return (
    <div
      role="status"
      className="rounded border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
      data-deprecated
    >
      <p className="font-semibold">This version is deprecated.</p>
      {official.statusMessage && <p className="mt-1">{official.statusMessage}</p>}
      {replacement && replacement !== name && (
        <p className="mt-1">
          Use instead:{' '}
          <Link href={serverHref(replacement)} className="underline">
            {replacement}
          </Link>
        </p>
      )}
    </div>
  );
}
