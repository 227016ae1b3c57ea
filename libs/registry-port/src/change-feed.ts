import { Client } from 'pg';
import type { DatabaseTarget } from '@mcp-hub/db';

/** Channel on which every committed registry write is announced (pg_notify is transactional). */
export const REGISTRY_CHANGED_CHANNEL = 'hub_registry_changed';
/** Channel on which a token's revocation or new expiry is announced, with its id (a trigger on api_tokens). */
export const TOKEN_CHANGED_CHANNEL = 'hub_token_changed';

export interface ChangeFeedHandlers {
  /** Another process committed a write. */
  onChange(payload: string): void;
  /** The feed is (re)connected and listening, or lost: while lost, nothing can be trusted to be fresh. */
  onState(listening: boolean): void;
}

export interface ChangeFeed {
  close(): Promise<void>;
}

/** A silently dead connection (NAT timeout, failover without a reset) is noticed within this. */
const HEARTBEAT_MS = 10_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;

/**
 * Listens for writes committed by other processes (on `channel`). Embedded PGlite has no other processes, so
 * the feed is "listening" from the start. On Postgres a dedicated connection LISTENs and, when
 * it drops, reports the loss at once and reconnects with capped, jittered backoff.
 */
export function subscribeToChanges(
  target: DatabaseTarget,
  handlers: ChangeFeedHandlers,
  channel = REGISTRY_CHANGED_CHANNEL,
): ChangeFeed {
  if (target.kind === 'pglite') {
    handlers.onState(true);
    return { close: async () => undefined };
  }
  let closed = false;
  let client: Client | undefined;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (closed) return;
    const c = new Client({ connectionString: target.url, keepAlive: true });
    client = c;
    const lost = () => {
      if (client !== c || closed) return;
      client = undefined;
      clearInterval(heartbeat);
      void c.end().catch(() => undefined);
      handlers.onState(false);
      const delay = Math.min(30_000, 250 * 2 ** attempt++) * (0.5 + Math.random() / 2);
      timer = setTimeout(() => void connect(), delay);
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', (n) => handlers.onChange(n.payload ?? ''));
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      attempt = 0;
      handlers.onState(true);
      // Errors and 'end' cover a connection that fails loudly; a query that does not come back
      // in time covers one that just stops answering.
      heartbeat = setInterval(() => {
        const timeout = new Promise((_, reject) =>
          setTimeout(() => reject(new Error('heartbeat timed out')), HEARTBEAT_TIMEOUT_MS).unref(),
        );
        Promise.race([c.query('select 1'), timeout]).catch(lost);
      }, HEARTBEAT_MS);
      heartbeat.unref();
    } catch {
      lost();
      await c.end().catch(() => undefined);
    }
  };
  void connect();

  return {
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      clearInterval(heartbeat);
      await client?.end().catch(() => undefined);
    },
  };
}
