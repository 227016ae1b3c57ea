import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

/**
 * Announced (pg_notify, in the statement that stores it) whenever a version's capabilities are
 * stored: search reindexes that server's tool text. The payload is the server name.
 */
export const CAPABILITIES_CHANGED_CHANNEL = 'hub_capabilities_changed';

/** In-process announcements of stored capabilities (the writing process hears them without the feed). */
@Injectable()
export class RuntimeEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(50);

  emitCapabilitiesChanged(serverName: string): void {
    this.emitter.emit('capabilities', serverName);
  }

  onCapabilitiesChanged(listener: (serverName: string) => void): () => void {
    this.emitter.on('capabilities', listener);
    return () => this.emitter.off('capabilities', listener);
  }
}
