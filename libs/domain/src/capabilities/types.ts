/**
 * What the Runtime service learns about a server version by running it (or connecting to its remote),
 * and what a publisher may declare instead. Shared by the runtime, the API, search, the web and mcpm.
 */

/** Every state an inspection ends in; `pending` until one has. Each comes with a human reason. */
export const INSPECTION_STATUSES = [
  'pending',
  'ok',
  'needs-config',
  'needs-auth',
  'unsupported',
  'failed',
  'timeout',
] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];

/** How the inspected server was reached. */
export type InspectionTransport = 'stdio' | 'streamable-http' | 'sse';

export interface ToolInfo {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export interface ResourceInfo {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

export interface ResourceTemplateInfo {
  uriTemplate: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
}

export interface PromptArgumentInfo {
  name: string;
  description?: string;
  required?: boolean;
}

export interface PromptInfo {
  name: string;
  title?: string;
  description?: string;
  arguments?: PromptArgumentInfo[];
}

/** What a server said about itself during one session: the handshake and every list, all pages. */
export interface ServerCapabilities {
  protocolVersion: string;
  serverInfo: { name: string; version: string; title?: string };
  /** The capabilities object of the initialize result, as declared. */
  capabilities: Record<string, unknown>;
  instructions?: string;
  tools: ToolInfo[];
  resources: ResourceInfo[];
  resourceTemplates: ResourceTemplateInfo[];
  prompts: PromptInfo[];
}

/**
 * The end of one inspection attempt. `capabilities` only with status ok; `missingConfig` (the
 * environment variables or headers that have no value) only with needs-config; `reason` always
 * except for a plain ok, in words a publisher can act on. `notes` record limits that were applied
 * (e.g. a description cut to the cap) without failing the inspection.
 */
export interface InspectionOutcome {
  status: Exclude<InspectionStatus, 'pending'>;
  reason?: string;
  transport?: InspectionTransport;
  /** The package (registryType:identifier@version) or remote URL that was inspected. */
  target?: string;
  capabilities?: ServerCapabilities;
  missingConfig?: string[];
  notes?: string[];
  durationMs?: number;
}

/** Caps every inspection runs under; a server that crosses one ends in `failed` or `timeout`, never a crash. */
export interface InspectionLimits {
  /** Wall clock for the whole session: start, handshake and every list. */
  timeoutMs: number;
  /** Bytes the server may write to stdout (or send over HTTP) in all. */
  maxOutputBytes: number;
  /** Bytes of one JSON-RPC message. */
  maxMessageBytes: number;
  /** Tools (resources, prompts) across all pages. */
  maxTools: number;
  /** Characters of one description; longer ones are cut and noted. */
  maxDescriptionChars: number;
  /** Memory of the sandboxed process tree. */
  memoryMb: number;
  /** CPU seconds of the sandboxed process tree. */
  cpuSeconds: number;
  /** Processes at once in the sandbox (a fork bomb stops here). */
  maxProcesses: number;
}

export const DEFAULT_INSPECTION_LIMITS: InspectionLimits = {
  timeoutMs: 30_000,
  maxOutputBytes: 8 * 1024 * 1024,
  maxMessageBytes: 4 * 1024 * 1024,
  maxTools: 1_000,
  maxDescriptionChars: 16_384,
  memoryMb: 512,
  cpuSeconds: 60,
  maxProcesses: 64,
};
