import Link from 'next/link';
import { ActionForm } from '../../../components/action-form';
import { formatDate } from '../../../lib/format';
import { hub, must } from '../../../lib/hub';
import { sessionToken } from '../../../lib/session';
import { createOrg } from './actions';

const input = 'w-full rounded border border-slate-300 bg-white px-3 py-2 dark:border-slate-600 dark:bg-slate-900';

export default async function OrgsPage() {
  const token = (await sessionToken())!;
  const { orgs } = await must(hub(token).GET('/api/v1/orgs'), 'your organizations');
  return (
    <div className="space-y-8">
      <section aria-labelledby="orgs">
        <h1 id="orgs" className="text-2xl font-bold">
          Organizations
        </h1>
        <p className="mt-1 text-slate-700 dark:text-slate-300">Organizations own namespaces, private servers and their own tokens; members act with the role they were given.</p>
        {orgs.length === 0 ? (
          <p className="mt-4" data-no-orgs>
            You belong to no organization yet. Create one below, or ask an admin of one to add you.
          </p>
        ) : (
          <table className="mt-4 w-full text-left text-sm">
            <thead className="text-slate-700 dark:text-slate-300">
              <tr>
                <th className="py-1 pr-3">Organization</th>
                <th className="py-1 pr-3">Your role</th>
                <th className="py-1 pr-3">Default visibility</th>
                <th className="py-1 pr-3">Allow-list</th>
                <th className="py-1">Created</th>
              </tr>
            </thead>
            <tbody>
              {orgs.map((o) => (
                <tr key={o.name} className="border-t border-slate-200 dark:border-slate-700" data-org={o.name}>
                  <td className="py-2 pr-3">
                    <Link href={`/dashboard/orgs/${encodeURIComponent(o.name)}`} className="font-mono text-blue-800 underline dark:text-blue-300">
                      {o.name}
                    </Link>
                  </td>
                  <td className="py-2 pr-3" data-org-role>
                    {o.role ?? 'instance admin'}
                  </td>
                  <td className="py-2 pr-3">{o.defaultVisibility}</td>
                  <td className="py-2 pr-3">{o.allowListEnabled ? 'on' : 'off'}</td>
                  <td className="py-2">{formatDate(o.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="new-org">
        <h2 id="new-org" className="text-xl font-semibold">
          Create organization
        </h2>
        <ActionForm action={createOrg} className="mt-3 grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="org-name" className="block text-sm font-medium">
              Name
            </label>
            <input id="org-name" name="name" required maxLength={39} className={`${input} font-mono`} aria-describedby="org-name-help" />
            <p id="org-name-help" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
              Lowercase letters, digits and single hyphens, e.g. acme
            </p>
          </div>
          <div>
            <label htmlFor="org-visibility" className="block text-sm font-medium">
              Default visibility
            </label>
            <select id="org-visibility" name="defaultVisibility" defaultValue="public" className={input} aria-describedby="org-visibility-help">
              <option value="public">public</option>
              <option value="private">private</option>
            </select>
            <p id="org-visibility-help" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
              What the org&apos;s new servers are, until someone changes one
            </p>
          </div>
          <div className="sm:col-span-2">
            <button type="submit" className="rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-60">
              Create organization
            </button>
          </div>
        </ActionForm>
      </section>
    </div>
  );
}
