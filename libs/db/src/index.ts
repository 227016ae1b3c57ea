export * from './client';
export * from './schema';
export * from './connection-errors';
export * from './error-reason';
