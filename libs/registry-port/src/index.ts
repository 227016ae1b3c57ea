// The registry's read port: the one registry-owned surface other services (search today; runtime
// and scanner next) use to read registry data and to hear about registry writes.
export * from './registry-events';
export * from './change-feed';
export * from './registry-reader';
export * from './postgres-registry-reader';
