/**
 * Remembers proofs already used to log in. A signed timestamp stays acceptable for the whole
 * clock-skew window, so without this anyone who sees one login request (a proxy log, a shared
 * terminal) could replay it within that window.
 */
export interface ReplayStore {
  /**
   * Records `key` until `expiresAt`. Resolves `false` when `key` is already recorded and has not
   * expired. Must be atomic: of two concurrent claims of one key, only one may win (a database
   * store would use an insert that does nothing on conflict).
   */
  claim(key: string, expiresAt: Date): Promise<boolean>;
}

/** Process-local store; enough for a single registry instance. */
export class InMemoryReplayStore implements ReplayStore {
  private readonly entries = new Map<string, number>();
  private lastSweep = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  async claim(key: string, expiresAt: Date): Promise<boolean> {
    const now = this.now().getTime();
    this.sweep(now);
    const until = this.entries.get(key);
    if (until !== undefined && until > now) return false;
    this.entries.set(key, expiresAt.getTime());
    return true;
  }

  /** How many proofs are remembered; for tests and metrics. */
  get size(): number {
    return this.entries.size;
  }

  // Entries live for about twice the skew window, so sweeping once a second keeps memory bounded
  // by the login rate without scanning the map on every claim.
  private sweep(now: number): void {
    if (now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    for (const [key, until] of this.entries) if (until <= now) this.entries.delete(key);
  }
}
