import { Logger } from '@nestjs/common';
import { ConfigError } from '@mcp-hub/config';
import type { RunningService } from './boot';

/** Entrypoint helper: start, log where, stop cleanly on SIGINT/SIGTERM, exit 1 on a failed boot. */
export async function runUntilSignal(name: string, start: () => Promise<RunningService>): Promise<void> {
  const logger = new Logger(name);
  let running: RunningService;
  try {
    running = await start();
  } catch (err) {
    const message = err instanceof ConfigError ? err.message : `Failed to start: ${err instanceof Error ? err.message : String(err)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
  logger.log(`listening on ${running.url} (database: ${running.database.kind}); API docs at ${running.url}/docs`);
  const stop = async (signal: string) => {
    logger.log(`${signal} received, shutting down`);
    await running.close().catch((e: unknown) => logger.error(String(e)));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
