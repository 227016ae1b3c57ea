import { Injectable } from '@nestjs/common';
import { Clock } from '@mcp-hub/http';
import type { Principal } from '@mcp-hub/domain';
import { AuditService } from '../audit/audit.service';
import { NamespaceProofs } from './namespace-proofs';
import type { NamespaceProof, ProofLoginInput, ProofMethod } from './namespace-proof.verifier';
import { NamespacesRepository } from './namespaces.repository';

export interface NamespaceView {
  namespace: string;
  verified: boolean;
  method?: string;
  verifiedAt?: string;
}

/** Namespaces: what the Hub knows of one (its badge), and proofs of ownership (DNS, HTTP) recorded. */
@Injectable()
export class NamespacesService {
  constructor(
    private readonly repo: NamespacesRepository,
    private readonly proofs: NamespaceProofs,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async find(namespace: string): Promise<NamespaceView> {
    const row = await this.repo.find(namespace);
    if (!row) return { namespace, verified: false };
    return { namespace: row.namespace, verified: true, method: row.method, verifiedAt: row.verifiedAt.toISOString() };
  }

  /** Who owns a namespace now (its org, or null for a user's or nobody's), when anyone verified it. */
  ownerOf(namespace: string): Promise<{ orgId: string | null } | undefined> {
    return this.repo.ownerOf(namespace);
  }

  /** Gives a namespace to an org (the caller checked its authority and records the audit entry). */
  assignToOrg(namespace: string, method: string, orgId: string, at: Date): Promise<void> {
    return this.repo.assignToOrg(namespace, method, orgId, at);
  }

  /** Checks a DNS or HTTP proof (signature, clock, replay). */
  verify(method: ProofMethod, input: ProofLoginInput): Promise<NamespaceProof> {
    return this.proofs.verify(method, input);
  }

  /**
   * Marks the proven namespace verified (its badge); with `orgId`, the org now owns it (the proof
   * is the authority). An org's namespace stays the org's: a proof by anyone else verifies it anew
   * but does not move it.
   */
  async recordProof(proof: NamespaceProof, orgId: string | undefined, by?: Principal): Promise<string> {
    const namespace = proof.namespaces[0]!.replace(/\/\*$/, '');
    await this.repo.recordVerified(namespace, proof.method, this.clock.now(), orgId);
    await this.audit.record(by, 'namespace.verified', namespace, orgId ?? null, {
      method: proof.method,
      domain: proof.domain,
    });
    return namespace;
  }
}
