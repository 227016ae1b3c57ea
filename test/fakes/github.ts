/**
 * A local stand-in for GitHub's OAuth web flow, device flow and the few REST endpoints the Hub
 * reads, so the Hub's sign-in code runs unchanged against it: only base URLs differ.
 *
 * One node:http server on 127.0.0.1 plays both hosts:
 *   oauthBaseUrl = http://127.0.0.1:<port>       stands for https://github.com
 *   apiBaseUrl   = http://127.0.0.1:<port>/api   stands for https://api.github.com
 * (GitHub Enterprise Server has the same split: web at the root, REST under /api/v3.) OAuth
 * routes answer only at the root and REST routes only under /api, so a client that builds one
 * kind of URL from the other base fails here as it would against GitHub.
 *
 *   GET  /login/oauth/authorize      302 to redirect_uri with code+state (as `nextAuthorizer`)
 *                                    or error=access_denied (`deny`); unknown client_id → 404 page
 *   POST /login/oauth/access_token   code grant (grant_type absent or authorization_code) and
 *                                    device grant; errors are HTTP 200 with an `error` field
 *   POST /login/device/code          device + user codes
 *   GET  /login/device               the page users type the code into (approval is test-driven)
 *   GET  /api/user, /api/user/orgs, /api/user/emails
 *
 * Wire behaviour copied from GitHub, because clients trip on exactly these:
 *   - the OAuth endpoints take form or JSON bodies and answer form-encoded unless the request
 *     says `Accept: application/json`;
 *   - token errors (`bad_verification_code`, `incorrect_client_credentials`,
 *     `redirect_uri_mismatch`, `authorization_pending`, `slow_down` + new `interval`,
 *     `expired_token`, `access_denied`, `incorrect_device_code`, `unsupported_grant_type`)
 *     come back with HTTP 200;
 *   - redirect_uri must be on the registered callback URL's host and port and under its path
 *     (any port when the registered callback is a loopback address without one);
 *   - REST wants `Authorization: Bearer|token <t>` (401 "Requires authentication" /
 *     "Bad credentials") and a User-Agent (403 without); `/user/orgs` needs the `read:org`,
 *     `write:org`, `admin:org` or `user` scope (403 otherwise) and pages with a Link header.
 * Guesses, where GitHub's documentation is silent: an unknown client_id on /login/device/code
 * answers 404; polling a device code that already produced a token answers
 * `incorrect_device_code`; a code grant with the wrong secret does not burn the code;
 * `/user/emails` without the `user:email` scope answers 404.
 *
 * Time: the fake has its own clock (`advanceClock`) so device-flow intervals and expiries keep
 * GitHub's real values (5 s, 900 s) and tests still run instantly.
 */
import { randomBytes, randomInt } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGitHubOptions {
  /** The OAuth app registered on the fake. Random when absent. */
  clientId?: string;
  clientSecret?: string;
  /** The app's registered "Authorization callback URL". */
  callbackUrl?: string;
  /** Device codes' lifetime in seconds (GitHub: 900). */
  deviceExpiresIn?: number;
  /** Minimum seconds between device polls (GitHub: 5). */
  deviceInterval?: number;
}

export interface FakeUserInput {
  login: string;
  id?: number;
  name?: string | null;
  email?: string | null;
  orgs?: string[];
}

export interface FakeUser {
  login: string;
  id: number;
  name: string | null;
  email: string | null;
  orgs: Set<string>;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The raw request body. */
  body: string;
}

interface AuthCode {
  clientId: string;
  login: string;
  scopes: string[];
  redirectUri: string | undefined;
  expiresAt: number;
}

interface DeviceGrant {
  deviceCode: string;
  userCode: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  interval: number;
  lastPolledAt: number | undefined;
  state: 'pending' | 'approved' | 'denied' | 'used';
  login?: string;
}

interface IssuedToken {
  login: string;
  scopes: string[];
}

type Params = Record<string, string>;

const API_PREFIX = '/api';
const DEVICE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
const CODE_LIFETIME_MS = 10 * 60 * 1000;
const SLOW_DOWN_STEP_S = 5;
const ORG_SCOPES = ['read:org', 'write:org', 'admin:org', 'user'];
const EMAIL_SCOPES = ['user:email', 'user'];
const DOCS = 'https://docs.github.com';

