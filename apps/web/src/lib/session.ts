import 'server-only';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { cookies } from 'next/headers';

/**
 * The dashboard session: the API token a person signed in with, kept in an httpOnly cookie,
 * encrypted (AES-256-GCM) so the cookie never holds the token in plain text. The key comes from
 * WEB_SESSION_SECRET; without it, a random key per process (sessions end when the site restarts).
 */
export const SESSION_COOKIE = 'mcphub_session';
const MAX_AGE_S = 8 * 3600;

// One key per process: Next bundles route handlers and pages separately, each with its own copy
// of this module, so a random key must live on globalThis or a cookie sealed by one is noise to the other.
const KEY = Symbol.for('mcp-hub.web.session-key');
const shared = globalThis as { [KEY]?: Buffer };
const key = process.env.WEB_SESSION_SECRET
  ? createHash('sha256').update(process.env.WEB_SESSION_SECRET).digest()
  : (shared[KEY] ??= randomBytes(32));

export function seal(token: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([
    cipher.update(JSON.stringify({ t: token, exp: Date.now() + MAX_AGE_S * 1000 }), 'utf8'),
    cipher.final(),
  ]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function unseal(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const raw = Buffer.from(value, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const { t, exp } = JSON.parse(
      Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'),
    ) as { t: string; exp: number };
    return exp > Date.now() ? t : undefined;
  } catch {
    return undefined;
  }
}

export async function sessionToken(): Promise<string | undefined> {
  return unseal((await cookies()).get(SESSION_COOKIE)?.value);
}

/** The session cookie for `token`, for responses built by hand (route handlers). */
export function sessionCookie(token: string) {
  return {
    name: SESSION_COOKIE,
    value: seal(token),
    httpOnly: true,
    // Lax, not Strict: arriving from GitHub's sign-in is a navigation another site started, and
    // must land signed in. Cross-site POSTs still carry no cookie, and server actions check Origin.
    sameSite: 'lax' as const,
    secure: process.env.WEB_PUBLIC_URL?.startsWith('https://') ?? false,
    path: '/',
    maxAge: MAX_AGE_S,
  };
}

export async function startSession(token: string): Promise<void> {
  (await cookies()).set(sessionCookie(token));
}

export async function endSession(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}
