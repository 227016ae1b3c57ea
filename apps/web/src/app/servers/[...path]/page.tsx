import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { SearchResult } from '@mcp-hub/api-client';
import { type ReadmeAnswer, displayTitle, isDotSegment } from '@mcp-hub/domain';
import { InstallSection } from '../../../components/install-tabs';
import { serverHref } from '../../../lib/format';
import { HubUnavailable, found, hub, must, unavailable } from '../../../lib/hub';
import { installInfo } from '../../../lib/snippets';
import { CapabilitiesSection } from '../_components/capabilities';
import { DeprecationNotice } from '../_components/deprecation-notice';
import { DriftWarning } from '../_components/drift-warning';
import { EnvironmentVariables } from '../_components/environment-variables';
import { HealthPanel } from '../_components/health-panel';
import { type InstallDays, InstallsChart } from '../_components/installs-chart';
import { NotYet } from '../_components/not-yet';
import { PackagesAndRemotes } from '../_components/packages-and-remotes';
import { ReadmeSection } from '../_components/readme-section';
import { RelatedServers } from '../_components/related-servers';
import { ServerFacts } from '../_components/server-facts';
import { ServerHeader } from '../_components/server-header';
import { ServerTabs } from '../_components/server-tabs';
import { VersionsTable } from '../_components/versions-table';
import { parseServerPath } from '../_lib/route';
import { type Entry, OFFICIAL, type Official, PROVENANCE } from '../_lib/types';
import { Section } from '../../../components/section';

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
  const { data, response } = await shared().GET('/v0.1/servers/{serverName}/versions/{version}', {
    params: { path: { serverName: name, version } },
  });
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

/**
 * A section's data, or undefined when the Hub has none to give (404) or cannot give it now (5xx,
 * unreachable): a part the Runtime service fills must never take the page down with it.
 */
async function section<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>, what: string) {
  try {
    return await found(call, what);
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
  const [versionsRes, ns, readme, installs, related, caps, health] = await Promise.all([
    must(shared().GET('/v0.1/servers/{serverName}/versions', server), `versions of ${at.name}`),
    // A "." or ".." namespace (mirrored as upstream has it) has no addressable record and is never verified.
    isDotSegment(namespace!)
      ? undefined
      : must(
          shared().GET('/api/v1/namespaces/{namespace}', { params: { path: { namespace: namespace! } } }),
          `namespace ${namespace}`,
        ),
    optional(shared().GET('/api/v1/servers/{serverName}/readme', server)),
    optional(
      shared().GET('/api/v1/servers/{serverName}/installs', { params: { ...server.params, query: { days: 30 } } }),
    ),
    optional(
      shared().GET('/api/v1/servers/{serverName}/related', { params: { ...server.params, query: { limit: 6 } } }),
    ),
    section(
      shared().GET('/api/v1/servers/{serverName}/versions/{version}/capabilities', {
        params: { path: { serverName: at.name, version: at.version ?? 'latest' } },
      }),
      `capabilities of ${at.name}`,
    ),
    section(shared().GET('/api/v1/servers/{serverName}/health', server), `health of ${at.name}`),
  ]);
  const versions = versionsRes.servers as unknown as Entry[];

  const s = entry.server;
  const official = (entry._meta?.[OFFICIAL] ?? { status: 'active' }) as Official;
  const source = (entry._meta?.[PROVENANCE] as { source?: string } | undefined)?.source;
  const install = installInfo(s, { pinned: at.version !== undefined });
  const history = versions.map((v) => (v._meta?.[OFFICIAL] ?? {}) as Partial<Official>);
  const firstPublished = history
    .map((m) => m.publishedAt)
    .filter((d): d is string => !!d)
    .sort()[0];
  const lastUpdated = history
    .map((m) => m.updatedAt ?? m.publishedAt)
    .filter((d): d is string => !!d)
    .sort()
    .at(-1);

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
      <EnvironmentVariables server={s} />
      <PackagesAndRemotes server={s} />
      <VersionsTable name={s.name} current={s.version} versions={versions} history={history} />
      {related && <RelatedServers results={related.results as SearchResult[]} basis={related.basis} />}
    </div>
  );

  return (
    <article className="space-y-6">
      <ServerHeader
        server={s}
        pinned={at.version !== undefined}
        isLatest={official.isLatest}
        namespace={namespace!}
        ns={ns}
        source={source}
      />
      <ServerFacts
        license={readme?.license}
        repositoryUrl={s.repository?.url}
        websiteUrl={s.websiteUrl}
        publishedAt={firstPublished}
        updatedAt={lastUpdated}
        installs={installs?.total}
      />
      <DeprecationNotice official={official} name={s.name} />
      <DriftWarning events={health?.drift ?? []} />

      <Section id="install" title="Install">
        <InstallSection install={install} />
      </Section>

      <ServerTabs
        tabs={[
          { id: 'overview', label: 'Overview', content: overview },
          { id: 'capabilities', label: 'Capabilities', content: <CapabilitiesSection caps={caps} /> },
          {
            id: 'security',
            label: 'Security',
            content: (
              <NotYet
                title="Security"
                what="Not scanned yet: the Hub has not checked this server's packages for known vulnerabilities or risky permissions."
              />
            ),
          },
          {
            id: 'health',
            label: 'Health',
            content: <HealthPanel health={health} now={new Date()} />,
          },
        ]}
      />
    </article>
  );
}
