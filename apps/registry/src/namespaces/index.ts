export { DOMAIN_MAX, LABEL_MAX, domainProblems, normalizeDomain, reverseDomain } from './domain-name';
export {
  type NamespaceProof,
  type NamespaceProofVerifierOptions,
  type ProofLoginInput,
  type ProofMethod,
  DEFAULT_DNS_TIMEOUT_MS,
  DEFAULT_HTTP_TIMEOUT_MS,
  DEFAULT_MAX_SKEW_MS,
  MAX_WELL_KNOWN_BYTES,
  NamespaceProofVerifier,
  WELL_KNOWN_PATH,
} from './namespace-proof.verifier';
export {
  type ParsedProofRecord,
  type ProofAlgorithm,
  type ProofKey,
  PROOF_ALGORITHMS,
  isProofRecord,
  parseProofRecord,
  proofAlgorithmOf,
  proofRecord,
  signTimestamp,
} from './proof-record';
export { InMemoryReplayStore, type ReplayStore } from './replay-store';
export { type FetchLike, createWellKnownFetch, isPublicAddress } from './well-known-fetch';
export { DatabaseReplayStore, NamespaceProofs } from './namespace-proofs';
export { type NamespaceView, NamespacesService } from './namespaces.service';
export { NamespacesModule } from './namespaces.module';
