import { HubError } from '@mcp-hub/domain';
import { z } from 'zod';

/**
 * The Hub's view of GitHub: who holds an access token, and which organisations they belong to.
 * Talks to GitHub's OAuth endpoints (web code exchange, device flow) and REST API with `fetch`,
 * every call bounded by `timeoutMs`. Failures are HubErrors whose messages say what happened
 * and what to do; tokens and the client secret never appear in them.
 */
export interface GitHubClientOptions {
  clientId: string;
  /** Needed only for the web flow's code exchange; the device flow is a public-client flow. */
  clientSecret?: string;
  /** https://github.com, or a GitHub Enterprise Server / test fake origin. */
  oauthBaseUrl?: string;
  /** https://api.github.com (GitHub Enterprise Server: https://<host>/api/v3). */
  apiBaseUrl?: string;
  fetch?: typeof fetch;
  /** Upper bound for each HTTP call to GitHub, body included. */
  timeoutMs?: number;
  /** GitHub rejects API calls without a User-Agent. */
  userAgent?: string;
}

/** Who signed in: GitHub's numeric id is stable, the login can be renamed. */
export interface GitHubIdentity {
  id: number;
  login: string;
  name: string | null;
  avatarUrl: string | null;
  /** Logins of the organisations the user belongs to (public and private memberships). */
  orgs: string[];
}

export interface DeviceFlowStart {
  deviceCode: string;
  /** What the user types at `verificationUri`, e.g. "WDJB-MJHT". */
  userCode: string;
  verificationUri: string;
  /** Seconds until both codes expire. */
  expiresIn: number;
  /** Minimum seconds between polls. */
  interval: number;
}

export type DevicePollResult =
  | { status: 'pending' }
  /** Polled too fast: wait `interval` seconds (GitHub's new minimum) between polls from now on. */
  | { status: 'slow_down'; interval: number }
  | { status: 'expired' }
  | { status: 'denied' }
  | { status: 'ok'; accessToken: string };

/** Enough to list organisations, private memberships included. */
export const DEFAULT_GITHUB_SCOPES: readonly string[] = ['read:org'];

const DEVICE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
const GITHUB_API_VERSION = '2022-11-28';
const ORGS_PER_PAGE = 100;
/** 2,000 organisations; a runaway Link chain must not loop forever. */
const MAX_ORG_PAGES = 20;

const tokenAnswer = z.object({ access_token: z.string().min(1) });
const oauthErrorAnswer = z.object({ error: z.string(), interval: z.coerce.number().optional() });
const deviceCodeAnswer = z.object({
  device_code: z.string().min(1),
  user_code: z.string().min(1),
  verification_uri: z.string().min(1),
  expires_in: z.number(),
  interval: z.number(),
});
const userAnswer = z.object({
  id: z.number().int(),
  login: z.string().min(1),
  name: z.string().nullish(),
  avatar_url: z.string().nullish(),
});
const orgsAnswer = z.array(z.object({ login: z.string().min(1) }));

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

