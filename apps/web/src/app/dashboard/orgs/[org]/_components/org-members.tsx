import { ORG_ROLES } from '@mcp-hub/domain';
import { ActionForm, type FormState } from '../../../../../components/action-form';
import { ButtonForm } from '../../../../../components/button-form';
import { HiddenFields } from '../../../../../components/hidden-fields';
import {
  buttonClass,
  inputClass,
  mutedClass,
  primaryButtonClass,
  smallInputClass,
} from '../../../../../components/styles';
import { DataTable, rowClass } from '../../../../../components/data-table';
import { formatDate } from '../../../../../lib/format';
import { addMember, inviteMember, removeMember, setMemberRole } from '../../actions';
import { type HubGet, type Result, Unavailable } from './part';
import { Section } from '../../../../../components/section';

const danger =
  'rounded border border-red-600 px-2 py-0.5 text-red-800 hover:bg-red-50 dark:text-red-300 dark:hover:bg-red-950';

function RoleOptions() {
  return (
    <>
      {ORG_ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </>
  );
}

/** The members, with role and remove controls for an admin; then adding, inviting and the open invitations. */
export function OrgMembers({
  org,
  members,
  canAdmin,
  invitations,
}: {
  org: string;
  members: Result<HubGet<'/api/v1/orgs/{org}/members'>>;
  canAdmin: boolean;
  /** Only an admin reads them (and may add and invite). */
  invitations?: Result<HubGet<'/api/v1/orgs/{org}/members/invitations'>>;
}) {
  return (
    <Section id="org-members" title="Members">
      {members.error !== undefined ? (
        <Unavailable error={members.error} />
      ) : (
        <DataTable className="mt-3" columns={['Login', 'Role', 'Member since', canAdmin && 'Actions']}>
          {members.data.members.map((m) => (
            <tr key={m.login} className={rowClass(true)} data-member={m.login}>
              <td className="py-2 pr-3 font-mono">{m.login}</td>
              <td className="py-2 pr-3" data-member-role>
                {m.role}
              </td>
              <td className="py-2 pr-3">{formatDate(m.since)}</td>
              {canAdmin && (
                <td className="py-2">
                  <div className="flex flex-wrap gap-2">
                    <ActionForm action={setMemberRole} className="flex flex-wrap items-center gap-1">
                      <HiddenFields values={{ org, login: m.login }} />
                      <label className="sr-only" htmlFor={`role-${m.login}`}>
                        Role for {m.login}
                      </label>
                      <select id={`role-${m.login}`} name="role" defaultValue={m.role} className={smallInputClass}>
                        <RoleOptions />
                      </select>
                      <button type="submit" className={buttonClass}>
                        Change role
                      </button>
                    </ActionForm>
                    <ButtonForm
                      action={removeMember}
                      values={{ org, login: m.login }}
                      confirm={`Remove ${m.login} from ${org}? Their access through it ends at once.`}
                      buttonClassName={danger}
                    >
                      Remove<span className="sr-only"> {m.login}</span>
                    </ButtonForm>
                  </div>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      {invitations && (
        <div className="mt-6 grid gap-6 md:grid-cols-2">
          <div>
            <h3 className="font-semibold">Add a member</h3>
            <p className={mutedClass}>Someone who already has a user on this Hub.</p>
            <MemberForm
              action={addMember}
              org={org}
              id="member"
              loginLabel="Login to add"
              roleLabel="Role for the new member"
              submit="Add member"
            />
          </div>
          <div>
            <h3 className="font-semibold">Invite</h3>
            <p className={mutedClass}>A GitHub login: they join once they sign in and accept.</p>
            <MemberForm
              action={inviteMember}
              org={org}
              id="invite"
              loginLabel="Login to invite"
              roleLabel="Role for the invitee"
              submit="Send invitation"
            />
            {invitations.error !== undefined ? (
              <Unavailable error={invitations.error} />
            ) : (
              invitations.data.invitations.length > 0 && (
                <>
                  <h4 className="mt-4 text-sm font-semibold">Open invitations</h4>
                  <ul className="mt-1 text-sm">
                    {invitations.data.invitations.map((i) => (
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
    </Section>
  );
}

/** A login and a role (viewer unless chosen), posted with the org to `action`: adding a member and inviting one. */
function MemberForm({
  action,
  org,
  id,
  loginLabel,
  roleLabel,
  submit,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  org: string;
  id: string;
  loginLabel: string;
  roleLabel: string;
  submit: string;
}) {
  return (
    <ActionForm action={action} className="mt-2 grid gap-2">
      <input type="hidden" name="org" value={org} />
      <div>
        <label htmlFor={`${id}-login`} className="block text-sm font-medium">
          {loginLabel}
        </label>
        <input id={`${id}-login`} name="login" required maxLength={39} className={`${inputClass} font-mono`} />
      </div>
      <div>
        <label htmlFor={`${id}-role`} className="block text-sm font-medium">
          {roleLabel}
        </label>
        <select id={`${id}-role`} name="role" defaultValue="viewer" className={inputClass}>
          <RoleOptions />
        </select>
      </div>
      <div>
        <button type="submit" className={primaryButtonClass}>
          {submit}
        </button>
      </div>
    </ActionForm>
  );
}
