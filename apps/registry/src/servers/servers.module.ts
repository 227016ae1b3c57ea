import { Module } from '@nestjs/common';
import { ReadCacheModule } from '../read-cache/read-cache.module';
import { MyServersController } from './my-servers.controller';
import { ServerVersionRepository } from './server-version.repository';
import { ServersController } from './servers.controller';
import { ServersService } from './servers.service';

/**
 * Servers and their versions (servers, server_versions): the official API's read side (/v0.1/servers)
 * and the dashboard's list. ServerVersionRepository also holds the locked write path publish/ uses.
 */
@Module({
  imports: [ReadCacheModule],
  controllers: [ServersController, MyServersController],
  providers: [ServerVersionRepository, ServersService],
  exports: [ServersService, ServerVersionRepository],
})
export class ServersModule {}