const TOKEN_ERRORS: Record<string, string> = {
  bad_verification_code: 'The code passed is incorrect or expired.',
  incorrect_client_credentials: 'The client_id and/or client_secret passed are incorrect.',
  redirect_uri_mismatch: 'The redirect_uri MUST match the registered callback URL for this application.',
  unsupported_grant_type: 'The grant type is not supported.',
  authorization_pending: 'The authorization request is still pending.',
  slow_down: 'Too many requests have been made in the same timeframe.',
  expired_token: 'The device code has expired.',
  access_denied: 'The authorization request was denied.',
  incorrect_device_code: 'The device_code provided is not valid.',
};

export class FakeGitHub {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly callbackUrl: string;
  /** The GitHub user "signed in" in the browser: who approves the next /login/oauth/authorize. */
  nextAuthorizer: string | undefined;
  /** When true, the browser user clicks "Cancel" on the authorization page. */
  deny = false;
  /** Accept connections and never answer (a GitHub that hangs). */
  hang = false;
  /** Answer every request with this HTTP status and an HTML error page (a GitHub outage). */
  failWith: number | undefined;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];

  private readonly server: Server;
  private readonly deviceExpiresIn: number;
  private readonly deviceInterval: number;
  private readonly users = new Map<string, FakeUser>();
  private readonly orgIds = new Map<string, number>();
  private readonly codes = new Map<string, AuthCode>();
  private readonly devices = new Map<string, DeviceGrant>();
  private readonly tokens = new Map<string, IssuedToken>();
  private nextId = 1000 + randomInt(1000);
  private clockOffsetMs = 0;
  private origin = '';

  constructor(options: FakeGitHubOptions = {}) {
    this.clientId = options.clientId ?? `Iv1.${randomBytes(8).toString('hex')}`;
    this.clientSecret = options.clientSecret ?? randomBytes(20).toString('hex');
    this.callbackUrl = options.callbackUrl ?? 'http://127.0.0.1/auth/github/callback';
    this.deviceExpiresIn = options.deviceExpiresIn ?? 900;
    this.deviceInterval = options.deviceInterval ?? 5;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake GitHub crashed: ${err instanceof Error ? err.message : String(err)}`);
      });
    });
  }

  /** Stands for https://github.com. */
  get oauthBaseUrl(): string {
    return this.origin;
  }

  /** Stands for https://api.github.com. */
  get apiBaseUrl(): string {
    return this.origin + API_PREFIX;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  addUser(input: FakeUserInput): FakeUser {
    if (this.users.has(input.login.toLowerCase())) throw new Error(`fake GitHub: user ${input.login} exists already`);
    const user: FakeUser = {
      login: input.login,
      id: input.id ?? this.nextId++,
      name: input.name === undefined ? input.login : input.name,
      email: input.email ?? null,
      orgs: new Set(),
    };
    this.users.set(input.login.toLowerCase(), user);
    this.setOrgs(input.login, input.orgs ?? []);
    return user;
  }

  /** Replaces the user's organisation memberships; the next API call sees the change. */
  setOrgs(login: string, orgs: string[]): void {
    const user = this.user(login);
    user.orgs = new Set(orgs);
    for (const org of orgs) if (!this.orgIds.has(org)) this.orgIds.set(org, this.nextId++);
  }

  addToOrg(login: string, org: string): void {
    this.setOrgs(login, [...this.user(login).orgs, org]);
  }

  removeFromOrg(login: string, org: string): void {
    this.user(login).orgs.delete(org);
  }

  /** Mints a token as if `login` had authorised the app with `scopes` (a stored sign-in). */
  issueToken(login: string, scopes: string[] = ['read:org']): string {
    this.user(login);
    const token = `gho_${randomBytes(18).toString('base64url')}`;
    this.tokens.set(token, { login, scopes });
    return token;
  }

  /** Revokes every token of the user, as "Revoke access" in GitHub's settings does. */
  revokeTokens(login: string): number {
    let revoked = 0;
    for (const [token, issued] of this.tokens) {
      if (issued.login.toLowerCase() === login.toLowerCase()) {
        this.tokens.delete(token);
        revoked++;
      }
    }
    return revoked;
  }

  /** The user types `userCode` at /login/device and authorises the app. */
  approveDevice(userCode: string, login: string): void {
    const grant = this.deviceByUserCode(userCode);
    this.user(login);
    grant.state = 'approved';
    grant.login = login;
  }

  /** The user types `userCode` at /login/device and clicks "Cancel". */
  denyDevice(userCode: string): void {
    this.deviceByUserCode(userCode).state = 'denied';
  }

  /** Moves the fake's clock forward (device-flow intervals, code expiries). */
  advanceClock(seconds: number): void {
    this.clockOffsetMs += seconds * 1000;
  }

  private now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  private user(login: string): FakeUser {
    const user = this.users.get(login.toLowerCase());
    if (!user) throw new Error(`fake GitHub: no user ${login}; call addUser first`);
    return user;
  }

  private deviceByUserCode(userCode: string): DeviceGrant {
    const wanted = userCode.toUpperCase().replace(/[^A-Z0-9]/g, '');
    const grant = [...this.devices.values()].find((g) => g.userCode.replace('-', '') === wanted);
    if (!grant) throw new Error(`fake GitHub: no device authorisation with user code ${userCode}`);
    if (this.now() >= grant.expiresAt) throw new Error(`fake GitHub: user code ${userCode} has expired`);
    return grant;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', this.origin);
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers, body });
    if (this.hang) return;
    if (this.failWith !== undefined) {
      res.writeHead(this.failWith, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><body><h1>Unicorn!</h1><p>This page is taking too long to load.</p></body></html>');
      return;
    }
    const route = `${req.method} ${url.pathname}`;
    if (url.pathname.startsWith(`${API_PREFIX}/`)) {
      this.handleApi(req, res, url);
      return;
    }
    const params: Params = { ...query, ...parseBody(req.headers['content-type'], body) };
    switch (route) {
      case 'GET /login/oauth/authorize':
        return this.authorize(res, params);
      case 'POST /login/oauth/access_token':
        return this.accessToken(req, res, params);
      case 'POST /login/device/code':
        return this.deviceCode(req, res, params);
      case 'GET /login/device':
        return sendHtml(res, 200, '<h1>Device Activation</h1><p>Enter the code displayed on your device.</p>');
      default:
        return sendHtml(res, 404, '<h1>404</h1><p>This is not the web page you are looking for.</p>');
    }
  }

  private authorize(res: ServerResponse, params: Params): void {
    if (params.client_id !== this.clientId) {
      return sendHtml(res, 404, '<h1>404</h1><p>This is not the web page you are looking for.</p>');
    }
    const state = params.state;
    const redirectUri = params.redirect_uri;
    if (redirectUri !== undefined && !redirectAllowed(redirectUri, this.callbackUrl)) {
      return redirect(res, this.callbackUrl, {
        error: 'redirect_uri_mismatch',
        error_description: 'The redirect_uri MUST match the registered callback URL for this application.',
        error_uri: `${DOCS}/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#redirect-uri-mismatch`,
        state,
      });
    }
    const target = redirectUri ?? this.callbackUrl;
    if (this.deny) {
      return redirect(res, target, {
        error: 'access_denied',
        error_description: 'The user has denied your application access.',
        error_uri: `${DOCS}/apps/managing-oauth-apps/troubleshooting-authorization-request-errors/#access-denied`,
        state,
      });
    }
    if (this.nextAuthorizer === undefined) {
      return sendHtml(res, 200, '<h1>Sign in to GitHub</h1><p>to continue to the application.</p>');
    }
    const code = randomBytes(10).toString('hex');
    this.codes.set(code, {
      clientId: this.clientId,
      login: this.user(this.nextAuthorizer).login,
      scopes: splitScopes(params.scope),
      redirectUri,
      expiresAt: this.now() + CODE_LIFETIME_MS,
    });
    redirect(res, target, { code, state });
  }

  private accessToken(req: IncomingMessage, res: ServerResponse, params: Params): void {
    const grantType = params.grant_type;
    if (grantType === DEVICE_GRANT_TYPE) return this.deviceToken(req, res, params);
    // GitHub's documented request has no grant_type; generic OAuth clients (passport-oauth2) send
    // the standard one, which GitHub accepts.
    if (grantType !== undefined && grantType !== 'authorization_code')
      return tokenError(req, res, 'unsupported_grant_type');
    if (params.client_id !== this.clientId || params.client_secret !== this.clientSecret) {
      return tokenError(req, res, 'incorrect_client_credentials');
    }
    const code = params.code === undefined ? undefined : this.codes.get(params.code);
    if (!code || code.clientId !== params.client_id || this.now() >= code.expiresAt) {
      return tokenError(req, res, 'bad_verification_code');
    }
    if (params.redirect_uri !== undefined && params.redirect_uri !== (code.redirectUri ?? this.callbackUrl)) {
      return tokenError(req, res, 'redirect_uri_mismatch');
    }
    this.codes.delete(params.code!);
    this.sendToken(req, res, code.login, code.scopes);
  }

  private deviceToken(req: IncomingMessage, res: ServerResponse, params: Params): void {
    if (params.client_id !== this.clientId) return tokenError(req, res, 'incorrect_client_credentials');
    const grant = params.device_code === undefined ? undefined : this.devices.get(params.device_code);
    if (!grant || grant.clientId !== params.client_id || grant.state === 'used') {
      return tokenError(req, res, 'incorrect_device_code');
    }
    const now = this.now();
    if (now >= grant.expiresAt) return tokenError(req, res, 'expired_token');
    const tooSoon = grant.lastPolledAt !== undefined && now - grant.lastPolledAt < grant.interval * 1000;
    grant.lastPolledAt = now;
    if (tooSoon) {
      grant.interval += SLOW_DOWN_STEP_S;
      return tokenError(req, res, 'slow_down', { interval: grant.interval });
    }
    if (grant.state === 'denied') return tokenError(req, res, 'access_denied');
    if (grant.state === 'pending') return tokenError(req, res, 'authorization_pending');
    grant.state = 'used';
    this.sendToken(req, res, grant.login!, grant.scopes);
  }

  private deviceCode(req: IncomingMessage, res: ServerResponse, params: Params): void {
    if (params.client_id !== this.clientId) return sendOAuth(req, res, 404, { error: 'Not Found' });
    const deviceCode = randomBytes(20).toString('hex');
    const grant: DeviceGrant = {
      deviceCode,
      userCode: newUserCode(),
      clientId: params.client_id,
      scopes: splitScopes(params.scope),
      expiresAt: this.now() + this.deviceExpiresIn * 1000,
      interval: this.deviceInterval,
      lastPolledAt: undefined,
      state: 'pending',
    };
    this.devices.set(deviceCode, grant);
    sendOAuth(req, res, 200, {
      device_code: deviceCode,
      user_code: grant.userCode,
      verification_uri: `${this.origin}/login/device`,
      expires_in: this.deviceExpiresIn,
      interval: this.deviceInterval,
    });
  }

  private sendToken(req: IncomingMessage, res: ServerResponse, login: string, scopes: string[]): void {
    const accessToken = this.issueToken(login, scopes);
    sendOAuth(req, res, 200, { access_token: accessToken, token_type: 'bearer', scope: scopes.join(',') });
  }

  private handleApi(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const path = url.pathname.slice(API_PREFIX.length);
    if (!req.headers['user-agent']) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Request forbidden by administrative rules. Please make sure your request has a User-Agent header.');
      return;
    }
    const known = req.method === 'GET' && ['/user', '/user/orgs', '/user/emails'].includes(path);
    if (!known) return sendApiError(res, 404, 'Not Found');
    const auth = /^(?:bearer|token)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!auth) return sendApiError(res, 401, 'Requires authentication');
    const issued = this.tokens.get(auth[1]!);
    const user = issued && this.users.get(issued.login.toLowerCase());
    if (!issued || !user) return sendApiError(res, 401, 'Bad credentials');
    res.setHeader('x-oauth-scopes', issued.scopes.join(', '));
    if (path === '/user') {
      res.setHeader('x-accepted-oauth-scopes', '');
      return sendJson(res, 200, this.userJson(user));
    }
    if (path === '/user/emails') {
      res.setHeader('x-accepted-oauth-scopes', 'user, user:email');
      if (!issued.scopes.some((s) => EMAIL_SCOPES.includes(s))) return sendApiError(res, 404, 'Not Found');
      const emails = user.email ? [{ email: user.email, primary: true, verified: true, visibility: 'private' }] : [];
      return sendJson(res, 200, emails);
    }
    res.setHeader('x-accepted-oauth-scopes', 'admin:org, read:org, repo, user, write:org');
    if (!issued.scopes.some((s) => ORG_SCOPES.includes(s))) {
      return sendApiError(res, 403, 'You need at least read:org scope or user scope to list your organizations.');
    }
    const orgs = [...user.orgs].sort().map((login) => this.orgJson(login));
    this.sendPage(res, url, orgs);
  }

  private sendPage(res: ServerResponse, url: URL, items: unknown[]): void {
    const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page')) || 30, 1), 100);
    const page = Math.max(Number(url.searchParams.get('page')) || 1, 1);
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    const link = (p: number, rel: string) => {
      const target = new URL(url);
      target.searchParams.set('per_page', String(perPage));
      target.searchParams.set('page', String(p));
      return `<${target.href}>; rel="${rel}"`;
    };
    const links = [];
    if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (links.length) res.setHeader('link', links.join(', '));
    sendJson(res, 200, items.slice((page - 1) * perPage, page * perPage));
  }

  private userJson(user: FakeUser): Record<string, unknown> {
    const api = this.apiBaseUrl;
    return {
      login: user.login,
      id: user.id,
      node_id: Buffer.from(`04:User${user.id}`).toString('base64'),
      avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
      gravatar_id: '',
      url: `${api}/users/${user.login}`,
      html_url: `${this.origin}/${user.login}`,
      type: 'User',
      site_admin: false,
      name: user.name,
      company: null,
      blog: '',
      location: null,
      email: user.email,
      hireable: null,
      bio: null,
      twitter_username: null,
      public_repos: 0,
      public_gists: 0,
      followers: 0,
      following: 0,
      created_at: '2020-01-01T00:00:00Z',
      updated_at: '2020-01-01T00:00:00Z',
    };
  }

  private orgJson(login: string): Record<string, unknown> {
    const id = this.orgIds.get(login)!;
    return {
      login,
      id,
      node_id: Buffer.from(`012:Organization${id}`).toString('base64'),
      url: `${this.apiBaseUrl}/orgs/${login}`,
      repos_url: `${this.apiBaseUrl}/orgs/${login}/repos`,
      avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
      description: null,
    };
  }
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  return new FakeGitHub(options).start();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(contentType: string | undefined, body: string): Params {
  if (!body) return {};
  if (contentType?.includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed && typeof parsed === 'object') {
        return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
      }
    } catch {
      return {};
    }
    return {};
  }
  return Object.fromEntries(new URLSearchParams(body));
}

