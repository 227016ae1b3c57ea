/**
 * Types for web-visitors.cjs: simulated visitors of the web site, each with its own address.
 *
 *   import { driveVisitors } from '../../../test/web-visitors.cjs';
 *   const run = await driveVisitors({ base: web, visitors: 50, seconds: 30, serverPaths });
 */

export interface DriveVisitorsOptions {
  /** The site, e.g. http://127.0.0.1:3000. */
  base: string;
  /** Concurrent visitors; 50 by default. */
  visitors?: number;
  /** How long they browse; 30 by default. */
  seconds?: number;
  /** Server pages to visit, e.g. /servers/io.github.github/github-mcp-server. */
  serverPaths: string[];
  queries?: string[];
}

export interface VisitorsRun {
  visitors: number;
  seconds: number;
  requests: number;
  perSecond: number;
  /** Milliseconds per page, over every request. */
  p50: number;
  p99: number;
  max: number;
  /** Answers by HTTP status ("200", "429", …), "200 without its data", or "error: <code>" when there was none. */
  byStatus: Record<string, number>;
  /** The same, per kind of page: home, search, server, suggest. */
  byPage: Record<string, Record<string, number>>;
}

export declare function driveVisitors(options: DriveVisitorsOptions): Promise<VisitorsRun>;
/** Visitor i's address, in 198.18.0.0/15. */
export declare function visitorAddress(i: number): string;
