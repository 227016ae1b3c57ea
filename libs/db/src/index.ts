export * from './client';
export * from './schema';
export * from './change-feed';
export * from './connection-errors';
export * from './error-reason';
