'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { problemMessage } from '@mcp-hub/api-client';
import { serverHref } from '../../lib/format';
import { HUB_URL, hub } from '../../lib/hub';
import { endSession, sessionToken, startSession } from '../../lib/session';
import { validateServerJsonText } from '../../lib/validate';

export interface ActionState {
  ok?: boolean;
  error?: string;
  /** Field problems from the Hub, shown next to what they concern. */
  problems?: { location: string; message: string }[];
  /** A token minted just now: shown once, never stored by the site. */
  token?: string;
  published?: { name: string; version: string };
}

async function token(): Promise<string> {
  const t = await sessionToken();
  if (!t) redirect('/sign-in');
  return t;
}

const unreachable = (e: unknown): ActionState => ({
  error: `The Hub at ${HUB_URL} could not be reached: ${(e as Error).message}`,
});

export async function signIn(_prev: ActionState, form: FormData): Promise<ActionState> {
  const t = String(form.get('token') ?? '').trim();
  if (!t) return { error: 'Paste an API token (it starts with mcphub_).' };
  try {
    const { response } = await hub(t).GET('/api/v1/whoami');
    if (response.status === 401)
      return {
        error:
          'The Hub does not accept this token: it is unknown, revoked or expired. Mint a new one with an admin token.',
      };
    if (!response.ok) return { error: `The Hub answered ${response.status}; try again.` };
  } catch (e) {
    return unreachable(e);
  }
  await startSession(t);
  redirect('/dashboard');
}

export async function signOut(): Promise<void> {
  const t = await sessionToken();
  // A GitHub sign-in's session is revoked on the Hub too (an API token is only forgotten here).
  if (t)
    await hub(t)
      .DELETE('/api/v1/auth/session')
      .catch(() => undefined);
  await endSession();
  redirect('/sign-in');
}

function refresh(name: string, version: string) {
  revalidatePath('/dashboard');
  revalidatePath(serverHref(name));
  revalidatePath(serverHref(name, version));
  revalidatePath('/');
}

export async function setStatus(_prev: ActionState, form: FormData): Promise<ActionState> {
  const name = String(form.get('name'));
  const version = String(form.get('version'));
  const status = String(form.get('status')) as 'active' | 'deprecated' | 'deleted';
  const message = String(form.get('statusMessage') ?? '').trim();
  if (status === 'deprecated' && !message) return { error: 'Say why it is deprecated, and what to use instead.' };
  try {
    const { error, response } = await hub(await token()).PATCH('/v0.1/servers/{serverName}/versions/{version}/status', {
      params: { path: { serverName: name, version } },
      body: (status === 'deprecated' ? { status, statusMessage: message } : { status }) as never,
    });
    if (!response.ok) return { error: problemMessage(error) };
  } catch (e) {
    return unreachable(e);
  }
  refresh(name, version);
  return { ok: true };
}

export async function createToken(_prev: ActionState, form: FormData): Promise<ActionState> {
  const namespace = String(form.get('namespace') ?? '').trim();
  const scopes = form.getAll('scopes').map(String);
  const description = String(form.get('description') ?? '').trim();
  const days = String(form.get('expiresInDays') ?? '').trim();
  const body: Record<string, unknown> = { namespace, scopes };
  if (description) body.description = description;
  if (days) body.expiresInDays = Number(days);
  try {
    const { data, error, response } = await hub(await token()).POST('/api/v1/tokens', { body: body as never });
    if (!data)
      return {
        error: problemMessage(error, `The Hub answered ${response.status}.`),
        problems: (error as { errors?: ActionState['problems'] })?.errors,
      };
    revalidatePath('/dashboard/tokens');
    return { ok: true, token: data.token };
  } catch (e) {
    return unreachable(e);
  }
}

export async function revokeToken(_prev: ActionState, form: FormData): Promise<ActionState> {
  const id = String(form.get('id'));
  try {
    const { error, response } = await hub(await token()).DELETE('/api/v1/tokens/{id}', { params: { path: { id } } });
    if (!response.ok) return { error: problemMessage(error) };
  } catch (e) {
    return unreachable(e);
  }
  revalidatePath('/dashboard/tokens');
  return { ok: true };
}

export async function publish(_prev: ActionState, form: FormData): Promise<ActionState> {
  const text = String(form.get('serverJson') ?? '');
  // The same check the page ran live; the Hub checks again, so this only saves a round trip.
  const local = validateServerJsonText(text);
  if (!local.ok) return { error: 'Fix the problems below first.', problems: local.problems };
  try {
    const { data, error, response } = await hub(await token()).POST('/v0.1/publish', { body: local.document as never });
    if (!data)
      return {
        error: problemMessage(error, `The Hub answered ${response.status}.`),
        problems: (error as { errors?: ActionState['problems'] })?.errors,
      };
    const server = (data as unknown as { server: { name: string; version: string } }).server;
    refresh(server.name, server.version);
    return { ok: true, published: { name: server.name, version: server.version } };
  } catch (e) {
    return unreachable(e);
  }
}
