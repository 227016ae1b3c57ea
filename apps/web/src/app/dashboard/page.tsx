import Link from 'next/link';
import { ActionForm } from '../../components/action-form';
import { formatDate, serverHref } from '../../lib/format';
import { hub, must } from '../../lib/hub';
import { sessionToken } from '../../lib/session';
import { setStatus } from './actions';
import { setVisibility } from './orgs/actions';

type Params = Record<string, string | string[] | undefined>;

export default async function MyServers({ searchParams }: { searchParams: Promise<Params> }) {
  const cursor = (await searchParams).cursor;
  const token = (await sessionToken())!;
  const page = await must(
    hub(token).GET('/api/v1/me/servers', { params: { query: { limit: 25, ...(typeof cursor === 'string' ? { cursor } : {}) } } }),
    'your servers',
  );
  return (
    <section aria-labelledby="mine">
      <h1 id="mine" className="text-2xl font-bold">
        My servers
      </h1>
      {page.servers.length === 0 ? (
        <p className="mt-4">
          No servers in your namespace yet. <Link href="/dashboard/publish" className="text-blue-800 underline dark:text-blue-300">Publish one</Link>.
        </p>
      ) : (
        <div className="mt-4 space-y-6">
          {page.servers.map((s) => (
            <div key={s.name} className="rounded-lg border border-slate-200 p-4 dark:border-slate-700" data-my-server={s.name}>
              <h2 className="font-semibold">
                <Link href={serverHref(s.name)} className="text-blue-800 underline dark:text-blue-300">
                  {s.name}
                </Link>
                {s.source === 'upstream' && <span className="ml-2 text-xs font-normal text-slate-600 dark:text-slate-400">mirrored: manage it in the official registry</span>}
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
                    className="rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-900"
                  >
                    <option value="public">public</option>
                    <option value="private">private (the organization only)</option>
                  </select>
                  <button type="submit" className="rounded border border-slate-400 px-2 py-1 hover:bg-slate-50 dark:hover:bg-slate-800">
                    Set visibility
                  </button>
                </ActionForm>
              )}
              <table className="mt-2 w-full text-left text-sm">
                <thead className="text-slate-700 dark:text-slate-300">
                  <tr>
                    <th className="py-1 pr-3">Version</th>
                    <th className="py-1 pr-3">Status</th>
                    <th className="py-1 pr-3">Published</th>
                    <th className="py-1">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {s.versions.map((v) => (
                    <tr key={v.version} className="border-t border-slate-200 align-top dark:border-slate-700" data-version={v.version}>
                      <td className="py-2 pr-3 font-mono">
                        {v.version}
                        {v.isLatest && <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">latest</span>}
                      </td>
                      <td className="py-2 pr-3">
                        <span data-status>{v.unpublishedAt ? 'unpublished' : v.status}</span>
                        {v.statusMessage && <div className="text-xs text-slate-600 dark:text-slate-400">{v.statusMessage}</div>}
                      </td>
                      <td className="py-2 pr-3">{formatDate(v.publishedAt)}</td>
                      <td className="py-2">
                        {s.source === 'local' && v.status !== 'deleted' && (
                          <div className="flex flex-wrap gap-2">
                            {v.status === 'active' ? (
                              <ActionForm action={setStatus} className="flex gap-1">
                                <input type="hidden" name="name" value={s.name} />
                                <input type="hidden" name="version" value={v.version} />
                                <input type="hidden" name="status" value="deprecated" />
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
                                <button type="submit" className="rounded border border-amber-600 px-2 py-1 text-amber-900 hover:bg-amber-50 dark:text-amber-200 dark:hover:bg-amber-950">
                                  Deprecate
                                </button>
                              </ActionForm>
                            ) : (
                              <ActionForm action={setStatus}>
                                <input type="hidden" name="name" value={s.name} />
                                <input type="hidden" name="version" value={v.version} />
                                <input type="hidden" name="status" value="active" />
                                <button type="submit" className="rounded border border-slate-400 px-2 py-1 hover:bg-slate-50 dark:hover:bg-slate-800">
                                  Undeprecate
                                </button>
                              </ActionForm>
                            )}
                            {v.canUnpublish && (
                              <ActionForm action={setStatus} confirm={`Unpublish ${s.name}@${v.version}? The version number stays taken.`}>
                                <input type="hidden" name="name" value={s.name} />
                                <input type="hidden" name="version" value={v.version} />
                                <input type="hidden" name="status" value="deleted" />
                                <button type="submit" className="rounded border border-red-600 px-2 py-1 text-red-800 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950">
                                  Unpublish
                                </button>
                              </ActionForm>
                            )}
                          </div>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </div>
      )}
      {page.nextCursor && (
        <p className="mt-6">
          <Link href={`/dashboard?cursor=${encodeURIComponent(page.nextCursor)}`} className="text-blue-800 underline dark:text-blue-300">
            More servers →
          </Link>
        </p>
      )}
    </section>
  );
}
