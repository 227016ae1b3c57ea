'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { problemMessage } from '@mcp-hub/api-client';
import { ORG_ROLES, type OrgRole } from '@mcp-hub/domain';
import { HUB_URL, hub } from '../../../lib/hub';
import { sessionToken } from '../../../lib/session';
import type { FormState } from '../../../components/action-form';

type Role = OrgRole;
type Scope = 'read' | 'publish' | 'admin';

async function token(): Promise<string> {
  const t = await sessionToken();
  if (!t) redirect('/sign-in');
  return t;
}

const unreachable = (e: unknown): FormState => ({
  error: `The Hub at ${HUB_URL} could not be reached: ${(e as Error).message}`,
});

/** The Hub's problem as the form shows it: its detail, and the fields it names. */
const refused = (error: unknown, response: Response): FormState => ({
  error: problemMessage(error, `The Hub answered ${response.status}.`),
  problems: (error as { errors?: FormState['problems'] } | undefined)?.errors,
});

const field = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
const orgPath = (org: string) => `/dashboard/orgs/${encodeURIComponent(org)}`;

type Client = ReturnType<typeof hub>;
type Answer<T> = { data?: T; error?: unknown; response: Response };

/**
 * One Hub call of a form: an unreachable Hub, a `notFound` 404 and the Hub's refusal become what
 * the form shows; otherwise the pages in `changed` are revalidated and the form shows `done`.
 * `bodiless`: the call answers without a body (DELETEs), so success is the status alone.
 */
async function ask<T>(
  send: (client: Client) => Promise<Answer<T>>,
  changed: string[],
  done: FormState | ((data: T) => FormState),
  o: { bodiless?: boolean; notFound?: FormState } = {},
): Promise<FormState> {
  let answer: Answer<T>;
  try {
    answer = await send(hub(await token()));
  } catch (e) {
    return unreachable(e);
  }
  const { data, error, response } = answer;
  if (o.notFound && response.status === 404) return o.notFound;
  if (o.bodiless ? !response.ok : !data) return refused(error, response);
  for (const path of changed) revalidatePath(path);
  return typeof done === 'function' ? done(data as T) : done;
}

export async function createOrg(_prev: FormState, form: FormData): Promise<FormState> {
  const name = field(form, 'name');
  const defaultVisibility = field(form, 'defaultVisibility') === 'private' ? 'private' : 'public';
  if (!name) return { error: 'Name the organization: lowercase letters, digits and hyphens, e.g. "acme".' };
  return ask((c) => c.POST('/api/v1/orgs', { body: { name, defaultVisibility } }), ['/dashboard/orgs'], {
    ok: true,
    done: `Created ${name}: you are its owner.`,
  });
}

export async function updateOrg(_prev: FormState, form: FormData): Promise<FormState> {
  const org = field(form, 'org');
  const defaultVisibility = field(form, 'defaultVisibility') === 'private' ? 'private' : 'public';
  const allowListEnabled = form.get('allowListEnabled') === 'on';
  return ask(
    (c) => c.PATCH('/api/v1/orgs/{org}', { params: { path: { org } }, body: { defaultVisibility, allowListEnabled } }),
    [orgPath(org), '/dashboard/orgs'],
    { ok: true, done: 'Settings saved.' },
  );
}

const isRole = (role: string): role is Role => (ORG_ROLES as readonly string[]).includes(role);
const chooseRole = 'Choose a role: owner, admin, publisher or viewer.';

function memberInput(form: FormData): { login: string; role: Role } | FormState {
  const login = field(form, 'login');
  const role = field(form, 'role');
  if (!login) return { error: 'Enter the login of the person to add.' };
  if (!isRole(role)) return { error: chooseRole };
  return { login, role };
}

/** Adding or inviting: a login and a role for the org, sent by `send`; `done` says what happened. */
async function memberRequest<T>(
  form: FormData,
  send: (client: Client, org: string, body: { login: string; role: Role }) => Promise<Answer<T>>,
  done: (body: { login: string; role: Role }) => string,
): Promise<FormState> {
  const org = field(form, 'org');
  const input = memberInput(form);
  if (!('login' in input)) return input;
  return ask((c) => send(c, org, input), [orgPath(org)], { ok: true, done: done(input) });
}

