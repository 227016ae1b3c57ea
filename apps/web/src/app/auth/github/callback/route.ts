import { type NextRequest, NextResponse } from 'next/server';
import { problemMessage } from '@mcp-hub/api-client';
import { HUB_URL, hub } from '../../../../lib/hub';
import { sessionCookie } from '../../../../lib/session';
import { BIND_COOKIE, signInFailed } from '../shared';

export const dynamic = 'force-dynamic';

/**
 * GitHub sends the browser back here with `code` and `state`. The Hub checks the state against
 * this browser's cookie, trades the code with GitHub and answers with a session credential,
 * which goes into the encrypted session cookie (the browser never sees it).
 */
export async function GET(request: NextRequest): Promise<Response> {
  const q = request.nextUrl.searchParams;
  if (q.get('error') === 'access_denied')
    return signInFailed('You did not authorize the Hub on GitHub, so you are not signed in.');
  const code = q.get('code');
  const state = q.get('state');
  const bind = request.cookies.get(BIND_COOKIE)?.value;
  if (!code || !state)
    return signInFailed("GitHub's answer was incomplete (no code or state). Start the sign-in again.");
  if (!bind)
    return signInFailed(
      'This sign-in was not started in this browser, or took longer than 10 minutes. Start it again.',
    );
  let token: string;
  try {
    const { data, error, response } = await hub().POST('/api/v1/auth/github/web/callback', {
      body: { code, state, bind },
    });
    if (!data) return signInFailed(problemMessage(error, `The Hub answered ${response.status} to the GitHub sign-in.`));
    token = data.token;
  } catch (e) {
    return signInFailed(`The Hub at ${HUB_URL} could not be reached: ${(e as Error).message}`);
  }
  // A page that moves on by itself rather than a redirect, so the cookie is stored before the
  // dashboard is asked for.
  const res = new NextResponse(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signed in</title></head>' +
      '<body><p>Signed in with GitHub. <a href="/dashboard">Continue to the dashboard</a>.</p>' +
      "<script>location.replace('/dashboard')</script></body></html>",
    { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } },
  );
  res.cookies.set(sessionCookie(token));
  res.cookies.delete({ name: BIND_COOKIE, path: '/auth/github' });
  return res;
}
