import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { HubConfig } from '@mcp-hub/config';

/**
 * Nest's own start-up report: a line per module and one per route (about a hundred). Useful when
 * routing is in question, noise at every start otherwise: it is logged at debug.
 */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The Nest levels LOG_LEVEL turns on (`info` is Nest's `log`, `trace` its `verbose`). */
export function nestLogLevels(level: Exclude<HubConfig['logLevel'], 'silent'>): LogLevel[] {
  const cut = { fatal: 1, error: 2, warn: 3, info: 4, debug: 5, trace: 6 }[level];
  return LEVELS.slice(0, cut);
}

/** The Hub's logger: Nest's console logger at LOG_LEVEL, with Nest's start-up report demoted to debug. */
export class HubLogger extends ConsoleLogger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context)) this.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}

/** The logger of a Hub process, or false for LOG_LEVEL=silent. */
export function hubLogger(level: HubConfig['logLevel']): HubLogger | false {
  return level === 'silent' ? false : new HubLogger({ logLevels: nestLogLevels(level) });
}
