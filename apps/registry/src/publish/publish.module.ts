import { Module } from '@nestjs/common';
import { ServersModule } from '../servers/servers.module';
import { PublishController } from './publish.controller';
import { PublishService } from './publish.service';
import { VisibilityController } from './visibility.controller';

/** The official API's write side: publish, validate, status changes, unpublish, admin edits, visibility. */
@Module({
  imports: [ServersModule],
  controllers: [PublishController, VisibilityController],
  providers: [PublishService],
  exports: [PublishService],
})
export class PublishModule {}
