import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { SearchResult } from '@mcp-hub/api-client';
import { displayTitle, isDotSegment } from '@mcp-hub/domain';
import { InstallSection } from '../../../components/install-tabs';
import { formatDate, serverHref } from '../../../lib/format';
import { HubUnavailable, hub, must, unavailable } from '../../../lib/hub';
import { type InstallableServer, installInfo } from '../../../lib/snippets';
import { type InstallDays, InstallsChart } from '../_components/installs-chart';
import { type ReadmeAnswer, ReadmeSection } from '../_components/readme-section';
import { RelatedServers } from '../_components/related-servers';
import { ServerFacts } from '../_components/server-facts';
import { ServerHeader } from '../_components/server-header';
import { ServerTabs } from '../_components/server-tabs';
import { parseServerPath } from '../_lib/route';
import { CAPABILITIES, type Capabilities, type Entry, OFFICIAL, type Official, PROVENANCE } from '../_lib/types';

// Rendered on the first request for a server, then served from the cache and rebuilt in the
// background at most once a minute; dashboard writes revalidate the page at once. A render is
// shared by every visitor, so its Hub reads are the site's own (`shared`), kept in the data cache.
export const revalidate = 60;
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

type Params = { path: string[] };

const shared = () => hub(undefined, { revalidate });

async function load(name: string, version = 'latest'): Promise<Entry | undefined> {
  const { data, response } = await shared().GET('/v0.1/servers/{serverName}/versions/{version}', { params: { path: { serverName: name, version } } });
  if (response.status === 404 || response.status === 400) return undefined;
  if (data === undefined) throw unavailable(response, `server ${name}`);
  return data as unknown as Entry;
}

/** A section's data, or undefined when the Hub cannot give it now: the page shows without that section. */
async function optional<T>(call: Promise<{ data?: T }>): Promise<T | undefined> {
  try {
    return (await call).data;
  } catch (e) {
    if (e instanceof HubUnavailable) return undefined;
    throw e;
  }
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const at = parseServerPath((await params).path);
  const entry = at && (await load(at.name, at.version));
  if (!at || !entry) return { title: 'Server not found', robots: { index: false } };
  const s = entry.server;
  const title = `${displayTitle(s)}${at.version ? ` ${s.version}` : ''}`;
  return {
    title,
    description: s.description,
    alternates: { canonical: serverHref(s.name, at.version) },
    openGraph: { title: `${title} · MCP Hub`, description: s.description, type: 'website' },
    // Version pages duplicate the server page; the latest one is what search engines should list.
    robots: at.version ? { index: false, follow: true } : undefined,
  };
}

