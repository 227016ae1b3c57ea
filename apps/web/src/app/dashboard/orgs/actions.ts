'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { problemMessage } from '@mcp-hub/api-client';
import { HUB_URL, hub } from '../../../lib/hub';
import { sessionToken } from '../../../lib/session';
import type { FormState } from '../../../components/action-form';

type Role = 'owner' | 'admin' | 'publisher' | 'viewer';
type Scope = 'read' | 'publish' | 'admin';
const ROLES: readonly string[] = ['owner', 'admin', 'publisher', 'viewer'];

async function token(): Promise<string> {
  const t = await sessionToken();
  if (!t) redirect('/sign-in');
  return t;
}

const unreachable = (e: unknown): FormState => ({ error: `The Hub at ${HUB_URL} could not be reached: ${(e as Error).message}` });

/** The Hub's problem as the form shows it: its detail, and the fields it names. */
const refused = (error: unknown, response: Response): FormState => ({
  error: problemMessage(error, `The Hub answered ${response.status}.`),
  problems: (error as { errors?: FormState['problems'] } | undefined)?.errors,
});

const field = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
const orgPath = (org: string) => `/dashboard/orgs/${encodeURIComponent(org)}`;

export async function createOrg(_prev: FormState, form: FormData): Promise<FormState> {
  const name = field(form, 'name');
  const defaultVisibility = field(form, 'defaultVisibility') === 'private' ? 'private' : 'public';
  if (!name) return { error: 'Name the organization: lowercase letters, digits and hyphens, e.g. "acme".' };
  try {
    const { data, error, response } = await hub(await token()).POST('/api/v1/orgs', { body: { name, defaultVisibility } });
    if (!data) return refused(error, response);
  } catch (e) {
    return unreachable(e);
  }
  revalidatePath('/dashboard/orgs');
  return { ok: true, done: `Created ${name}: you are its owner.` };
}

export async function updateOrg(_prev: FormState, form: FormData): Promise<FormState> {
  const org = field(form, 'org');
  const defaultVisibility = field(form, 'defaultVisibility') === 'private' ? 'private' : 'public';
  const allowListEnabled = form.get('allowListEnabled') === 'on';
  try {
    const { data, error, response } = await hub(await token()).PATCH('/api/v1/orgs/{org}', { params: { path: { org } }, body: { defaultVisibility, allowListEnabled } });
    if (!data) return refused(error, response);
  } catch (e) {
    return unreachable(e);
  }
  revalidatePath(orgPath(org));
  revalidatePath('/dashboard/orgs');
  return { ok: true, done: 'Settings saved.' };
}

function memberInput(form: FormData): { login: string; role: Role } | FormState {
  const login = field(form, 'login');
  const role = field(form, 'role');
  if (!login) return { error: 'Enter the login of the person to add.' };
  if (!ROLES.includes(role)) return { error: 'Choose a role: owner, admin, publisher or viewer.' };
  return { login, role: role as Role };
}

export async function addMember(_prev: FormState, form: FormData): Promise<FormState> {
  const org = field(form, 'org');
  const input = memberInput(form);
  if (!('login' in input)) return input;
  try {
    const { data, error, response } = await hub(await token()).POST('/api/v1/orgs/{org}/members', { params: { path: { org } }, body: input });
    if (!data) return refused(error, response);
  } catch (e) {
    return unreachable(e);
  }
  revalidatePath(orgPath(org));
  return { ok: true, done: `Added ${input.login} as ${input.role}.` };
}

export async function inviteMember(_prev: FormState, form: FormData): Promise<FormState> {
  const org = field(form, 'org');
  const input = memberInput(form);
  if (!('login' in input)) return input;
  try {
    const { data, error, response } = await hub(await token()).POST('/api/v1/orgs/{org}/members/invitations', { params: { path: { org } }, body: input });
    if (!data) return refused(error, response);
  } catch (e) {
    return unreachable(e);
  }
  revalidatePath(orgPath(org));
  return { ok: true, done: `Invited ${input.login} as ${input.role}: they join once they accept, signed in.` };
}

/** What the Hub's 404 means to the invitee: the invitation expired, was withdrawn or was already answered. */
const notOpen = (org: string): FormState => ({
  error: `The invitation to ${org} is no longer open: it expired, was withdrawn or was already answered. Ask an admin of ${org} to invite you again.`,
});

