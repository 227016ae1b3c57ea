export { inspectRemote } from './remote-inspector';
export { SLOW_PROBE_MS, probeRemote, type ProbeContext, type ProbeResult, type ProbeStatus } from './probe';
export type { RemoteContext, RemoteLogger, RemoteTarget, RemoteTransportKind } from './remote-session';
export {
  RefusedAddress,
  SafeFetchError,
  createSafeFetch,
  type ResolvedAddress,
  type SafeFetch,
  type SafeFetchOptions,
} from './safe-fetch';
export type { FailureKind } from './failure';
