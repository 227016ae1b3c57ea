import { type DynamicModule, Module, type Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { HubConfig } from '@mcp-hub/config';
import { type DatabaseHandle, openDatabase } from '@mcp-hub/db';
import { createHttpApp } from './bootstrap';
import { Clock } from './clock';
import { HubCoreModule } from './core.module';

export interface BootOptions {
  config: HubConfig;
  /** The service modules this process hosts (the gateway hosts all of them). */
  modules: (Type | DynamicModule)[];
  title: string;
  description: string;
  clock?: Clock;
  /** An already-open database (tests share one); otherwise opened from config and closed with the app. */
  database?: DatabaseHandle;
  listen?: boolean;
}

export interface RunningService {
  app: NestFastifyApplication;
  url: string;
  database: DatabaseHandle;
  close(): Promise<void>;
}

@Module({})
class RootModule {}

/** Opens the database (running migrations), assembles the modules and starts listening. */
export async function bootHttp(opts: BootOptions): Promise<RunningService> {
  const ownsDatabase = !opts.database;
  const database = opts.database ?? (await openDatabase(opts.config.database));
  try {
    const root: DynamicModule = {
      module: RootModule,
      imports: [HubCoreModule.forRoot(opts.config, database, opts.clock ?? new Clock()), ...opts.modules],
    };
    const app = await createHttpApp(root, opts.config, { title: opts.title, description: opts.description });
    if (opts.listen !== false) await app.listen({ port: opts.config.port, host: opts.config.host });
    else await app.init();
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : opts.config.port;
    const host = opts.config.host === '0.0.0.0' ? '127.0.0.1' : opts.config.host;
    return {
      app,
      url: `http://${host}:${port}`,
      database,
      close: async () => {
        await app.close();
        if (ownsDatabase) await database.close();
      },
    };
  } catch (err) {
    if (ownsDatabase) await database.close().catch(() => undefined);
    throw err;
  }
}
