import { Module } from '@nestjs/common';
import { AuthModule } from '@mcp-hub/auth';
import { HUB_DB } from '@mcp-hub/http';
import { registryReaderProvider } from '@mcp-hub/registry-port';
import { capabilitiesReaderProvider } from '@mcp-hub/runtime-port';
import { EmbeddingsService } from './embeddings/embeddings.service';
import { EngineHost } from './engine/engine-host';
import { SearchIndexingRepository } from './indexing/indexing.repository';
import { SearchIndexer } from './indexing/search-indexer';
import { SearchQueryingRepository } from './querying.repository';
import { RelatedController } from './related/related.controller';
import { RelatedService } from './related/related.service';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

/**
 * The Search service: GET /api/v1/search, GET /api/v1/servers/{name}/related, and the indexer that keeps search documents and
 * embeddings in step with the registry. Needs HubCoreModule (config, database, events). Registry data is read through
 * RegistryReader (@mcp-hub/registry-port), tools through CapabilitiesReader (@mcp-hub/runtime-port), never by SQL on
 * those services' tables.
 */
@Module({
  imports: [AuthModule],
  controllers: [SearchController, RelatedController],
  providers: [
    registryReaderProvider(HUB_DB),
    capabilitiesReaderProvider(HUB_DB),
    SearchIndexingRepository,
    SearchQueryingRepository,
    EngineHost,
    EmbeddingsService,
    SearchIndexer,
    SearchService,
    RelatedService,
  ],
  exports: [SearchService, SearchIndexer, EmbeddingsService],
})
export class SearchModule {}
