// Browser-safe: the web bundles @mcp-hub/domain for the client. The fingerprint (node:crypto) and the
// address policy (node:net) are in '@mcp-hub/domain/node'.
export * from './types';
export * from './tool-diff';
export * from './present';
