import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { LaunchServer } from '@mcp-hub/domain';
import { CopyButton } from '../../../components/copy-button';
import { InstallTabs } from '../../../components/install-tabs';
import { formatDate, serverHref } from '../../../lib/format';
import { hub, must, unavailable } from '../../../lib/hub';
import { installInfo } from '../../../lib/snippets';

// Rendered on the first request for a server, then served from the cache and rebuilt in the
// background at most once a minute; dashboard writes revalidate the page at once.
export const revalidate = 60;
export const dynamicParams = true;
export async function generateStaticParams() {
  return [];
}

const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const PROVENANCE = 'io.mcphub/provenance';
/** How a namespace was proven, in words. */
const METHOD_LABELS: Record<string, string> = { github: 'GitHub identity', 'github-org': 'GitHub organization', dns: 'DNS TXT record', http: 'HTTP well-known file' };

interface Official {
  status: 'active' | 'deprecated' | 'deleted';
  statusMessage?: string;
  publishedAt?: string;
  updatedAt?: string;
  isLatest?: boolean;
}
interface Input {
  name?: string;
  description?: string;
  isRequired?: boolean;
  isSecret?: boolean;
  default?: string;
  value?: string;
}
interface Pkg {
  registryType: string;
  identifier: string;
  version?: string;
  registryBaseUrl?: string;
  transport?: { type: string; url?: string };
  environmentVariables?: Input[];
}
interface Remote {
  type: string;
  url: string;
  headers?: Input[];
}
interface ServerDoc {
  name: string;
  title?: string;
  description: string;
  version: string;
  websiteUrl?: string;
  repository?: { url?: string; source?: string; subfolder?: string };
  icons?: { src: string; mimeType?: string; sizes?: string[]; theme?: string }[];
  packages?: Pkg[];
  remotes?: Remote[];
}
interface Entry {
  server: ServerDoc;
  _meta?: Record<string, unknown>;
}
/** Filled by later services (scans, runtime probes, metrics); each section shows only with data. */
interface Capabilities {
  tools?: { name: string; description?: string }[];
  resources?: { uri?: string; name: string; description?: string }[];
  prompts?: { name: string; description?: string }[];
}

type Params = { path: string[] };

/** `[ns, name]` or `[ns, name, 'versions', v]`; anything else is not a server page. */
function parse(path: string[]): { name: string; version?: string } | undefined {
  const p = path.map((s) => decodeURIComponent(s));
  if (p.length === 2) return { name: `${p[0]}/${p[1]}` };
  if (p.length === 4 && p[2] === 'versions') return { name: `${p[0]}/${p[1]}`, version: p[3] };
  return undefined;
}

