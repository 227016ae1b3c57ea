import { Inject, Injectable } from '@nestjs/common';
import { HUB_CONFIG, type HubConfig } from '@mcp-hub/config';
import { Clock } from '@mcp-hub/http';
import {
  type NamespaceProof,
  NamespaceProofVerifier,
  type ProofLoginInput,
  type ProofMethod,
} from './namespace-proof.verifier';
import type { ReplayStore } from './replay-store';
import { NamespacesRepository } from './namespaces.repository';

/** Used proofs in the database (NamespacesRepository.claimReplay), so every Hub process sees a replay. */
export class DatabaseReplayStore implements ReplayStore {
  constructor(
    private readonly repo: NamespacesRepository,
    private readonly now: () => Date,
  ) {}

  claim(key: string, expiresAt: Date): Promise<boolean> {
    return this.repo.claimReplay(key, expiresAt, this.now());
  }
}

/** The namespace-proof verifier as this Hub is configured: its DNS servers, its well-known URL, its clock. */
@Injectable()
export class NamespaceProofs {
  private readonly verifier: NamespaceProofVerifier;

  constructor(@Inject(HUB_CONFIG) config: HubConfig, repo: NamespacesRepository, clock: Clock) {
    const now = () => clock.now();
    const template = config.proofs.wellKnownUrl;
    this.verifier = new NamespaceProofVerifier({
      dnsServers: config.proofs.dnsServers,
      now,
      replayStore: new DatabaseReplayStore(repo, now),
      // An operator's own URL (a test server, an internal mirror) is fetched as given; the default
      // https://<domain>/… refuses private addresses.
      ...(template
        ? {
            wellKnownUrl: (domain: string) => template.replaceAll('{domain}', domain),
            fetch: (url, init) => fetch(url, init),
          }
        : {}),
    });
  }

  verify(method: ProofMethod, input: ProofLoginInput): Promise<NamespaceProof> {
    return method === 'dns' ? this.verifier.verifyDns(input) : this.verifier.verifyHttp(input);
  }
}
