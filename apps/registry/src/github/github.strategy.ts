import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Socket } from 'node:net';
import { HubError } from '@mcp-hub/domain';
import { Strategy as GitHubStrategy } from 'passport-github2';
import { InternalOAuthError, type StateStore } from 'passport-oauth2';
import {
  DEFAULT_GITHUB_SCOPES,
  GitHubClient,
  type GitHubClientOptions,
  oauthErrorFor,
  toIdentity,
} from './github.client';
import type { StrategyRequest } from './passport.adapter';
import type { SignedStateStore } from './signed-state.store';

/**
 * The web sign-in leg: passport-github2 pointed at the configured GitHub (github.com, GitHub
 * Enterprise Server, or the test fake), with a stateless signed `state`, and fixed where its
 * defaults do not fit the Hub:
 *   - GitHub answers token errors with HTTP 200 and an `error` field; passport-oauth2 only parses
 *     non-2xx bodies and would report "Failed to obtain access token". Such answers are turned
 *     into the Hub's typed errors (`bad_verification_code` → unauthorized, bad client secret →
 *     unavailable with an operator hint);
 *   - the `oauth` HTTP client under passport has no timeout; an agent destroys sockets idle for
 *     `timeoutMs`, so a hanging GitHub fails the sign-in instead of holding the request forever;
 *   - every error reaches the caller as a HubError, and a user who clicks "Cancel" on GitHub is
 *     a `fail` with the Hub's own message (GitHub's `error_description` arrives in the query
 *     string, where anyone can write it).
 * Its verify step lists the user's organisations with the fresh access token, so the user it
 * yields is a GitHubIdentity, the same shape `GitHubClient.identity()` returns. The access token
 * is then dropped: the web leg signs the user in, it does not keep GitHub access.
 */
export interface GitHubStrategyOptions extends GitHubClientOptions {
  clientSecret: string;
  /** Absolute URL of the Hub's callback route, covered by the GitHub OAuth app's callback URL. */
  callbackUrl: string;
  scope?: readonly string[];
  stateStore: SignedStateStore;
}

type Created = GitHubSignInStrategy & {
  fail(challenge: { message: string }, status?: number): void;
  error(err: unknown): void;
};

type TokenCallback = (
  err: Error | { statusCode: number; data?: unknown } | null,
  accessToken?: string,
  refreshToken?: string,
  results?: Record<string, unknown>,
) => void;

export class GitHubSignInStrategy extends GitHubStrategy {
  constructor(options: GitHubStrategyOptions) {
    const client = new GitHubClient(options);
    const tokenUrl = new URL(`${client.oauthBaseUrl}/login/oauth/access_token`);
    if (tokenUrl.protocol !== new URL(client.apiBaseUrl).protocol) {
      // passport's HTTP client takes one agent for both hosts, and an agent serves one protocol.
      throw new TypeError(
        'GitHub web sign-in needs oauthBaseUrl and apiBaseUrl to use the same protocol (both https, or both http for tests).',
      );
    }
    if (!URL.canParse(options.callbackUrl))
      throw new TypeError(`GitHub web sign-in needs an absolute callback URL; got "${options.callbackUrl}".`);
    super(
      {
        clientID: client.clientId,
        clientSecret: options.clientSecret,
        callbackURL: options.callbackUrl,
        scope: [...(options.scope ?? DEFAULT_GITHUB_SCOPES)],
        authorizationURL: `${client.oauthBaseUrl}/login/oauth/authorize`,
        tokenURL: tokenUrl.href,
        userProfileURL: `${client.apiBaseUrl}/user`,
        userEmailURL: `${client.apiBaseUrl}/user/emails`,
        userAgent: client.userAgent,
        // @types/passport-oauth2 declares only the 2- and 3-argument store shapes; passport-oauth2
        // also calls the 4-argument one (with the authenticate `state` option), which this uses.
        store: options.stateStore as unknown as StateStore,
      },
      (
        accessToken: string,
        _refreshToken: string,
        profile: { _json?: unknown },
        done: (err: unknown, user?: object) => void,
      ) => {
        client
          .organizations(accessToken)
          .then((orgs) => toIdentity(profile._json, orgs))
          .then(
            (identity) => done(null, identity),
            (err: unknown) => done(err),
          );
      },
    );
    this._oauth2.setAgent(idleTimeoutAgent(tokenUrl.protocol, client.timeoutMs));
    const exchange = this._oauth2.getOAuthAccessToken.bind(this._oauth2) as (
      code: string,
      params: object,
      callback: TokenCallback,
    ) => void;
    const exchangeReportingErrors = (code: string, params: object, callback: TokenCallback) =>
      exchange(code, params, (err, accessToken, refreshToken, results) => {
        // Re-shaped as the non-2xx answer passport-oauth2 knows, so parseErrorResponse sees it.
        if (!err && !accessToken && typeof results?.error === 'string')
          callback({ statusCode: 400, data: JSON.stringify(results) });
        else callback(err, accessToken, refreshToken, results);
      });
    this._oauth2.getOAuthAccessToken = exchangeReportingErrors as typeof this._oauth2.getOAuthAccessToken;
  }