export async function acceptInvitation(_prev: FormState, form: FormData): Promise<FormState> {
  const id = field(form, 'id');
  const org = field(form, 'org');
  try {
    const { data, error, response } = await hub(await token()).POST('/api/v1/invitations/{id}/accept', { params: { path: { id } } });
    if (response.status === 404) return notOpen(org);
    if (!data) return refused(error, response);
  } catch (e) {
    return unreachable(e);
  }
  revalidatePath('/dashboard/orgs');
  revalidatePath(orgPath(org));
  return { ok: true };
}

export async function declineInvitation(_prev: FormState, form: FormData): Promise<FormState> {
  const id = field(form, 'id');
  const org = field(form, 'org');
  try {
    const { error, response } = await hub(await token()).DELETE('/api/v1/invitations/{id}', { params: { path: { id } } });
    if (response.status === 404) return notOpen(org);
    if (!response.ok) return refused(error, response);
  } catch (e) {
    return unreachable(e);
  }
  revalidatePath('/dashboard/orgs');
  return { ok: true };
}

export async function setMemberRole(_prev: FormState, form: FormData): Promise<FormState> {
  const org = field(form, 'org');
  const login = field(form, 'login');
  const role = field(form, 'role');
  if (!ROLES.includes(role)) return { error: 'Choose a role: owner, admin, publisher or viewer.' };
  try {
    const { data, error, response } = await hub(await token()).PATCH('/api/v1/orgs/{org}/members/{login}', {
      params: { path: { org, login } },
      body: { role: role as Role },
    });
    if (!data) return refused(error, response);
  } catch (e) {
    return unreachable(e);
  }
  revalidatePath(orgPath(org));
  return { ok: true, done: `${login} is now ${role}.` };
}

export async function removeMember(_prev: FormState, form: FormData): Promise<FormState> {
  const org = field(form, 'org');
  const login = field(form, 'login');
  try {
    const { error, response } = await hub(await token()).DELETE('/api/v1/orgs/{org}/members/{login}', { params: { path: { org, login } } });
    if (!response.ok) return refused(error, response);
  } catch (e) {
    return unreachable(e);
  }
  revalidatePath(orgPath(org));
  revalidatePath('/dashboard/orgs');
  return { ok: true };
}

export async function createOrgToken(_prev: FormState, form: FormData): Promise<FormState> {
  const org = field(form, 'org');
  const namespace = field(form, 'namespace');
  const scopes = form.getAll('scopes').map(String) as Scope[];
  const description = field(form, 'description');
  const days = field(form, 'expiresInDays');
  if (scopes.length === 0) return { error: 'Choose at least one scope.' };
  const body: { namespace: string; scopes: Scope[]; description?: string; expiresInDays?: number } = { namespace, scopes };
  if (description) body.description = description;
  if (days) body.expiresInDays = Number(days);
  try {
    const { data, error, response } = await hub(await token()).POST('/api/v1/orgs/{org}/tokens', { params: { path: { org } }, body });
    if (!data) return refused(error, response);
    revalidatePath(orgPath(org));
    return { ok: true, token: data.token };
  } catch (e) {
    return unreachable(e);
  }
}

export async function revokeOrgToken(_prev: FormState, form: FormData): Promise<FormState> {
  const org = field(form, 'org');
  const id = field(form, 'id');
  try {
    const { error, response } = await hub(await token()).DELETE('/api/v1/orgs/{org}/tokens/{id}', { params: { path: { org, id } } });
    if (!response.ok) return refused(error, response);
  } catch (e) {
    return unreachable(e);
  }
  revalidatePath(orgPath(org));
  return { ok: true };
}

/** Public, or private to the server's organization; a server of no organization is refused (400), shown by the form. */
export async function setVisibility(_prev: FormState, form: FormData): Promise<FormState> {
  const name = field(form, 'name');
  const visibility = field(form, 'visibility') === 'private' ? 'private' : 'public';
  try {
    const { data, error, response } = await hub(await token()).PATCH('/api/v1/servers/{serverName}/visibility', {
      params: { path: { serverName: name } },
      body: { visibility },
    });
    if (!data) return refused(error, response);
  } catch (e) {
    return unreachable(e);
  }
  revalidatePath('/dashboard');
  revalidatePath('/');
  return { ok: true, done: `${name} is now ${visibility}.` };
}
