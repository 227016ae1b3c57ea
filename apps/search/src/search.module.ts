import { Module } from '@nestjs/common';
import { EmbeddingsService } from './embeddings/embeddings.service';
import { SearchIndexer } from './indexing/search-indexer';
import { RelatedController } from './related/related.controller';
import { RelatedService } from './related/related.service';
import { SearchController } from './search.controller';
import { SearchRepository } from './search.repository';
import { SearchService } from './search.service';

/**
 * The Search service: GET /api/v1/search, GET /api/v1/servers/{name}/related, and the indexer that keeps search documents and
 * embeddings in step with the registry. Needs HubCoreModule (config, database, events).
 */
@Module({
  controllers: [SearchController, RelatedController],
  providers: [SearchRepository, EmbeddingsService, SearchIndexer, SearchService, RelatedService],
  exports: [SearchService, SearchIndexer, EmbeddingsService],
})
export class SearchModule {}
