import { Module } from '@nestjs/common';
import { MirrorRepository } from './mirror.repository';
import { MirrorService } from './mirror.service';
import { MirrorWorker } from './mirror.worker';

/** The upstream mirror: crawl and poll of the official registry, snapshot import, and its worker. */
@Module({
  providers: [MirrorRepository, MirrorService, MirrorWorker],
  exports: [MirrorService],
})
export class MirrorModule {}
