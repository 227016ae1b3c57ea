import type { Metadata } from 'next';
import Link from 'next/link';
import { ActionForm } from '../../components/action-form';
import { DataTable, rowClass } from '../../components/data-table';
import { ButtonForm } from '../../components/button-form';
import { HiddenFields } from '../../components/hidden-fields';
import { buttonClass, smallInputClass } from '../../components/styles';
import { formatDate, serverHref } from '../../lib/format';
import { hub, must } from '../../lib/hub';
import { sessionToken } from '../../lib/session';
import { setStatus } from './actions';
import { setVisibility } from './orgs/actions';
import { Section } from '../../components/section';

export const metadata: Metadata = { title: 'My servers' };

type Params = Record<string, string | string[] | undefined>;
type Source = 'local' | 'upstream' | 'all';

/**
 * Which servers to list. Those published here come first (they are the ones managed from this
 * page); mirrored ones are managed upstream, and for an admin they are every server the Hub mirrors.
 */
const SOURCES: { value: Source; label: string }[] = [
  { value: 'local', label: 'Published here' },
  { value: 'upstream', label: 'Mirrored' },
  { value: 'all', label: 'All' },
];

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function MyServers({ searchParams }: { searchParams: Promise<Params> }) {
  const sp = await searchParams;
  const cursor = one(sp.cursor);
  const source: Source = SOURCES.some((s) => s.value === one(sp.source)) ? (one(sp.source) as Source) : 'local';
  const q = one(sp.q)?.trim().slice(0, 200) ?? '';
  const token = (await sessionToken())!;
  const page = await must(
    hub(token).GET('/api/v1/me/servers', {
      params: {
        query: {
          limit: 25,
          ...(source === 'all' ? {} : { source }),
          ...(q ? { q } : {}),
          ...(cursor ? { cursor } : {}),
        },
      },
    }),
    'your servers',
  );
  const href = (next: { source?: Source; cursor?: string }) => {
    const p = new URLSearchParams();
    const s = next.source ?? source;
    if (s !== 'local') p.set('source', s);
    if (q) p.set('q', q);
    if (next.cursor) p.set('cursor', next.cursor);
    const qs = p.toString();
    return qs ? `/dashboard?${qs}` : '/dashboard';
  };
  return (
    <Section id="mine" title="My servers" page>
      <div className="mt-3 flex flex-wrap items-center gap-x-6 gap-y-2">
        <nav aria-label="Which servers" className="flex gap-1 text-sm">
          {SOURCES.map((s) => (
            <Link
              key={s.value}
              href={href({ source: s.value })}
              aria-current={s.value === source ? 'page' : undefined}
              className={`rounded px-2 py-1 ${s.value === source ? 'bg-blue-700 font-semibold text-white' : 'text-slate-800 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800'}`}
            >
              {s.label}
            </Link>
          ))}
        </nav>
        <form action="/dashboard" method="get" role="search" className="flex min-w-0 gap-2 text-sm">
          {source !== 'local' && <input type="hidden" name="source" value={source} />}
          <input
            type="search"
            name="q"
            defaultValue={q}
            maxLength={200}
            aria-label="Search by name"
            placeholder="Name contains…"
            className="w-48 min-w-0 rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
          />
          <button type="submit" className={buttonClass}>
            Find
          </button>
        </form>
      </div>
      {page.servers.length === 0 ? (
        <p className="mt-4" data-no-servers>
          {q
            ? `No servers whose name contains “${q}” here.`
            : source === 'upstream'
              ? 'No mirrored servers in your namespace.'
              : 'No servers published here in your namespace yet.'}{' '}
          {source === 'local' && !q && (
            <>
              <Link href="/dashboard/publish" className="text-blue-800 underline dark:text-blue-300">
                Publish one
              </Link>
              , or see the{' '}
              <Link href={href({ source: 'upstream' })} className="text-blue-800 underline dark:text-blue-300">
                mirrored ones
              </Link>
              .
            </>
          )}
        </p>
      ) : (
        <div className="mt-4 space-y-6">
          {page.servers.map((s) => (
            <div
              key={s.name}
              className="min-w-0 rounded-lg border border-slate-200 p-4 dark:border-slate-700"
              data-my-server={s.name}
            >
              <h2 className="font-semibold break-words">
                <Link href={serverHref(s.name)} className="text-blue-800 underline dark:text-blue-300">
                  {s.name}
                </Link>
                {s.source === 'upstream' && (
                  <span className="ml-2 text-xs font-normal text-slate-600 dark:text-slate-400">
                    mirrored: manage it in the official registry
                  </span>
                )}
              </h2>
              {s.source === 'local' && s.org && (
                <ActionForm action={setVisibility} className="mt-2 flex flex-wrap items-center gap-2 text-sm">
                  <input type="hidden" name="name" value={s.name} />
                  <span className="text-slate-700 dark:text-slate-300">
                    Organization <code className="font-mono">{s.org}</code>:
                  </span>
                  <label htmlFor={`visibility-${s.name}`}>
                    Visibility<span className="sr-only"> of {s.name}</span>
                  </label>
                  <select
                    id={`visibility-${s.name}`}
                    name="visibility"
                    defaultValue={s.visibility}
                    className={smallInputClass}
                  >
                    <option value="public">public</option>
                    <option value="private">private (the organization only)</option>
                  </select>
                  <button type="submit" className={buttonClass}>
                    Set visibility
                  </button>
                </ActionForm>
              )}
              <DataTable
                className="mt-2"
                columns={['Version', 'Status', 'Published', s.source === 'local' && 'Actions']}
              >
                {s.versions.map((v) => (
                  <tr key={v.version} className={rowClass(true)} data-version={v.version}>
                    <td className="py-2 pr-3 font-mono">
                      {v.version}
                      {v.isLatest && <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">latest</span>}
                    </td>
                    <td className="py-2 pr-3">
                      <span data-status>{v.unpublishedAt ? 'unpublished' : v.status}</span>
                      {v.statusMessage && (
                        <div className="text-xs text-slate-600 dark:text-slate-400">{v.statusMessage}</div>
                      )}
                    </td>
                    <td className="py-2 pr-3">{formatDate(v.publishedAt)}</td>
                    {s.source === 'local' && (
                      <td className="py-2">
                        {v.status === 'deleted' ? (
                          <span className="text-slate-600 dark:text-slate-400">none (unpublished)</span>
                        ) : (
                          <div className="flex flex-wrap gap-2">
                            {v.status === 'active' ? (
                              <ActionForm action={setStatus} className="flex gap-1">
                                <HiddenFields values={{ name: s.name, version: v.version, status: 'deprecated' }} />
                                <label className="sr-only" htmlFor={`msg-${s.name}-${v.version}`}>
                                  Deprecation message for {v.version}
                                </label>
                                <input
                                  id={`msg-${s.name}-${v.version}`}
                                  name="statusMessage"
                                  placeholder="Why, and what to use instead"
                                  maxLength={500}
                                  className="w-56 rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
                                />
                                <button
                                  type="submit"
                                  className="rounded border border-amber-600 px-2 py-1 text-amber-900 hover:bg-amber-50 dark:text-amber-200 dark:hover:bg-amber-950"
                                >
                                  Deprecate
                                </button>
                              </ActionForm>
                            ) : (
                              <ButtonForm
                                action={setStatus}
                                values={{ name: s.name, version: v.version, status: 'active' }}
                                buttonClassName={buttonClass}
                              >
                                Undeprecate
                              </ButtonForm>
                            )}
                            {v.canUnpublish && (
                              <ButtonForm
                                action={setStatus}
                                values={{ name: s.name, version: v.version, status: 'deleted' }}
                                confirm={`Unpublish ${s.name}@${v.version}? The version number stays taken.`}
                                buttonClassName="rounded border border-red-600 px-2 py-1 text-red-800 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950"
                              >
                                Unpublish
                              </ButtonForm>
                            )}
                          </div>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </DataTable>
            </div>
          ))}
        </div>
      )}
      {page.nextCursor && (
        <p className="mt-6">
          <Link href={href({ cursor: page.nextCursor })} className="text-blue-800 underline dark:text-blue-300">
            More servers →
          </Link>
        </p>
      )}
    </Section>
  );
}
