export * from './errors';
export * from './names';
export * from './versions';
export * from './registry';
export * from './zod-problems';
export * from './publish-rules';
export * from './server-json';
export * from './launch';
