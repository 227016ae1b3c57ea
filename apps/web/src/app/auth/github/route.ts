import { randomBytes } from 'node:crypto';
import { NextResponse } from 'next/server';
import { problemMessage } from '@mcp-hub/api-client';
import { HUB_URL, SITE_URL, hub } from '../../../lib/hub';
import { BIND_COOKIE, signInFailed } from './shared';

export const dynamic = 'force-dynamic';

/**
 * "Sign in with GitHub": a random value goes into a cookie of this browser and into the signed
 * state the Hub sends to GitHub, so only this browser can finish this sign-in (no login CSRF).
 */
export async function GET(): Promise<Response> {
  const bind = randomBytes(24).toString('base64url');
  let url: string;
  try {
    const { data, error, response } = await hub().POST('/api/v1/auth/github/web', { body: { bind } });
    if (!data)
      return signInFailed(problemMessage(error, `The Hub answered ${response.status} when starting GitHub sign-in.`));
    url = data.url;
  } catch (e) {
    return signInFailed(`The Hub at ${HUB_URL} could not be reached: ${(e as Error).message}`);
  }
  const res = NextResponse.redirect(url, 303);
  // Lax: GitHub's redirect back is a top-level navigation from another site, which must carry it.
  res.cookies.set(BIND_COOKIE, bind, {
    httpOnly: true,
    sameSite: 'lax',
    secure: SITE_URL.startsWith('https://'),
    path: '/auth/github',
    maxAge: 600,
  });
  return res;
}
