import Link from 'next/link';
import { ActionForm } from '../../../../../components/action-form';
import { buttonClass, smallInputClass } from '../../../../../components/styles';
import { formatDate } from '../../../../../lib/format';
import { updateOrg } from '../../actions';
import type { HubGet } from './part';

/** The org's name, the caller's standing in it, its namespaces and its settings (a form for an admin). */
export function OrgOverview({
  org,
  detail,
  role,
  instanceAdmin,
  canAdmin,
}: {
  org: string;
  detail: HubGet<'/api/v1/orgs/{org}'>;
  role?: string;
  instanceAdmin: boolean;
  canAdmin: boolean;
}) {
  return (
    <section aria-labelledby="org-overview">
      <p className="text-sm">
        <Link href="/dashboard/orgs" className="text-blue-800 underline dark:text-blue-300">
          ← Organizations
        </Link>
      </p>
      <h1 id="org-overview" className="mt-2 text-2xl font-bold">
        <span className="font-mono">{detail.name}</span>
      </h1>
      <p className="mt-1 text-slate-700 dark:text-slate-300" data-my-role>
        {role ? (
          <>
            You are <strong>{role}</strong> here.
          </>
        ) : instanceAdmin ? (
          'You see this organization as an instance admin.'
        ) : null}{' '}
        Created {formatDate(detail.createdAt)}.
      </p>
      <h2 className="mt-4 text-lg font-semibold">Namespaces</h2>
      {detail.namespaces.length === 0 ? (
        <p className="mt-1 text-sm" data-namespaces>
          None yet. Prove a domain you control (DNS or HTTP), or ask an instance admin to assign one.
        </p>
      ) : (
        <ul className="mt-1 flex flex-wrap gap-2" data-namespaces>
          {detail.namespaces.map((n) => (
            <li key={n} className="rounded bg-slate-100 px-2 py-0.5 font-mono text-sm dark:bg-slate-800">
              {n}
            </li>
          ))}
        </ul>
      )}
      <h2 className="mt-4 text-lg font-semibold">Settings</h2>
      {canAdmin ? (
        <ActionForm action={updateOrg} className="mt-2 flex flex-wrap items-end gap-4">
          <input type="hidden" name="org" value={org} />
          <div>
            <label htmlFor="org-default-visibility" className="block text-sm font-medium">
              Default visibility
            </label>
            <select
              id="org-default-visibility"
              name="defaultVisibility"
              defaultValue={detail.defaultVisibility}
              className={smallInputClass}
            >
              <option value="public">public</option>
              <option value="private">private</option>
            </select>
          </div>
          <label className="inline-flex items-center gap-2 pb-1">
            <input type="checkbox" name="allowListEnabled" defaultChecked={detail.allowListEnabled} /> Allow-list on
            (the org&apos;s registry view lists only approved servers)
          </label>
          <button type="submit" className={buttonClass}>
            Save settings
          </button>
        </ActionForm>
      ) : (
        <p className="mt-1 text-sm">
          Default visibility <strong>{detail.defaultVisibility}</strong>; allow-list{' '}
          <strong>{detail.allowListEnabled ? 'on' : 'off'}</strong>.
        </p>
      )}
    </section>
  );
}