export class GitHubClient {
  readonly clientId: string;
  readonly oauthBaseUrl: string;
  readonly apiBaseUrl: string;
  readonly timeoutMs: number;
  readonly userAgent: string;
  private readonly clientSecret: string | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(options: GitHubClientOptions) {
    this.clientId = options.clientId;
    this.clientSecret = options.clientSecret;
    this.oauthBaseUrl = trimSlash(options.oauthBaseUrl ?? 'https://github.com');
    this.apiBaseUrl = trimSlash(options.apiBaseUrl ?? 'https://api.github.com');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.userAgent = options.userAgent ?? 'mcp-hub';
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Where to send the browser to start the web flow. */
  authorizeUrl(params: { redirectUri: string; state: string; scope?: readonly string[] | string }): string {
    const url = new URL(`${this.oauthBaseUrl}/login/oauth/authorize`);
    url.searchParams.set('client_id', this.clientId);
    url.searchParams.set('redirect_uri', params.redirectUri);
    url.searchParams.set('scope', scopeString(params.scope ?? DEFAULT_GITHUB_SCOPES));
    url.searchParams.set('state', params.state);
    return url.href;
  }

  /** Trades the `code` GitHub sent to the callback for an access token. */
  async exchangeCode(params: { code: string; redirectUri: string }): Promise<string> {
    if (!this.clientSecret) {
      throw new HubError(
        'unavailable',
        'GitHub web sign-in is not configured on this Hub: the GitHub OAuth client secret is missing. Use the device flow, or ask an operator to set the secret.',
      );
    }
    const body = await this.postOAuth('/login/oauth/access_token', {
      client_id: this.clientId,
      client_secret: this.clientSecret,
      code: params.code,
      redirect_uri: params.redirectUri,
    });
    const ok = tokenAnswer.safeParse(body);
    if (ok.success) return ok.data.access_token;
    throw oauthError(body);
  }

  async startDeviceFlow(scope: readonly string[] | string = DEFAULT_GITHUB_SCOPES): Promise<DeviceFlowStart> {
    const answer = await this.send('POST', `${this.oauthBaseUrl}/login/device/code`, {
      body: new URLSearchParams({ client_id: this.clientId, scope: scopeString(scope) }),
      accept: 'application/json',
    });
    if (answer.status >= 500) throw outage('start device sign-in', answer.status);
    if (answer.status !== 200) {
      throw new HubError(
        'unavailable',
        `GitHub refused to start a device sign-in (HTTP ${answer.status}). An operator must check the Hub's GitHub OAuth client id and that Device Flow is enabled in the OAuth app's settings.`,
      );
    }
    const parsed = deviceCodeAnswer.safeParse(parseJson(answer.text));
    if (!parsed.success) throw unexpected('start device sign-in');
    const { device_code, user_code, verification_uri, expires_in, interval } = parsed.data;
    return {
      deviceCode: device_code,
      userCode: user_code,
      verificationUri: verification_uri,
      expiresIn: expires_in,
      interval,
    };
  }

  /** One poll of a device sign-in; the caller waits `interval` seconds between polls. */
  async pollDeviceFlow(deviceCode: string): Promise<DevicePollResult> {
    const body = await this.postOAuth('/login/oauth/access_token', {
      client_id: this.clientId,
      device_code: deviceCode,
      grant_type: DEVICE_GRANT_TYPE,
    });
    const ok = tokenAnswer.safeParse(body);
    if (ok.success) return { status: 'ok', accessToken: ok.data.access_token };
    const failed = oauthErrorAnswer.safeParse(body);
    if (!failed.success) throw unexpected('finish the GitHub sign-in');
    switch (failed.data.error) {
      case 'authorization_pending':
        return { status: 'pending' };
      case 'slow_down':
        // RFC 8628 says add 5 seconds when GitHub does not say how long to wait.
        return { status: 'slow_down', interval: failed.data.interval ?? 5 };
      case 'expired_token':
        return { status: 'expired' };
      case 'access_denied':
        return { status: 'denied' };
      default:
        throw oauthErrorFor(failed.data.error);
    }
  }

  /** The token holder and their organisations, read fresh from GitHub on every call. */
  async identity(accessToken: string): Promise<GitHubIdentity> {
    const [user, orgs] = await Promise.all([
      this.api(`${this.apiBaseUrl}/user`, accessToken, 'read your GitHub account'),
      this.organizations(accessToken),
    ]);
    return toIdentity(parseJson(user.text), orgs);
  }

  /** Logins of every organisation the token holder belongs to (needs the read:org scope). */
  async organizations(accessToken: string): Promise<string[]> {
    const logins: string[] = [];
    let next: string | undefined = `${this.apiBaseUrl}/user/orgs?per_page=${ORGS_PER_PAGE}`;
    for (let page = 0; next && page < MAX_ORG_PAGES; page++) {
      const answer = await this.api(next, accessToken, 'list your organisations');
      const parsed = orgsAnswer.safeParse(parseJson(answer.text));
      if (!parsed.success) throw unexpected('list your organisations');
      logins.push(...parsed.data.map((org) => org.login));
      next = this.nextPage(answer.headers.get('link'));
    }
    return logins;
  }

  private async api(url: string, accessToken: string, what: string): Promise<Answer> {
    const answer = await this.send('GET', url, { accessToken, accept: 'application/vnd.github+json' });
    if (answer.status === 200) return answer;
    if (answer.status === 401) {
      throw new HubError(
        'unauthorized',
        'GitHub rejected the access token: it was revoked, has expired or was never valid. Sign in with GitHub again.',
      );
    }
    if ((answer.status === 403 || answer.status === 429) && answer.headers.get('x-ratelimit-remaining') === '0') {
      throw new HubError(
        'unavailable',
        `GitHub's API rate limit is exhausted, so the Hub could not ${what}. Try again in a few minutes.`,
      );
    }
    if (answer.status === 403) {
      const scopes = answer.headers.get('x-oauth-scopes');
      const hint = scopes === null ? '' : ` The token grants: ${scopes || 'no scopes'}; the Hub needs read:org.`;
      throw new HubError(
        'forbidden',
        `GitHub did not let the Hub ${what} (HTTP 403).${hint} Sign in with GitHub again and grant organisation access.`,
      );
    }
    throw outage(what, answer.status);
  }

  /** Follows GitHub's Link pagination, but never sends the token to another origin. */
  private nextPage(link: string | null): string | undefined {
    const match = link
      ?.split(',')
      .map((part) => /<([^>]+)>\s*;\s*rel="next"/.exec(part))
      .find(Boolean);
    if (!match) return undefined;
    const next = new URL(match[1]!);
    if (next.origin !== new URL(this.apiBaseUrl).origin) throw unexpected('list your organisations');
    return next.href;
  }

  /** POSTs to an OAuth endpoint and returns its JSON body, error bodies included (GitHub sends those with 200). */
  private async postOAuth(path: string, params: Record<string, string>): Promise<unknown> {
    const answer = await this.send('POST', `${this.oauthBaseUrl}${path}`, {
      body: new URLSearchParams(params),
      accept: 'application/json',
    });
    if (answer.status >= 500) throw outage('finish the GitHub sign-in', answer.status);
    const body = parseJson(answer.text);
    if (body === undefined) throw unexpected('finish the GitHub sign-in');
    return body;
  }

  private async send(
    method: string,
    url: string,
    init: { body?: URLSearchParams; accessToken?: string; accept: string },
  ): Promise<Answer> {
    const headers: Record<string, string> = { accept: init.accept, 'user-agent': this.userAgent };
    if (init.accessToken !== undefined) {
      headers.authorization = `Bearer ${init.accessToken}`;
      headers['x-github-api-version'] = GITHUB_API_VERSION;
    }
    try {
      const res = await this.fetchImpl(url, {
        method,
        headers,
        body: init.body,
        signal: AbortSignal.timeout(this.timeoutMs),
        redirect: 'manual',
      });
      return { status: res.status, headers: res.headers, text: await res.text() };
    } catch (err) {
      throw new HubError(
        'unavailable',
        `GitHub could not be reached at ${new URL(url).origin} (${networkReason(err, this.timeoutMs)}). Check the Hub's network access to GitHub and https://www.githubstatus.com, then try again.`,
      );
    }
  }
}

/** Builds the identity from GitHub's `/user` document and the organisation logins. */
export function toIdentity(user: unknown, orgs: string[]): GitHubIdentity {
  const parsed = userAnswer.safeParse(user);
  if (!parsed.success) throw unexpected('read your GitHub account');
  const { id, login, name, avatar_url } = parsed.data;
  return { id, login, name: name ?? null, avatarUrl: avatar_url ?? null, orgs };
}

/** Turns an OAuth `error` code from GitHub's token endpoint into what the Hub tells its caller. */
export function oauthErrorFor(code: string | undefined): HubError {
  switch (code) {
    case 'bad_verification_code':
      return new HubError(
        'unauthorized',
        'GitHub did not accept the sign-in code: it is wrong, expired (codes last 10 minutes) or was already used. Start the GitHub sign-in again.',
      );
    case 'incorrect_device_code':
      return new HubError(
        'bad_request',
        'GitHub does not know this device code, or it was already used. Start the device sign-in again.',
      );
    case 'incorrect_client_credentials':
      return new HubError(
        'unavailable',
        "GitHub rejected the Hub's OAuth client id or client secret. An operator must check the GitHub OAuth app credentials in the Hub's configuration.",
      );
    case 'redirect_uri_mismatch':
      return new HubError(
        'unavailable',
        "The Hub's GitHub callback URL is not allowed by its GitHub OAuth app. An operator must make the app's Authorization callback URL cover the Hub's callback URL.",
      );
    case 'device_flow_disabled':
    case 'unsupported_grant_type':
      return new HubError(
        'unavailable',
        "Device sign-in is not enabled for the Hub's GitHub OAuth app. An operator must enable Device Flow in the app's settings, or use web sign-in.",
      );
    default:
      return new HubError(
        'unavailable',
        `GitHub refused the sign-in${code && /^[a-z_]{1,64}$/.test(code) ? ` (${code})` : ''}. Try again; if it keeps failing, an operator should check the Hub's GitHub OAuth app.`,
      );
  }
}

function oauthError(body: unknown): HubError {
  const failed = oauthErrorAnswer.safeParse(body);
  return oauthErrorFor(failed.success ? failed.data.error : undefined);
}

function outage(what: string, status: number): HubError {
  return new HubError(
    'unavailable',
    `GitHub answered HTTP ${status} when the Hub tried to ${what}. GitHub may be having an outage (https://www.githubstatus.com); try again later.`,
  );
}

function unexpected(what: string): HubError {
  return new HubError(
    'unavailable',
    `GitHub sent an answer the Hub does not understand when it tried to ${what}. Try again; if it keeps failing, check the Hub's GitHub base URLs.`,
  );
}

function networkReason(err: unknown, timeoutMs: number): string {
  // Duck-typed: fetch's errors come from Node's own realm, where `instanceof Error` can be false.
  const { name, cause } = (err ?? {}) as { name?: unknown; cause?: { code?: unknown } };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return typeof cause?.code === 'string' ? cause.code : 'connection failed';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function scopeString(scope: readonly string[] | string): string {
  return typeof scope === 'string' ? scope : scope.join(' ');
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