export default async function ServerPage({ params }: { params: Promise<Params> }) {
  const at = parseServerPath((await params).path);
  if (!at) notFound();
  const entry = await load(at.name, at.version);
  if (!entry) notFound();
  const [namespace] = at.name.split('/');
  const server = { params: { path: { serverName: at.name } } };
  const [versionsRes, ns, readme, installs, related] = await Promise.all([
    must(shared().GET('/v0.1/servers/{serverName}/versions', server), `versions of ${at.name}`),
    // A "." or ".." namespace (mirrored as upstream has it) has no addressable record and is never verified.
    isDotSegment(namespace!) ? undefined : must(shared().GET('/api/v1/namespaces/{namespace}', { params: { path: { namespace: namespace! } } }), `namespace ${namespace}`),
    optional(shared().GET('/api/v1/servers/{serverName}/readme', server)),
    optional(shared().GET('/api/v1/servers/{serverName}/installs', { params: { ...server.params, query: { days: 30 } } })),
    optional(shared().GET('/api/v1/servers/{serverName}/related', { params: { ...server.params, query: { limit: 6 } } })),
  ]);
  const versions = versionsRes.servers as unknown as Entry[];

  const s = entry.server;
  const official = (entry._meta?.[OFFICIAL] ?? { status: 'active' }) as Official;
  const source = (entry._meta?.[PROVENANCE] as { source?: string } | undefined)?.source;
  const caps = entry._meta?.[CAPABILITIES] as Capabilities | undefined;
  const install = installInfo(s as unknown as InstallableServer, { pinned: at.version !== undefined });
  const envVars = (s.packages ?? []).flatMap((p) => (p.environmentVariables ?? []).filter((e) => e.name && e.value === undefined).map((e) => ({ ...e, pkg: p.identifier })));
  const replacement = official.statusMessage?.match(/\b([a-z0-9-]+(?:\.[a-z0-9-]+)+\/[A-Za-z0-9._-]+)\b/i)?.[1];
  const history = versions.map((v) => (v._meta?.[OFFICIAL] ?? {}) as Official);
  const firstPublished = history.map((m) => m.publishedAt).filter((d): d is string => !!d).sort()[0];
  const lastUpdated = history.map((m) => m.updatedAt ?? m.publishedAt).filter((d): d is string => !!d).sort().at(-1);

  const overview = (
    <div className="space-y-8">
      <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <ReadmeSection readme={readme as ReadmeAnswer | undefined} />
        {installs && (
          <aside className="min-w-0">
            <InstallsChart data={installs as InstallDays} />
          </aside>
        )}
      </div>

      {envVars.length > 0 && (
        <section aria-labelledby="env">
          <h2 id="env" className="text-xl font-semibold">
            Environment variables
          </h2>
          <table className="mt-3 w-full text-left text-sm">
            <thead className="text-slate-700 dark:text-slate-300">
              <tr>
                <th className="py-1 pr-4">Name</th>
                <th className="py-1 pr-4">Required</th>
                <th className="py-1">Description</th>
              </tr>
            </thead>
            <tbody>
              {envVars.map((e) => (
                <tr key={`${e.pkg}:${e.name}`} className="border-t border-slate-200 dark:border-slate-700">
                  <td className="py-1 pr-4 font-mono">
                    {e.name}
                    {e.isSecret && <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-900 dark:bg-red-900 dark:text-red-100">secret</span>}
                  </td>
                  <td className="py-1 pr-4">{e.isRequired ? 'yes' : e.default !== undefined ? `no (default ${e.default})` : 'no'}</td>
                  <td className="py-1">{e.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {((s.packages?.length ?? 0) > 0 || (s.remotes?.length ?? 0) > 0) && (
        <section aria-labelledby="packages">
          <h2 id="packages" className="text-xl font-semibold">
            Packages and remotes
          </h2>
          <ul className="mt-3 space-y-1 text-sm">
            {(s.packages ?? []).map((p, i) => (
              <li key={`p${i}`} className="break-words">
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">{p.registryType}</span>{' '}
                <code className="font-mono break-all">
                  {p.identifier}
                  {p.version ? `@${p.version}` : ''}
                </code>{' '}
                <span className="text-slate-600 dark:text-slate-400">({p.transport?.type ?? 'stdio'})</span>
              </li>
            ))}
            {(s.remotes ?? []).map((r, i) => (
              <li key={`r${i}`}>
                <span className="rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">remote</span>{' '}
                <code className="font-mono break-all">{r.url}</code> <span className="text-slate-600 dark:text-slate-400">({r.type})</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="versions">
        <h2 id="versions" className="text-xl font-semibold">
          Versions
        </h2>
        <table className="mt-3 w-full text-left text-sm">
          <thead className="text-slate-700 dark:text-slate-300">
            <tr>
              <th className="py-1 pr-4">Version</th>
              <th className="py-1 pr-4">Status</th>
              <th className="py-1">Published</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v, i) => {
              const m = history[i]!;
              return (
                <tr key={v.server.version} className="border-t border-slate-200 dark:border-slate-700">
                  <td className="py-1 pr-4 font-mono">
                    <Link href={serverHref(s.name, v.server.version)} aria-current={v.server.version === s.version ? 'page' : undefined} className="text-blue-800 underline dark:text-blue-300">
                      {v.server.version}
                    </Link>
                    {m.isLatest && <span className="ml-2 text-xs text-slate-600 dark:text-slate-400">latest</span>}
                  </td>
                  <td className="py-1 pr-4">{m.status ?? 'active'}</td>
                  <td className="py-1">{formatDate(m.publishedAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      {related && <RelatedServers results={related.results as SearchResult[]} basis={related.basis} />}
    </div>
  );

  const tools = caps && (caps.tools?.length || caps.resources?.length || caps.prompts?.length) ? (
    <section aria-labelledby="capabilities">
      <h2 id="capabilities" className="text-xl font-semibold">
        Capabilities
      </h2>
      {(['tools', 'resources', 'prompts'] as const).map((k) =>
        caps[k]?.length ? (
          <div key={k} className="mt-3">
            <h3 className="font-semibold capitalize">{k}</h3>
            <ul className="mt-1 space-y-1 text-sm">
              {caps[k]!.map((c) => (
                <li key={c.name}>
                  <code className="font-mono">{c.name}</code> {c.description && <span className="text-slate-700 dark:text-slate-300">: {c.description}</span>}
                </li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
    </section>
  ) : (
    <NotYet title="Tools" what="Not inspected yet: the Hub has not started this server to list its tools, resources and prompts." />
  );

  return (
    <article className="space-y-6">
      <ServerHeader server={s} pinned={at.version !== undefined} isLatest={official.isLatest} namespace={namespace!} ns={ns} source={source} />
      <ServerFacts license={readme?.license} repositoryUrl={s.repository?.url} websiteUrl={s.websiteUrl} publishedAt={firstPublished} updatedAt={lastUpdated} installs={installs?.total} />

      {official.status === 'deprecated' && (
        <div role="status" className="rounded border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100" data-deprecated>
          <p className="font-semibold">This version is deprecated.</p>
          {official.statusMessage && <p className="mt-1">{official.statusMessage}</p>}
          {replacement && replacement !== s.name && (
            <p className="mt-1">
              Use instead:{' '}
              <Link href={serverHref(replacement)} className="underline">
                {replacement}
              </Link>
            </p>
          )}
        </div>
      )}

      <section aria-labelledby="install">
        <h2 id="install" className="text-xl font-semibold">
          Install
        </h2>
        <InstallSection install={install} />
      </section>

      <ServerTabs
        tabs={[
          { id: 'overview', label: 'Overview', content: overview },
          { id: 'tools', label: 'Tools', content: tools },
          { id: 'security', label: 'Security', content: <NotYet title="Security" what="Not scanned yet: the Hub has not checked this server's packages for known vulnerabilities or risky permissions." /> },
          { id: 'health', label: 'Health', content: <NotYet title="Health" what="Not checked yet: the Hub has not probed this server's remotes or packages to see whether they start and answer." /> },
        ]}
      />
    </article>
  );
}

/** An honest placeholder for a section whose data the Hub does not collect yet: no invented figures. */
function NotYet({ title, what }: { title: string; what: string }) {
  return (
    <section aria-label={title} className="rounded-lg border border-dashed border-slate-300 p-6 dark:border-slate-600" data-not-yet={title.toLowerCase()}>
      <p className="text-sm font-semibold">
        {title} <span className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-300">not available yet</span>
      </p>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{what}</p>
    </section>
  );
}
