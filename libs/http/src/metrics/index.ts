export {
  COLLECT_TIMEOUT_MS,
  type GaugeCollector,
  HTTP_DURATION_BUCKETS,
  JOB_DURATION_BUCKETS,
  Metrics,
} from './metrics';
export { installHttpMetrics, type RefusalObserver, UNMATCHED_ROUTE } from './http-metrics';
export { MetricsController } from './metrics.controller';
