export * from './runtime.module';
export * from './main';
export * from './capabilities/capabilities.service';
export * from './capabilities/capabilities.schemas';
export * from './jobs/inspection-jobs';
export * from './jobs/inspection-worker';
export * from './health/health-prober';
export * from './inspection/inspector';
