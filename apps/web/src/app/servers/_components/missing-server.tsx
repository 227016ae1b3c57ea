'use client';
import { usePathname } from 'next/navigation';
import { parseServerPath } from '../_lib/route';

/** The server name a 404 under /servers/ was asked for (a not-found page gets no params). */
export function MissingServer() {
  const path = usePathname();
  const at = parseServerPath(
    path
      .replace(/^\/servers\/?/, '')
      .split('/')
      .filter(Boolean),
  );
  if (at?.version) {
    return (
      <>
        No version <code className="font-mono break-all">{at.version}</code> of{' '}
        <code className="font-mono break-all">{at.name}</code>
      </>
    );
  }
  return at ? (
    <>
      No server named <code className="font-mono break-all">{at.name}</code>
    </>
  ) : (
    <>
      No server at <code className="font-mono break-all">{path}</code>
    </>
  );
}
