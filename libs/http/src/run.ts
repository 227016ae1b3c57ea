import { Logger } from '@nestjs/common';
import { ConfigError } from '@mcp-hub/config';
import type { RunningService } from './boot';

/** Entrypoint helper: start, log where, stop cleanly on SIGINT/SIGTERM, exit 1 on a failed boot. */
export async function runUntilSignal(name: string, start: () => Promise<RunningService>): Promise<void> {
  const logger = new Logger(name);
  let running: RunningService | undefined;
  let stopping = false;
  const shutdown = async () => {
    await running?.close().catch((e: unknown) => logger.error(String(e)));
    process.exit(0);
  };
  // Listening before start: a signal that arrives while the service (or a child it starts, such
  // as the web site) is still starting waits for the start to finish, then shuts it all down.
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received, shutting down`);
    if (running) void shutdown();
  };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  try {
    running = await start();
  } catch (err) {
    if (stopping) process.exit(0);
    const message =
      err instanceof ConfigError ? err.message : `Failed to start: ${err instanceof Error ? err.message : String(err)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
  if (stopping) return void shutdown();
  logger.log(`listening on ${running.url} (database: ${running.database.kind}); API docs at ${running.url}/docs`);
}
