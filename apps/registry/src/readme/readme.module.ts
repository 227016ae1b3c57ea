import { Module } from '@nestjs/common';
import { GitHubReadmeSource } from './github-readme.source';
import { ReadmeController } from './readme.controller';
import { ReadmeRepository } from './readme.repository';
import { ReadmeService } from './readme.service';

/** A server's README, read from GitHub at most once per HUB_README_TTL and kept in server_readmes. */
@Module({
  controllers: [ReadmeController],
  providers: [ReadmeRepository, ReadmeService, GitHubReadmeSource],
  exports: [ReadmeService],
})
export class ReadmeModule {}
