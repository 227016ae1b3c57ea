import { Logger } from '@nestjs/common';
import { COLLECT_TIMEOUT_MS, JOB_DURATION_BUCKETS, Metrics } from './metrics';

/** The sample lines of one metric in the text format, e.g. `hub_x{a="1"} 2`. */
const samples = (text: string, name: string) =>
  text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));

describe('Metrics', () => {
  it('returns the same metric for the same name, so services may register in their constructors', () => {
    const metrics = new Metrics();
    const counter = metrics.counter('hub_test_things_total', 'Things.', ['status']);
    expect(metrics.counter('hub_test_things_total', 'Things.', ['status'])).toBe(counter);
    const histogram = metrics.histogram('hub_test_seconds', 'Durations.', ['queue', 'outcome'], JOB_DURATION_BUCKETS);
    // Label order does not make another metric.
    expect(metrics.histogram('hub_test_seconds', 'Durations.', ['outcome', 'queue'], JOB_DURATION_BUCKETS)).toBe(
      histogram,
    );
    const gauge = metrics.gauge('hub_test_depth', 'Depth.', ['queue']);
    expect(metrics.gauge('hub_test_depth', 'Depth.', ['queue'], () => undefined)).toBe(gauge);
  });

  it('refuses a name registered with another type, other labels or other buckets', () => {
    const metrics = new Metrics();
    metrics.counter('hub_test_a_total', 'A.', ['status']);
    expect(() => metrics.gauge('hub_test_a_total', 'A.', ['status'])).toThrow(/already registered as a counter/);
    expect(() => metrics.counter('hub_test_a_total', 'A.', ['status', 'kind'])).toThrow(/labels \[status\]/);
    metrics.histogram('hub_test_b_seconds', 'B.', []);
    expect(() => metrics.histogram('hub_test_b_seconds', 'B.', [], [1, 2])).toThrow(/buckets/);
  });

  it('keeps names in the hub_ namespace and away from the process metrics', () => {
    const metrics = new Metrics();
    expect(() => metrics.counter('requests_total', 'R.')).toThrow(/hub_/);
    expect(() => metrics.counter('hub_Requests', 'R.')).toThrow(/lower-case/);
    expect(() => metrics.gauge('hub_process_start_time_seconds', 'S.')).toThrow(/process metric/);
  });

  it('gives every instance a registry of its own', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.counter('hub_test_inspections_total', 'Inspections.', ['status']).inc({ status: 'ok' }, 3);
    b.counter('hub_test_inspections_total', 'Inspections.', ['status']).inc({ status: 'failed' });
    expect(a.registry).not.toBe(b.registry);
    expect(samples(await a.render(), 'hub_test_inspections_total')).toEqual([
      'hub_test_inspections_total{status="ok"} 3',
    ]);
    expect(samples(await b.render(), 'hub_test_inspections_total')).toEqual([
      'hub_test_inspections_total{status="failed"} 1',
    ]);
  });

  it('renders its own metrics and the process metrics in the Prometheus text format', async () => {
    const metrics = new Metrics();
    metrics.histogram('hub_test_job_seconds', 'Jobs.', ['queue'], [0.1, 1]).observe({ queue: 'inspect' }, 0.5);
    const text = await metrics.render();
    expect(metrics.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(text).toContain('# TYPE hub_test_job_seconds histogram');
    expect(samples(text, 'hub_test_job_seconds_bucket')).toEqual([
      'hub_test_job_seconds_bucket{le="0.1",queue="inspect"} 0',
      'hub_test_job_seconds_bucket{le="1",queue="inspect"} 1',
      'hub_test_job_seconds_bucket{le="+Inf",queue="inspect"} 1',
    ]);
    expect(samples(text, 'hub_process_cpu_user_seconds_total')).toHaveLength(1);
    expect(samples(text, 'hub_nodejs_heap_size_used_bytes')).toHaveLength(1);
    expect(samples(text, 'hub_nodejs_eventloop_lag_seconds')).toHaveLength(1);
    // Process metrics are listed once, whatever the number of instances.
    new Metrics();
    expect((await metrics.render()).match(/^# TYPE hub_process_start_time_seconds /gm)).toHaveLength(1);
  });

  it('runs every collector of a gauge at scrape time', async () => {
    const metrics = new Metrics();
    let waiting = 4;
    metrics.gauge('hub_test_jobs', 'Jobs.', ['queue', 'state'], (g) =>
      g.set({ queue: 'inspect', state: 'waiting' }, waiting),
    );
    metrics.gauge('hub_test_jobs', 'Jobs.', ['queue', 'state'], async (g) => {
      await Promise.resolve();
      g.set({ queue: 'health', state: 'waiting' }, 1);
    });
    expect(samples(await metrics.render(), 'hub_test_jobs')).toEqual([
      'hub_test_jobs{queue="inspect",state="waiting"} 4',
      'hub_test_jobs{queue="health",state="waiting"} 1',
    ]);
    waiting = 0;
    expect(samples(await metrics.render(), 'hub_test_jobs')).toContain(
      'hub_test_jobs{queue="inspect",state="waiting"} 0',
    );
  });

  describe('a collector that fails', () => {
    let warn: jest.SpyInstance;
    beforeEach(() => (warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined)));
    afterEach(() => {
      jest.useRealTimers();
      warn.mockRestore();
    });

    it('costs only its own values when it throws, and is counted', async () => {
      const metrics = new Metrics();
      metrics.gauge('hub_test_depth', 'Depth.', ['queue'], (g) => g.set({ queue: 'a' }, 2));
      metrics.gauge('hub_test_depth', 'Depth.', ['queue'], () => {
        throw new Error('redis is down');
      });
      const text = await metrics.render();
      expect(samples(text, 'hub_test_depth')).toEqual(['hub_test_depth{queue="a"} 2']);
      expect(samples(text, 'hub_metrics_collect_errors_total')).toEqual([
        'hub_metrics_collect_errors_total{metric="hub_test_depth"} 1',
      ]);
      expect(warn).toHaveBeenCalledWith('Collecting hub_test_depth failed: redis is down');
    });

    it('is given up on after COLLECT_TIMEOUT_MS when it hangs, and the scrape answers', async () => {
      jest.useFakeTimers({ doNotFake: ['hrtime', 'performance', 'nextTick', 'queueMicrotask', 'setImmediate'] });
      const metrics = new Metrics();
      metrics.gauge('hub_test_stuck', 'Stuck.', [], () => new Promise<void>(() => undefined));
      let text: string | undefined;
      const scrape = metrics.render().then((t) => (text = t));
      await jest.advanceTimersByTimeAsync(COLLECT_TIMEOUT_MS - 1);
      expect(text).toBeUndefined();
      await jest.advanceTimersByTimeAsync(1);
      await scrape;
      expect(samples(text!, 'hub_metrics_collect_errors_total')).toEqual([
        'hub_metrics_collect_errors_total{metric="hub_test_stuck"} 1',
      ]);
    });
  });
});
