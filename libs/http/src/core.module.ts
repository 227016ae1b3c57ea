import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { HubConfig } from '@mcp-hub/config';
import { HUB_CONFIG } from '@mcp-hub/config';
import type { DatabaseHandle } from '@mcp-hub/db';
import { Clock } from './clock';
import { HealthIndicators } from './health';
import { HealthController } from './health.controller';
import { Metrics, MetricsController } from './metrics';
import { RegistryEvents } from '@mcp-hub/registry-port';
import { RuntimeEvents } from '@mcp-hub/runtime-port';
import { HUB_DB, HUB_DB_KIND } from './tokens';

/**
 * Process-wide singletons every service module may inject: config, database, clock, registry and runtime events,
 * metrics (one registry per Hub instance).
 */
@Global()
@Module({})
export class HubCoreModule {
  static forRoot(config: HubConfig, database: DatabaseHandle, clock: Clock = new Clock()): DynamicModule {
    return {
      module: HubCoreModule,
      // Every process answers /healthz, /v0.1/health and /metrics, whichever services it hosts.
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: HUB_CONFIG, useValue: config },
        { provide: HUB_DB, useValue: database.db },
        { provide: HUB_DB_KIND, useValue: database.kind },
        { provide: Clock, useValue: clock },
        RegistryEvents,
        RuntimeEvents,
        HealthIndicators,
        Metrics,
      ],
      exports: [HUB_CONFIG, HUB_DB, HUB_DB_KIND, Clock, RegistryEvents, RuntimeEvents, HealthIndicators, Metrics],
    };
  }
}