async function load(name: string, version = 'latest'): Promise<Entry | undefined> {
  const { data, response } = await hub().GET('/v0.1/servers/{serverName}/versions/{version}', { params: { path: { serverName: name, version } } });
  if (response.status === 404 || response.status === 400) return undefined;
  if (data === undefined) throw unavailable(response, `server ${name}`);
  return data as unknown as Entry;
}

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const at = parse((await params).path);
  const entry = at && (await load(at.name, at.version));
  if (!at || !entry) return { title: 'Server not found', robots: { index: false } };
  const s = entry.server;
  const title = `${s.title ?? s.name}${at.version ? ` ${s.version}` : ''}`;
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
  const at = parse((await params).path);
  if (!at) notFound();
  const entry = await load(at.name, at.version);
  if (!entry) notFound();
  const [namespace] = at.name.split('/');
  const [versionsRes, ns] = await Promise.all([
    must(hub().GET('/v0.1/servers/{serverName}/versions', { params: { path: { serverName: at.name } } }), `versions of ${at.name}`),
    must(hub().GET('/api/v1/namespaces/{namespace}', { params: { path: { namespace: namespace! } } }), `namespace ${namespace}`),
  ]);
  const versions = versionsRes.servers as unknown as Entry[];

  const s = entry.server;
  const official = (entry._meta?.[OFFICIAL] ?? { status: 'active' }) as Official;
  const source = (entry._meta?.[PROVENANCE] as { source?: string } | undefined)?.source;
  const caps = entry._meta?.['io.mcphub/capabilities'] as Capabilities | undefined;
  const install = installInfo(s as unknown as LaunchServer, { pinned: at.version !== undefined });
  const envVars = (s.packages ?? []).flatMap((p) => (p.environmentVariables ?? []).filter((e) => e.name && e.value === undefined).map((e) => ({ ...e, pkg: p.identifier })));
  const replacement = official.statusMessage?.match(/\b([a-z0-9-]+(?:\.[a-z0-9-]+)+\/[A-Za-z0-9._-]+)\b/i)?.[1];
  const icon = s.icons?.find((i) => i.src.startsWith('https://'));

  return (
    <article className="space-y-8">
      <header className="flex gap-4">
        {icon && <img src={icon.src} alt="" width={56} height={56} className="h-14 w-14 rounded" />}
        <div className="min-w-0">
          <h1 className="text-3xl font-bold tracking-tight">{s.title ?? s.name}</h1>
          <p className="mt-1 font-mono text-sm text-slate-700 dark:text-slate-300">
            {s.name} <span className="text-slate-500">·</span> v{s.version}
            {official.isLatest === false && !at.version ? null : at.version && official.isLatest ? ' (latest)' : null}
          </p>
          <p className="mt-2 text-lg text-slate-800 dark:text-slate-200">{s.description}</p>
          <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
            <span>
              Namespace <code className="font-mono">{namespace}</code>
              {ns.verified && (
                <span
                  data-verified
                  title={`${namespace} is verified${ns.method ? ` (${METHOD_LABELS[ns.method] ?? ns.method})` : ''}${ns.verifiedAt ? ` since ${formatDate(ns.verifiedAt)}` : ''}`}
                  className="ml-2 inline-flex items-center gap-1 rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100"
                >
                  <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3 w-3 fill-current">
                    <path d="M6.5 11.6 3 8.1l1.1-1.1 2.4 2.4 5.4-5.4L13 5.1z" />
                  </svg>
                  Verified
                </span>
              )}
              {source === 'upstream' && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">mirrored from the official registry</span>}
              {source === 'local' && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">published here</span>}
            </span>
            {s.repository?.url && (
              <a href={s.repository.url} rel="noopener nofollow" className="text-blue-800 underline dark:text-blue-300">
                Repository
              </a>
            )}
            {s.websiteUrl && (
              <a href={s.websiteUrl} rel="noopener nofollow" className="text-blue-800 underline dark:text-blue-300">
                Website
              </a>
            )}
          </p>
        </div>
      </header>

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
        <div className="mt-3 flex items-center gap-2">
          <code className="flex-1 rounded bg-slate-100 px-3 py-2 font-mono text-sm dark:bg-slate-900" data-mcpm>
            {install.mcpm}
          </code>
          <CopyButton text={install.mcpm} label="Copy mcpm command" />
        </div>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">mcpm writes every host you have, pins the version and keeps secrets in your keychain. Or add it by hand:</p>
        {install.snippets.length > 0 ? (
          <div className="mt-3">
            {install.target && <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">Runs {install.target}</p>}
            <InstallTabs snippets={install.snippets} />
          </div>
        ) : (
          <p className="mt-3 text-sm">This server has no package a host can start directly; use mcpm.</p>
        )}
      </section>

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
              <li key={`p${i}`}>
                <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">{p.registryType}</span>{' '}
                <code className="font-mono">
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

      {caps && (caps.tools?.length || caps.resources?.length || caps.prompts?.length) ? (
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
      ) : null}

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
            {versions.map((v) => {
              const m = (v._meta?.[OFFICIAL] ?? {}) as Official;
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
    </article>
  );
}
