// The domain rules that need Node's built-ins (node:crypto, node:net), apart from the index so that the
// web's browser bundle never pulls them in: import them from '@mcp-hub/domain/node' in Node code only.
export * from './capabilities/fingerprint';
export * from './capabilities/network-address';
