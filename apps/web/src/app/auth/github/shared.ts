import { NextResponse } from 'next/server';

/** Ties a GitHub sign-in to the browser that started it. */
export const BIND_COOKIE = 'mcphub_github_bind';

/** Back to the sign-in page with the reason shown there. */
export function signInFailed(reason: string): Response {
  return new NextResponse(null, { status: 303, headers: { location: `/sign-in?error=${encodeURIComponent(reason)}` } });
}
