import { Module } from '@nestjs/common';
import { ReadCacheInterceptor } from './read-cache.interceptor';
import { ReadCache } from './read-cache.service';

/** The anonymous read cache of the official API's GETs, invalidated by registry change events. */
@Module({
  providers: [ReadCache, ReadCacheInterceptor],
  exports: [ReadCache, ReadCacheInterceptor],
})
export class ReadCacheModule {}
