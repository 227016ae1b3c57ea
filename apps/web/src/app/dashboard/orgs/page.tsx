import type { Metadata } from 'next';
import Link from 'next/link';
import { problemMessage } from '@mcp-hub/api-client';
import { ActionForm } from '../../../components/action-form';
import { formatDate } from '../../../lib/format';
import { HUB_URL, hub, must } from '../../../lib/hub';
import { sessionToken } from '../../../lib/session';
import { acceptInvitation, createOrg, declineInvitation } from './actions';

export const metadata: Metadata = { title: 'Organizations' };

const input = 'w-full rounded border border-slate-300 bg-white px-3 py-2 dark:border-slate-600 dark:bg-slate-900';
const button = 'rounded border border-slate-400 px-2 py-1 hover:bg-slate-50 dark:hover:bg-slate-800';
const primary = 'rounded bg-blue-700 px-2 py-1 font-semibold text-white hover:bg-blue-800 disabled:opacity-60';

/**
 * The open invitations addressed to the signed-in user, or the sentence to show in their place.
 * A session on an org or instance token speaks for no user (the Hub answers 401): it has none.
 */
async function invitationsFor(token: string) {
  try {
    const { data, error, response } = await hub(token).GET('/api/v1/me/invitations');
    if (data) return { invitations: data.invitations };
    if (response.status === 401) return { invitations: [] };
    return { error: problemMessage(error, `The Hub answered ${response.status} to your invitations.`) };
  } catch (e) {
    return { error: `The Hub at ${HUB_URL} could not be reached (your invitations): ${(e as Error).message}` };
  }
}

export default async function OrgsPage() {
  const token = (await sessionToken())!;
  const [{ orgs }, invited] = await Promise.all([must(hub(token).GET('/api/v1/orgs'), 'your organizations'), invitationsFor(token)]);
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
          <div className="mt-4 overflow-x-auto">
            <table className="w-full text-left text-sm">
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
          </div>
        )}
      </section>
      {(invited.error !== undefined || invited.invitations.length > 0) && (
        <section aria-labelledby="invitations">
          <h2 id="invitations" className="text-xl font-semibold">
            Invitations for you
          </h2>
          {invited.error !== undefined ? (
            <p role="alert" className="mt-3 text-sm text-red-800 dark:text-red-300">
              {invited.error}
            </p>
          ) : (
            <>
              <p className="mt-1 text-slate-700 dark:text-slate-300">Accept one to join that organization with the role offered; until then you see none of its private servers.</p>
              <div className="mt-3 overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="text-slate-700 dark:text-slate-300">
                    <tr>
                      <th className="py-1 pr-3">Organization</th>
                      <th className="py-1 pr-3">Role offered</th>
                      <th className="py-1 pr-3">Invited by</th>
                      <th className="py-1 pr-3">Expires</th>
                      <th className="py-1">Answer</th>
                    </tr>
                  </thead>
                  <tbody>
                    {invited.invitations.map((i) => (
                      <tr key={i.id} className="border-t border-slate-200 align-top dark:border-slate-700" data-my-invitation={i.org}>
                        <td className="py-2 pr-3 font-mono">{i.org}</td>
                        <td className="py-2 pr-3" data-invitation-role>
                          {i.role}
                        </td>
                        <td className="py-2 pr-3 font-mono" data-invited-by>
                          {i.invitedBy}
                        </td>
                        <td className="py-2 pr-3">
                          <time dateTime={i.expiresAt}>{formatDate(i.expiresAt)}</time>
                        </td>
                        <td className="py-2">
                          <div className="flex max-w-md flex-wrap items-start gap-2">
                            <ActionForm action={acceptInvitation}>
                              <input type="hidden" name="id" value={i.id} />
                              <input type="hidden" name="org" value={i.org} />
                              <button type="submit" className={primary}>
                                Accept<span className="sr-only"> the invitation to {i.org}</span>
                              </button>
                            </ActionForm>
                            <ActionForm action={declineInvitation} confirm={`Decline the invitation to ${i.org}? To join later, an admin of ${i.org} must invite you again.`}>
                              <input type="hidden" name="id" value={i.id} />
                              <input type="hidden" name="org" value={i.org} />
                              <button type="submit" className={button}>
                                Decline<span className="sr-only"> the invitation to {i.org}</span>
                              </button>
                            </ActionForm>
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </section>
      )}
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
