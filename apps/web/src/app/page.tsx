import Link from 'next/link';
import { displayTitle } from '@mcp-hub/domain';
import { CopyButton } from '../components/copy-button';
import { NoServers } from '../components/no-servers';
import { SearchBox } from '../components/search-box';
import { ServerCard } from '../components/server-card';
import { FACET_LABELS, facetValueLabel, serverHref } from '../lib/format';
import { SITE_URL, hub, must } from '../lib/hub';
import { mcpmTarball } from '../lib/mcpm-tarball';
import { plainText } from '../lib/plain-text';
import { Section } from '../components/section';

// Rendered per request (so a build never needs a running Hub) from data cached for 30 s.
export const dynamic = 'force-dynamic';

const BROWSE = ['registryType', 'transport', 'hasRemote'] as const;

export default async function Home() {
  const cached = hub(undefined, { revalidate: 30 });
  const [listing, popular] = await Promise.all([
    must(cached.GET('/api/v1/search', { params: { query: { limit: 6 } } }), 'the server listing'),
    must(cached.GET('/api/v1/stats/popular', { params: { query: { limit: 6 } } }), 'the most installed servers'),
  ]);
  const tarball = mcpmTarball();
  return (
    <div className="space-y-12">
      <section className="mx-auto max-w-3xl pt-6 text-center">
        <h1 className="text-4xl font-bold tracking-tight">Find the MCP server for the job</h1>
        <p className="mt-3 text-lg text-slate-700 dark:text-slate-300">
          {listing.total > 0
            ? `${listing.total.toLocaleString('en')} Model Context Protocol servers`
            : 'Model Context Protocol servers'}
          , searchable by what they do, installable into any host.
        </p>
        <div className="mt-6 text-left">
          <SearchBox autoFocus />
        </div>
        {listing.total === 0 && (
          <div className="text-left">
            <NoServers />
          </div>
        )}
      </section>

      {listing.total > 0 && (
        <Section id="browse" title="Browse">
          <div className="mt-3 grid gap-4 sm:grid-cols-3">
            {BROWSE.map((facet) => (
              <div key={facet}>
                <h3 className="text-sm font-semibold text-slate-700 dark:text-slate-300">{FACET_LABELS[facet]}</h3>
                <ul className="mt-1 space-y-1">
                  {Object.entries(listing.facets[facet])
                    .filter(([, n]) => n > 0)
                    .sort((a, b) => b[1] - a[1])
                    .map(([value, n]) => (
                      <li key={value}>
                        <Link
                          href={`/search?${facet}=${encodeURIComponent(value)}`}
                          className="text-blue-800 underline dark:text-blue-300"
                        >
                          {facetValueLabel(facet, value)}
                        </Link>{' '}
                        <span className="text-sm text-slate-600 dark:text-slate-400">({n})</span>
                      </li>
                    ))}
                </ul>
              </div>
            ))}
          </div>
        </Section>
      )}

      {popular.servers.length > 0 && (
        <Section id="popular" title="Most installed">
          <ol className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {popular.servers.map((s) => (
              <li
                key={s.name}
                className="min-w-0 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
                data-popular={s.name}
              >
                <Link
                  href={serverHref(s.name)}
                  className="font-semibold break-words text-blue-800 underline dark:text-blue-300"
                >
                  {displayTitle(s)}
                </Link>
                <p className="font-mono text-xs break-all text-slate-600 dark:text-slate-400">{s.name}</p>
                <p className="mt-1 text-sm text-slate-800 dark:text-slate-200">{plainText(s.description)}</p>
                <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                  {s.installs.toLocaleString('en')} {s.installs === 1 ? 'install' : 'installs'} with mcpm
                </p>
              </li>
            ))}
          </ol>
        </Section>
      )}

      {listing.results.length > 0 && (
        <Section
          id="recent"
          title="Recently updated"
          more={
            <Link href="/search" className="text-sm text-blue-800 hover:underline dark:text-blue-300">
              All servers →
            </Link>
          }
        >
          <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {listing.results.map((r) => (
              <ServerCard key={r.name} result={r} />
            ))}
          </div>
        </Section>
      )}

      <Section
        id="mcpm"
        title="Get started with mcpm"
        className="rounded-lg border border-slate-200 p-6 dark:border-slate-700"
      >
        <p className="mt-2 text-slate-700 dark:text-slate-300">
          mcpm installs servers into Claude, Cursor, VS Code, Windsurf, Codex, Gemini CLI and more: pinned versions, a
          lockfile, and secrets kept in your keychain instead of config files.
        </p>
        {tarball ? null : (
          <p className="mt-2 text-slate-700 dark:text-slate-300">
            Install it from the Hub&apos;s source: <code className="font-mono text-sm">pnpm build</code>, then{' '}
            <code className="font-mono text-sm">npm install -g ./apps/mcpm/pack/mcpm.tgz</code> (see the README).
          </p>
        )}
        <ol className="mt-3 space-y-2">
          {[
            ...(tarball ? [`npm install -g ${SITE_URL}/downloads/mcpm.tgz`] : []),
            'mcpm search "read my calendar"',
            'mcpm install <server name>',
          ].map((cmd) => (
            <li key={cmd} className="flex items-center gap-2">
              <code className="min-w-0 flex-1 rounded bg-slate-100 px-3 py-2 font-mono text-sm [overflow-wrap:anywhere] dark:bg-slate-900">
                {cmd}
              </code>
              <CopyButton text={cmd} label="Copy command" />
            </li>
          ))}
        </ol>
      </Section>
    </div>
  );
}
