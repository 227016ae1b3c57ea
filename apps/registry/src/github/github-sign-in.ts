import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { HubError, unauthorized } from '@mcp-hub/domain';
import { type DeviceFlowStart, GitHubClient, type GitHubIdentity } from './github.client';
import { type GitHubSignInStrategy, createGitHubStrategy } from './github.strategy';
import { runStrategy } from './passport.adapter';
import { SignedStateStore } from './signed-state.store';

/** The request passport's strategy sees: GitHub's query, and the browser-bound value the state must carry. */
interface SignInRequest {
  query: Record<string, string>;
  bind: string;
}

export type DevicePoll = { status: 'pending'; interval: number } | { status: 'ok'; identity: GitHubIdentity };

/**
 * GitHub as this Hub is configured (GITHUB_CLIENT_ID and friends): the web flow through
 * passport-github2, the device flow and access-token identities through GitHubClient. Only base
 * URLs say which GitHub it is (github.com, GitHub Enterprise Server, a test double).
 */
@Injectable()
export class GitHubSignIn {
  private readonly client?: GitHubClient;
  private readonly strategy?: GitHubSignInStrategy;

  constructor(@Inject(HUB_CONFIG) config: HubConfig) {
    const gh = config.github;
    if (!gh) return;
    this.client = new GitHubClient({
      clientId: gh.clientId,
      clientSecret: gh.clientSecret,
      oauthBaseUrl: gh.oauthUrl,
      apiBaseUrl: gh.apiUrl,
    });
    if (gh.clientSecret && gh.callbackUrl) {
      const stateStore = new SignedStateStore({
        // Sign-ins in flight do not survive a restart without a configured secret; nothing else depends on it.
        secret: gh.stateSecret ?? randomBytes(32).toString('hex'),
        oneTimeUse: true,
        bind: (req) => (req as SignInRequest).bind,
      });
      this.strategy = createGitHubStrategy({
        clientId: gh.clientId,
        clientSecret: gh.clientSecret,
        oauthBaseUrl: gh.oauthUrl,
        apiBaseUrl: gh.apiUrl,
        callbackUrl: gh.callbackUrl,
        stateStore,
      });
    }
  }

  get enabled(): boolean {
    return this.client !== undefined;
  }

  get webEnabled(): boolean {
    return this.strategy !== undefined;
  }

  identity(accessToken: string): Promise<GitHubIdentity> {
    return this.github().identity(accessToken);
  }

  async startDevice(): Promise<DeviceFlowStart> {
    return this.github().startDeviceFlow();
  }

  async pollDevice(deviceCode: string): Promise<DevicePoll> {
    const github = this.github();
    const polled = await github.pollDeviceFlow(deviceCode);
    switch (polled.status) {
      case 'ok':
        // The access token is used once, to learn who this is, and then dropped.
        return { status: 'ok', identity: await github.identity(polled.accessToken) };
      case 'pending':
        return { status: 'pending', interval: 5 };
      case 'slow_down':
        return { status: 'pending', interval: polled.interval };
      case 'expired':
        throw unauthorized(
          'The sign-in code expired before it was approved on GitHub. Run the sign-in again (mcpm login) and enter the new code within 15 minutes.',
        );
      case 'denied':
        throw unauthorized(
          'The sign-in was cancelled on GitHub, so you are not signed in. Run it again and choose "Authorize".',
        );
    }
  }

  /** Where to send the browser; the state GitHub returns is bound to `bind` (the browser's cookie). */
  async webStart(bind: string): Promise<string> {
    const request: SignInRequest = { query: {}, bind };
    const outcome = await runStrategy(this.web(), request);
    if ('redirect' in outcome) return outcome.redirect;
    throw new HubError('unavailable', 'GitHub sign-in could not start. Try again.');
  }

  async webFinish(input: { code: string; state: string; bind: string }): Promise<GitHubIdentity> {
    const request: SignInRequest = { query: { code: input.code, state: input.state }, bind: input.bind };
    const outcome = await runStrategy<GitHubIdentity>(this.web(), request);
    if ('user' in outcome) return outcome.user;
    if ('fail' in outcome) throw unauthorized(outcome.fail.message);
    throw unauthorized('GitHub sign-in did not finish. Start the sign-in again.');
  }

  private github(): GitHubClient {
    if (!this.client)
      throw new HubError(
        'not_configured',
        'GitHub sign-in is not set up on this Hub: an operator sets GITHUB_CLIENT_ID (and GITHUB_CLIENT_SECRET for web sign-in). Use an API token instead.',
      );
    return this.client;
  }

  private web(): GitHubSignInStrategy {
    if (!this.strategy) {
      throw new HubError(
        'not_configured',
        'GitHub web sign-in is not set up on this Hub: an operator sets GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET and GITHUB_CALLBACK_URL. Sign in with an API token instead.',
      );
    }
    return this.strategy;
  }
}
