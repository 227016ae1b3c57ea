// The runtime's read port: how other services read what the Runtime service learned, and hear when it changes.
export * from './runtime-events';
export * from './capabilities-reader';
export * from './postgres-capabilities-reader';
