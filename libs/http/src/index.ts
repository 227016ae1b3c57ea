export * from './bootstrap';
export * from './clock';
export * from './core.module';
export * from './problem.filter';
export * from './tokens';
export * from './zod-body';
export * from './boot';
export * from './run';
