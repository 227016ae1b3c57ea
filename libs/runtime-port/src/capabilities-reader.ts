import type { ToolInfo } from '@mcp-hub/domain';

/** One version of one server (the registry port's VersionRef, restated so this port stands alone). */
export interface VersionKey {
  serverName: string;
  version: string;
}

/** A tool as other services read it: what the model reads of it. */
export type ToolText = Pick<ToolInfo, 'name' | 'description'>;

/** A version's tools (as toolsOf gives them) and the stored fingerprint of the whole tool set. */
export interface ToolSet {
  /**
   * The runtime's fingerprint of the tool list (libs/domain fingerprintTools: names, descriptions,
   * schemas): equal fingerprints, equal tools. What a consumer stores to tell later whether its copy is current.
   */
  fingerprint: string;
  tools: ToolText[];
}

/**
 * The Runtime service's read port: what other services (search today, the scanner next) read of
 * what the runtime learned, without SQL on its tables. Runtime-owned, like RegistryReader is
 * registry-owned; the implementation on its tables lives next to this interface.
 */
export abstract class CapabilitiesReader {
  /**
   * The tools of each of these versions, by server name: the inspected ones when an inspection
   * ended ok, else what the publisher declared; servers with neither are absent.
   */
  abstract toolsOf(versions: VersionKey[]): Promise<Map<string, ToolText[]>>;

  /** As toolsOf, each with the tool set's fingerprint, read in the same statement (they always belong together). */
  abstract toolSetsOf(versions: VersionKey[]): Promise<Map<string, ToolSet>>;

  /**
   * Only the fingerprints of the tool sets toolsOf would give (no tool text is read): cheap enough
   * for a consumer to check every copy it holds at boot.
   */
  abstract toolFingerprints(versions: VersionKey[]): Promise<Map<string, string>>;
}
