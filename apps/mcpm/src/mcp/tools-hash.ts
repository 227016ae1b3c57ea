// The fingerprint is the registry's own (libs/domain), so a lockfile and the Hub's published
// toolsFingerprint agree for the same tools.
export { diffTools, fingerprintTools, type ToolsFingerprint } from '@mcp-hub/domain';
import type { FingerprintedTool } from '@mcp-hub/domain';

export type ToolDefinition = FingerprintedTool;
