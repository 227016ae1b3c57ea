export * from './types';
export * from './fingerprint';
export * from './network-address';
export * from './present';
