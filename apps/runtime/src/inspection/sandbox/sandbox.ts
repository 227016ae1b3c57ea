import type { Readable, Writable } from 'node:stream';
import type { InspectionLimits } from '@mcp-hub/domain';

/** A host directory the server sees read-only (its package) at `inside`. */
export interface Mount {
  host: string;
  inside: string;
}

/** How to start one server: nothing of the Hub's own environment, files or network leaks in. */
export interface SandboxSpec {
  /** An absolute path, as the sandbox sees it (the host's node binary is bound at the same path). */
  command: string;
  args: string[];
  /** The whole environment; nothing is inherited. HOME is the sandbox's own and set by it. */
  env: Record<string, string>;
  readOnlyMounts: Mount[];
  /** A private, fresh host directory per run: the server's HOME and working directory. The caller removes it. */
  writableHome: string;
  limits: Pick<InspectionLimits, 'memoryMb' | 'cpuSeconds' | 'maxProcesses'>;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Whether kill() had been called before it ended, i.e. the server did not stop on its own. */
  killed: boolean;
}

export interface SandboxedProcess {
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly exited: Promise<Exit>;
  /** Ends the server and everything it started (the whole tree, namespace or cgroup); idempotent. */
  kill(): Promise<void>;
}

/** Where published servers run. One per process, chosen at boot by detectSandbox. */
export interface Sandbox {
  readonly kind: 'bwrap' | 'none';
  spawn(spec: SandboxSpec): SandboxedProcess;
}

/** No sandbox could be set up: stdio inspection is refused with this reason (status `unsupported`). */
export interface SandboxUnavailable {
  readonly kind: 'unavailable';
  readonly reason: string;
}

/** The few log calls the sandbox and fetchers make; Nest's Logger fits. */
export interface RuntimeLogger {
  log(message: string): void;
  warn(message: string): void;
}

/** HOME inside the bubblewrap sandbox. */
export const SANDBOX_HOME = '/home/sandbox';