export async function addMember(_prev: FormState, form: FormData): Promise<FormState> {
  return memberRequest(
    form,
    (c, org, body) => c.POST('/api/v1/orgs/{org}/members', { params: { path: { org } }, body }),
    (m) => `Added ${m.login} as ${m.role}.`,
  );
}

export async function inviteMember(_prev: FormState, form: FormData): Promise<FormState> {
  return memberRequest(
    form,
    (c, org, body) => c.POST('/api/v1/orgs/{org}/members/invitations', { params: { path: { org } }, body }),
    (m) => `Invited ${m.login} as ${m.role}: they join once they accept, signed in.`,
  );
}

/** What the Hub's 404 means to the invitee: the invitation expired, was withdrawn or was already answered. */
const notOpen = (org: string): FormState => ({
  error: `The invitation to ${org} is no longer open: it expired, was withdrawn or was already answered. Ask an admin of ${org} to invite you again.`,
});

export async function acceptInvitation(_prev: FormState, form: FormData): Promise<FormState> {
  const id = field(form, 'id');
  const org = field(form, 'org');
  return ask(
    (c) => c.POST('/api/v1/invitations/{id}/accept', { params: { path: { id } } }),
    ['/dashboard/orgs', orgPath(org)],
    { ok: true },
    { notFound: notOpen(org) },
  );
}

export async function declineInvitation(_prev: FormState, form: FormData): Promise<FormState> {
  const id = field(form, 'id');
  const org = field(form, 'org');
  return ask(
    (c) => c.DELETE('/api/v1/invitations/{id}', { params: { path: { id } } }),
    ['/dashboard/orgs'],
    { ok: true },
    { bodiless: true, notFound: notOpen(org) },
  );
}

export async function setMemberRole(_prev: FormState, form: FormData): Promise<FormState> {
  const org = field(form, 'org');
  const login = field(form, 'login');
  const role = field(form, 'role');
  if (!isRole(role)) return { error: chooseRole };
  return ask(
    (c) => c.PATCH('/api/v1/orgs/{org}/members/{login}', { params: { path: { org, login } }, body: { role } }),
    [orgPath(org)],
    { ok: true, done: `${login} is now ${role}.` },
  );
}

export async function removeMember(_prev: FormState, form: FormData): Promise<FormState> {
  const org = field(form, 'org');
  const login = field(form, 'login');
  return ask(
    (c) => c.DELETE('/api/v1/orgs/{org}/members/{login}', { params: { path: { org, login } } }),
    [orgPath(org), '/dashboard/orgs'],
    { ok: true },
    { bodiless: true },
  );
}

export async function createOrgToken(_prev: FormState, form: FormData): Promise<FormState> {
  const org = field(form, 'org');
  const namespace = field(form, 'namespace');
  const scopes = form.getAll('scopes').map(String) as Scope[];
  const description = field(form, 'description');
  const days = field(form, 'expiresInDays');
  if (scopes.length === 0) return { error: 'Choose at least one scope.' };
  const body: { namespace: string; scopes: Scope[]; description?: string; expiresInDays?: number } = {
    namespace,
    scopes,
  };
  if (description) body.description = description;
  if (days) body.expiresInDays = Number(days);
  return ask(
    (c) => c.POST('/api/v1/orgs/{org}/tokens', { params: { path: { org } }, body }),
    [orgPath(org)],
    (data) => ({ ok: true, token: data.token }),
  );
}

export async function revokeOrgToken(_prev: FormState, form: FormData): Promise<FormState> {
  const org = field(form, 'org');
  const id = field(form, 'id');
  return ask(
    (c) => c.DELETE('/api/v1/orgs/{org}/tokens/{id}', { params: { path: { org, id } } }),
    [orgPath(org)],
    { ok: true },
    { bodiless: true },
  );
}

/** Public, or private to the server's organization; a server of no organization is refused (400), shown by the form. */
export async function setVisibility(_prev: FormState, form: FormData): Promise<FormState> {
  const name = field(form, 'name');
  const visibility = field(form, 'visibility') === 'private' ? 'private' : 'public';
  return ask(
    (c) =>
      c.PATCH('/api/v1/servers/{serverName}/visibility', {
        params: { path: { serverName: name } },
        body: { visibility },
      }),
    ['/dashboard', '/'],
    { ok: true, done: `${name} is now ${visibility}.` },
  );
}