function splitScopes(scope: string | undefined): string[] {
  return (scope ?? '').split(/[\s,]+/).filter(Boolean);
}

function newUserCode(): string {
  const alphabet = 'BCDFGHJKLMNPQRSTVWXZ0123456789';
  const pick = () => Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join('');
  return `${pick()}-${pick()}`;
}

function isLoopback(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

function redirectAllowed(redirectUri: string, callbackUrl: string): boolean {
  let wanted: URL;
  try {
    wanted = new URL(redirectUri);
  } catch {
    return false;
  }
  const registered = new URL(callbackUrl);
  if (wanted.protocol !== registered.protocol || wanted.hostname !== registered.hostname) return false;
  const anyPort = isLoopback(registered.hostname) && registered.port === '';
  if (!anyPort && wanted.port !== registered.port) return false;
  const base = registered.pathname.replace(/\/$/, '');
  return wanted.pathname === registered.pathname || wanted.pathname === base || wanted.pathname.startsWith(`${base}/`);
}

function redirect(res: ServerResponse, target: string, params: Record<string, string | undefined>): void {
  const location = new URL(target);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) location.searchParams.set(key, value);
  res.writeHead(302, { location: location.href, 'content-type': 'text/html; charset=utf-8' });
  res.end(`<html><body>You are being <a href="${location.href}">redirected</a>.</body></html>`);
}

function wantsJson(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('application/json');
}

function sendOAuth(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  payload: Record<string, string | number>,
): void {
  if (wantsJson(req)) return sendJson(res, status, payload);
  const form = new URLSearchParams(Object.entries(payload).map(([k, v]) => [k, String(v)] as [string, string]));
  res.writeHead(status, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
  res.end(form.toString());
}

function tokenError(
  req: IncomingMessage,
  res: ServerResponse,
  error: string,
  extra: Record<string, number> = {},
): void {
  sendOAuth(req, res, 200, {
    error,
    error_description: TOKEN_ERRORS[error] ?? error,
    error_uri: `${DOCS}/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps`,
    ...extra,
  });
}

function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(payload));
}

function sendApiError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { message, documentation_url: `${DOCS}/rest`, status: String(status) });
}

function sendHtml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!DOCTYPE html><html><body>${body}</body></html>`);
}
