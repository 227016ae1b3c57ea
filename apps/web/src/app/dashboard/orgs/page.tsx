import type { Metadata } from 'next';
import Link from 'next/link';
import { problemMessage } from '@mcp-hub/api-client';
import { ActionForm } from '../../../components/action-form';
import { DataTable, rowClass } from '../../../components/data-table';
import { ButtonForm } from '../../../components/button-form';
import { buttonClass as button, inputClass as input, mutedClass, primaryButtonClass } from '../../../components/styles';
import { formatDate } from '../../../lib/format';
import { HUB_URL, hub, must } from '../../../lib/hub';
import { sessionToken } from '../../../lib/session';
import { acceptInvitation, createOrg, declineInvitation } from './actions';
import { Section } from '../../../components/section';

export const metadata: Metadata = { title: 'Organizations' };

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
  const [{ orgs }, invited] = await Promise.all([
    must(hub(token).GET('/api/v1/orgs'), 'your organizations'),
    invitationsFor(token),
  ]);
  return (
    <div className="space-y-8">
      <Section id="orgs" title="Organizations" page>
        <p className="mt-1 text-slate-700 dark:text-slate-300">
          Organizations own namespaces, private servers and their own tokens; members act with the role they were given.
        </p>
        {orgs.length === 0 ? (
          <p className="mt-4" data-no-orgs>
            You belong to no organization yet. Create one below, or ask an admin of one to add you.
          </p>
        ) : (
          <DataTable
            className="mt-4"
            columns={['Organization', 'Your role', 'Default visibility', 'Allow-list', 'Created']}
          >
            {orgs.map((o) => (
              <tr key={o.name} className={rowClass()} data-org={o.name}>
                <td className="py-2 pr-3">
                  <Link
                    href={`/dashboard/orgs/${encodeURIComponent(o.name)}`}
                    className="font-mono text-blue-800 underline dark:text-blue-300"
                  >
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
          </DataTable>
        )}
      </Section>
      {(invited.error !== undefined || invited.invitations.length > 0) && (
        <Section id="invitations" title="Invitations for you">
          {invited.error !== undefined ? (
            <p role="alert" className="mt-3 text-sm text-red-800 dark:text-red-300">
              {invited.error}
            </p>
          ) : (
            <>
              <p className="mt-1 text-slate-700 dark:text-slate-300">
                Accept one to join that organization with the role offered; until then you see none of its private
                servers.
              </p>
              <DataTable className="mt-3" columns={['Organization', 'Role offered', 'Invited by', 'Expires', 'Answer']}>
                {invited.invitations.map((i) => (
                  <tr key={i.id} className={rowClass(true)} data-my-invitation={i.org}>
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
                        <ButtonForm
                          action={acceptInvitation}
                          values={{ id: i.id, org: i.org }}
                          buttonClassName={primary}
                        >
                          Accept<span className="sr-only"> the invitation to {i.org}</span>
                        </ButtonForm>
                        <ButtonForm
                          action={declineInvitation}
                          values={{ id: i.id, org: i.org }}
                          confirm={`Decline the invitation to ${i.org}? To join later, an admin of ${i.org} must invite you again.`}
                          buttonClassName={button}
                        >
                          Decline<span className="sr-only"> the invitation to {i.org}</span>
                        </ButtonForm>
                      </div>
                    </td>
                  </tr>
                ))}
              </DataTable>
            </>
          )}
        </Section>
      )}
      <Section id="new-org" title="Create organization">
        <ActionForm action={createOrg} className="mt-3 grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor="org-name" className="block text-sm font-medium">
              Name
            </label>
            <input
              id="org-name"
              name="name"
              required
              maxLength={39}
              className={`${input} font-mono`}
              aria-describedby="org-name-help"
            />
            <p id="org-name-help" className={`mt-1 ${mutedClass}`}>
              Lowercase letters, digits and single hyphens, e.g. acme
            </p>
          </div>
          <div>
            <label htmlFor="org-visibility" className="block text-sm font-medium">
              Default visibility
            </label>
            <select
              id="org-visibility"
              name="defaultVisibility"
              defaultValue="public"
              className={input}
              aria-describedby="org-visibility-help"
            >
              <option value="public">public</option>
              <option value="private">private</option>
            </select>
            <p id="org-visibility-help" className={`mt-1 ${mutedClass}`}>
              What the org&apos;s new servers are, until someone changes one
            </p>
          </div>
          <div className="sm:col-span-2">
            <button type="submit" className={primaryButtonClass}>
              Create organization
            </button>
          </div>
        </ActionForm>
      </Section>
    </div>
  );
}
