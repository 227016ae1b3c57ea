// The fingerprint is the registry's own (libs/domain), so a lockfile and the Hub's published
// toolsFingerprint agree for the same tools.
export { diffTools } from '@mcp-hub/domain';
export { fingerprintTools, type ToolsFingerprint } from '@mcp-hub/domain/node';
import type { FingerprintedTool } from '@mcp-hub/domain/node';

export type ToolDefinition = FingerprintedTool;