  // `this` is the per-request object passport (or runStrategy) derives from the strategy, which
  // carries that request's success/fail/error functions.
  override authenticate(req: Parameters<GitHubStrategy['authenticate']>[0], options?: object): void {
    const run = this as Created;
    const report = run.error;
    run.error = (err: unknown) => report.call(run, toHubError(err));
    const error = queryParam(req as StrategyRequest, 'error');
    if (error === 'access_denied') {
      run.fail(
        {
          message:
            'You did not authorize the Hub on GitHub, so you are not signed in. Start the sign-in again and choose "Authorize" to continue.',
        },
        401,
      );
      return;
    }
    if (error !== undefined) {
      run.error(oauthErrorFor(error));
      return;
    }
    super.authenticate(req, options);
  }

  override parseErrorResponse(body: unknown): Error | null {
    const parsed: unknown = JSON.parse(String(body));
    const code = parsed && typeof parsed === 'object' && 'error' in parsed ? parsed.error : undefined;
    return typeof code === 'string' ? oauthErrorFor(code) : null;
  }
}

export function createGitHubStrategy(options: GitHubStrategyOptions): GitHubSignInStrategy {
  return new GitHubSignInStrategy(options);
}

function toHubError(err: unknown): HubError {
  if (err instanceof HubError) return err;
  let hubError: HubError;
  if (err instanceof InternalOAuthError) {
    const cause = err.oauthError as { statusCode?: unknown; code?: unknown } | undefined;
    if (cause?.statusCode === 401) {
      hubError = new HubError(
        'unauthorized',
        'GitHub rejected the access token it had just issued. Start the GitHub sign-in again.',
      );
    } else if (typeof cause?.statusCode === 'number') {
      hubError = new HubError(
        'unavailable',
        `GitHub answered HTTP ${cause.statusCode} during sign-in. GitHub may be having an outage (https://www.githubstatus.com); try again later.`,
      );
    } else {
      const reason = typeof cause?.code === 'string' ? cause.code : 'connection failed';
      hubError = new HubError(
        'unavailable',
        `GitHub could not be reached during sign-in (${reason}). Check the Hub's network access to GitHub and https://www.githubstatus.com, then try again.`,
      );
    }
  } else {
    hubError = new HubError(
      'unavailable',
      'GitHub sign-in failed unexpectedly. Try again; if it keeps failing, check the Hub logs and its GitHub settings.',
    );
  }
  hubError.cause = err;
  return hubError;
}

/** An agent whose sockets are destroyed after `timeoutMs` without traffic. */
function idleTimeoutAgent(protocol: string, timeoutMs: number): HttpAgent {
  const agent = protocol === 'https:' ? new HttpsAgent() : new HttpAgent();
  const connect = agent.createConnection.bind(agent);
  agent.createConnection = (options, callback) => {
    const socket = connect(options, callback);
    if (socket instanceof Socket) {
      socket.setTimeout(timeoutMs, () =>
        socket.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
      );
    }
    return socket;
  };
  return agent;
}

function queryParam(req: StrategyRequest, name: string): string | undefined {
  const query = req.query;
  if (!query || typeof query !== 'object' || !(name in query)) return undefined;
  const value: unknown = (query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
