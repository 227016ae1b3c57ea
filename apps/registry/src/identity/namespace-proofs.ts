import { Inject, Injectable } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { type HubDatabase, proofReplays } from '@mcp-hub/db';
import { Clock, HUB_DB, RegistryJwt } from '@mcp-hub/http';
import { sql } from 'drizzle-orm';
import { type NamespaceProof, NamespaceProofVerifier, type ProofLoginInput, type ProofMethod, type ReplayStore } from '../namespace-proof';

/**
 * Used proofs, in the database: every Hub process sees a replay, whichever one took the first
 * login. One statement claims a key: a fresh key is inserted; an expired one is taken over; a
 * live one is left alone and nothing comes back (a replay).
 */
export class DatabaseReplayStore implements ReplayStore {
  constructor(
    private readonly db: HubDatabase,
    private readonly now: () => Date,
  ) {}

  async claim(key: string, expiresAt: Date): Promise<boolean> {
    const rows = await this.db
      .insert(proofReplays)
      .values({ key, expiresAt })
      .onConflictDoUpdate({ target: proofReplays.key, set: { expiresAt }, where: sql`${proofReplays.expiresAt} <= ${this.now()}` })
      .returning({ key: proofReplays.key });
    return rows.length === 1;
  }
}

/** The namespace-proof verifier as this Hub is configured: its DNS servers, its well-known URL, its clock. */
@Injectable()
export class NamespaceProofs {
  private readonly verifier: NamespaceProofVerifier;

  constructor(
    @Inject(HUB_CONFIG) config: HubConfig,
    @Inject(HUB_DB) db: HubDatabase,
    clock: Clock,
    private readonly jwt: RegistryJwt,
  ) {
    const now = () => clock.now();
    const template = config.proofs.wellKnownUrl;
    this.verifier = new NamespaceProofVerifier({
      dnsServers: config.proofs.dnsServers,
      now,
      replayStore: new DatabaseReplayStore(db, now),
      // An operator's own URL (a test server, an internal mirror) is fetched as given; the default
      // https://<domain>/… refuses private addresses.
      ...(template ? { wellKnownUrl: (domain: string) => template.replaceAll('{domain}', domain), fetch: (url, init) => fetch(url, init) } : {}),
    });
  }

  get jwtTtlSeconds(): number {
    return this.jwt.ttlSeconds;
  }

  verify(method: ProofMethod, input: ProofLoginInput): Promise<NamespaceProof> {
    return method === 'dns' ? this.verifier.verifyDns(input) : this.verifier.verifyHttp(input);
  }
}
