import { Module } from '@nestjs/common';
import { GitHubSignIn } from './github-sign-in';

/**
 * GitHub as this Hub is configured (GITHUB_CLIENT_ID and friends): OAuth web and device flows and
 * access-token identities. No database: identity/ turns what GitHub says into Hub users.
 */
@Module({
  providers: [GitHubSignIn],
  exports: [GitHubSignIn],
})
export class GitHubModule {}
