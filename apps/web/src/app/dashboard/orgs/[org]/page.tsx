import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ActionForm } from '../../../../components/action-form';
import { formatDate } from '../../../../lib/format';
import { HUB_URL, found, hub } from '../../../../lib/hub';
import { sessionToken } from '../../../../lib/session';
import { addMember, createOrgToken, inviteMember, removeMember, revokeOrgToken, setMemberRole, updateOrg } from '../actions';
import { TokenForm } from '../../../../components/token-form';
import { TokenTable } from '../../../../components/token-table';

type Params = Record<string, string | string[] | undefined>;
type Result<T> = { data: T; error?: undefined } | { data?: undefined; error: string };

const ROLES = ['owner', 'admin', 'publisher', 'viewer'] as const;
const input = 'w-full rounded border border-slate-300 bg-white px-3 py-2 dark:border-slate-600 dark:bg-slate-900';
const small = 'rounded border border-slate-300 bg-white px-2 py-1 dark:border-slate-600 dark:bg-slate-900';
const button = 'rounded border border-slate-400 px-2 py-1 hover:bg-slate-50 dark:hover:bg-slate-800';
const danger = 'rounded border border-red-600 px-2 py-0.5 text-red-800 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950';
const primary = 'rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800 disabled:opacity-60';
const muted = 'text-xs text-slate-600 dark:text-slate-400';

