import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

export interface RegistryChange {
  serverName: string;
  kind: 'published' | 'status-changed' | 'edited' | 'mirrored' | 'visibility-changed';
}

/**
 * In-process announcements of committed registry writes. Emitted after the transaction commits,
 * so listeners (the read cache, the search indexer) never see a write that rolled back.
 */
@Injectable()
export class RegistryEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(50);

  emit(change: RegistryChange): void {
    this.emitter.emit('change', change);
  }

  onChange(listener: (change: RegistryChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