export async function generateMetadata({ params }: { params: Promise<{ org: string }> }): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).org)} · Organizations` };
}

/** One part of the page: its data, or the sentence to show in its place (the rest of the page still renders). */
async function part<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>, what: string): Promise<Result<T>> {
  try {
    const { data, error, response } = await call;
    if (data !== undefined) return { data };
    const detail = (error as { detail?: string } | undefined)?.detail;
    return { error: detail ?? `The Hub answered ${response.status} to ${what}.` };
  } catch (e) {
    return { error: `The Hub at ${HUB_URL} could not be reached (${what}): ${(e as Error).message}` };
  }
}

function Unavailable({ error }: { error: string }) {
  return (
    <p role="alert" className="mt-3 text-sm text-red-800 dark:text-red-300">
      {error}
    </p>
  );
}

const at = (iso: string) => (Number.isNaN(new Date(iso).getTime()) ? iso : new Date(iso).toISOString().slice(0, 19).replace('T', ' '));

export default async function OrgPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<Params> }) {
  const org = decodeURIComponent((await params).org);
  const auditCursor = (await searchParams).audit;
  const token = (await sessionToken())!;
  const client = hub(token);
  const path = { params: { path: { org } } };

  // Not there, or not one of the caller's (the Hub answers 404 for both).
  const detail = await found(client.GET('/api/v1/orgs/{org}', path), `organization ${org}`);
  if (!detail) notFound();

  const [mine, me, members] = await Promise.all([
    part(client.GET('/api/v1/orgs'), 'your organizations'),
    part(client.GET('/api/v1/whoami'), 'who you are'),
    part(client.GET('/api/v1/orgs/{org}/members', path), 'the members'),
  ]);
  const role = mine.data?.orgs.find((o) => o.name === org)?.role;
  const instanceAdmin = me.data?.scopes.includes('admin') ?? false;
  const canAdmin = role === 'owner' || role === 'admin' || (!role && instanceAdmin);
  const admin = canAdmin
    ? await Promise.all([
        part(client.GET('/api/v1/orgs/{org}/tokens', path), 'the org tokens'),
        part(client.GET('/api/v1/orgs/{org}/members/invitations', path), 'the invitations'),
        part(
          client.GET('/api/v1/orgs/{org}/audit', {
            params: { path: { org }, query: (typeof auditCursor === 'string' ? { cursor: auditCursor } : {}) as never },
          }),
          'the audit log',
        ),
      ]).then(([tokens, invitations, audit]) => ({ tokens, invitations, audit }))
    : undefined;
  const defaultPattern = detail.namespaces[0] ? `${detail.namespaces[0]}/*` : '';

  return (
    <div className="space-y-10">
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
              <select id="org-default-visibility" name="defaultVisibility" defaultValue={detail.defaultVisibility} className={small}>
                <option value="public">public</option>
                <option value="private">private</option>
              </select>
            </div>
            <label className="inline-flex items-center gap-2 pb-1">
              <input type="checkbox" name="allowListEnabled" defaultChecked={detail.allowListEnabled} /> Allow-list on (the org&apos;s registry view lists only approved servers)
            </label>
            <button type="submit" className={button}>
              Save settings
            </button>
          </ActionForm>
        ) : (
          <p className="mt-1 text-sm">
            Default visibility <strong>{detail.defaultVisibility}</strong>; allow-list <strong>{detail.allowListEnabled ? 'on' : 'off'}</strong>.
          </p>
        )}
      </section>

      <section aria-labelledby="org-members">
        <h2 id="org-members" className="text-xl font-semibold">
          Members
        </h2>
        {members.error !== undefined ? (
          <Unavailable error={members.error} />
        ) : (
          <div className="mt-3 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-slate-700 dark:text-slate-300">
                <tr>
                  <th className="py-1 pr-3">Login</th>
                  <th className="py-1 pr-3">Role</th>
                  <th className="py-1 pr-3">Member since</th>
                  {canAdmin && <th className="py-1">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {members.data.members.map((m) => (
                  <tr key={m.login} className="border-t border-slate-200 align-top dark:border-slate-700" data-member={m.login}>
                    <td className="py-2 pr-3 font-mono">{m.login}</td>
                    <td className="py-2 pr-3" data-member-role>
                      {m.role}
                    </td>
                    <td className="py-2 pr-3">{formatDate(m.since)}</td>
                    {canAdmin && (
                      <td className="py-2">
                        <div className="flex flex-wrap gap-2">
                          <ActionForm action={setMemberRole} className="flex flex-wrap items-center gap-1">
                            <input type="hidden" name="org" value={org} />
                            <input type="hidden" name="login" value={m.login} />
                            <label className="sr-only" htmlFor={`role-${m.login}`}>
                              Role for {m.login}
                            </label>
                            <select id={`role-${m.login}`} name="role" defaultValue={m.role} className={small}>
                              {ROLES.map((r) => (
                                <option key={r} value={r}>
                                  {r}
                                </option>
                              ))}
                            </select>
                            <button type="submit" className={button}>
                              Change role
                            </button>
                          </ActionForm>
                          <ActionForm action={removeMember} confirm={`Remove ${m.login} from ${org}? Their access through it ends at once.`}>
                            <input type="hidden" name="org" value={org} />
                            <input type="hidden" name="login" value={m.login} />
                            <button type="submit" className={danger}>
                              Remove<span className="sr-only"> {m.login}</span>
                            </button>
                          </ActionForm>
                        </div>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {admin && (
          <div className="mt-6 grid gap-6 md:grid-cols-2">
            <div>
              <h3 className="font-semibold">Add a member</h3>
              <p className={muted}>Someone who already has a user on this Hub.</p>
              <ActionForm action={addMember} className="mt-2 grid gap-2">
                <input type="hidden" name="org" value={org} />
                <div>
                  <label htmlFor="member-login" className="block text-sm font-medium">
                    Login to add
                  </label>
                  <input id="member-login" name="login" required maxLength={39} className={`${input} font-mono`} />
                </div>
                <div>
                  <label htmlFor="member-role" className="block text-sm font-medium">
                    Role for the new member
                  </label>
                  <select id="member-role" name="role" defaultValue="viewer" className={input}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </div>
                <div>
                  <button type="submit" className={primary}>
                    Add member
                  </button>
                </div>
              </ActionForm>
            </div>
            <div>
              <h3 className="font-semibold">Invite</h3>
              <p className={muted}>A GitHub login: they join once they sign in and accept.</p>
              <ActionForm action={inviteMember} className="mt-2 grid gap-2">
                <input type="hidden" name="org" value={org} />
                <div>
                  <label htmlFor="invite-login" className="block text-sm font-medium">
                    Login to invite
                  </label>
                  <input id="invite-login" name="login" required maxLength={39} className={`${input} font-mono`} />
                </div>
                <div>
                  <label htmlFor="invite-role" className="block text-sm font-medium">
                    Role for the invitee
                  </label>
                  <select id="invite-role" name="role" defaultValue="viewer" className={input}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </div>
                <div>
                  <button type="submit" className={primary}>
                    Send invitation
                  </button>
                </div>
              </ActionForm>
              {admin.invitations.error !== undefined ? (
                <Unavailable error={admin.invitations.error} />
              ) : (
                admin.invitations.data.invitations.length > 0 && (
                  <>
                    <h4 className="mt-4 text-sm font-semibold">Open invitations</h4>
                    <ul className="mt-1 text-sm">
                      {admin.invitations.data.invitations.map((i) => (
                        <li key={i.id} data-invitation={i.login}>
                          <span className="font-mono">{i.login}</span> as {i.role}, until {formatDate(i.expiresAt)}
                        </li>
                      ))}
                    </ul>
                  </>
                )
              )}
            </div>
          </div>
        )}
      </section>

      {admin && (
        <section aria-labelledby="org-tokens">
          <h2 id="org-tokens" className="text-xl font-semibold">
            Org tokens
          </h2>
          <p className="mt-1 text-slate-700 dark:text-slate-300">
            For CI and services: <em>read</em> sees the org&apos;s private servers, <em>publish</em> writes inside its namespaces. The token is shown once; the Hub keeps only its hash.
          </p>
          <TokenForm
            action={createOrgToken}
            idPrefix="org-token-"
            hidden={{ org }}
            defaultNamespace={defaultPattern}
            namespaceHelp="Inside the org's namespaces, e.g. com.acme/* or com.acme/weather"
            descriptionLabel="Token description"
            scopes={[{ value: 'read', checked: true }, { value: 'publish' }, { value: 'admin' }]}
            submitLabel="Create org token"
            shownText="The new org token. Copy it now: it will not be shown again."
          />
          {admin.tokens.error !== undefined ? (
            <Unavailable error={admin.tokens.error} />
          ) : admin.tokens.data.tokens.length === 0 ? (
            <p className="mt-4 text-sm">No org tokens yet.</p>
          ) : (
            <TokenTable
              tokens={admin.tokens.data.tokens}
              revoke={revokeOrgToken}
              confirm="Revoke this org token? Anything using it stops working at once."
              rowAttribute="data-org-token-row"
              hidden={{ org }}
              usesBase={`/dashboard/orgs/${encodeURIComponent(org)}/tokens`}
            />
          )}
        </section>
      )}

      {admin && (
        <section aria-labelledby="org-audit">
          <h2 id="org-audit" className="text-xl font-semibold">
            Audit log
          </h2>
          {admin.audit.error !== undefined ? (
            <Unavailable error={admin.audit.error} />
          ) : admin.audit.data.entries.length === 0 ? (
            <p className="mt-3 text-sm">Nothing recorded yet.</p>
          ) : (
            <div className="mt-3 overflow-x-auto">
              <table className="w-full text-left text-sm" aria-label={`Audit log of ${org}, newest first`}>
                <thead className="text-slate-700 dark:text-slate-300">
                  <tr>
                    <th className="py-1 pr-3">When (UTC)</th>
                    <th className="py-1 pr-3">Actor</th>
                    <th className="py-1 pr-3">Action</th>
                    <th className="py-1">Target</th>
                  </tr>
                </thead>
                <tbody>
                  {[...admin.audit.data.entries]
                    .sort((a, b) => b.id - a.id)
                    .map((e) => (
                      <tr key={e.id} className="border-t border-slate-200 dark:border-slate-700" data-audit={e.action}>
                        <td className="py-2 pr-3 whitespace-nowrap">
                          <time dateTime={e.at}>{at(e.at)}</time>
                        </td>
                        <td className="py-2 pr-3 font-mono">{e.actor}</td>
                        <td className="py-2 pr-3 font-mono" data-audit-action>
                          {e.action}
                        </td>
                        <td className="py-2 font-mono break-all" data-audit-target>
                          {e.target}
                        </td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          )}
          {admin.audit.data?.nextCursor && (
            <p className="mt-3">
              <Link href={`/dashboard/orgs/${encodeURIComponent(org)}?audit=${encodeURIComponent(admin.audit.data.nextCursor)}`} className="text-blue-800 underline dark:text-blue-300">
                Older entries →
              </Link>
            </p>
          )}
        </section>
      )}
    </div>
  );
}
