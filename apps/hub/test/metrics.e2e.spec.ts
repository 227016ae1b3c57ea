import { enc, serverJson, uniqueName, useTestHub, type TestHub } from '../../../test/harness';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments skipped). */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

async function scrape(hub: TestHub): Promise<{ text: string; samples: Sample[] }> {
  const res = await hub.request('GET', '/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return { text: res.text, samples: parse(res.text) };
}

/** How many requests `hub_http_request_duration_seconds` counted for these labels. */
function requests(samples: Sample[], labels: Record<string, string>): number {
  const found = samples.find(
    (s) =>
      s.name === 'hub_http_request_duration_seconds_count' &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return found?.value ?? 0;
}

describe('GET /metrics', () => {
  const hub = useTestHub();
  const name = uniqueName('io.github.metrics');

  beforeAll(async () => {
    expect(
      (await hub.request('POST', '/v0.1/publish', { body: serverJson(name, '1.0.0'), token: hub.adminToken })).status,
    ).toBe(200);
    expect((await hub.request('GET', '/v0.1/servers')).status).toBe(200);
    expect((await hub.request('GET', '/v0.1/servers?limit=1')).status).toBe(200);
    expect((await hub.request('GET', `/v0.1/servers/${enc(name)}/versions/latest`)).status).toBe(200);
    expect((await hub.request('GET', `/v0.1/servers/${enc(uniqueName())}/versions/latest`)).status).toBe(404);
    expect((await hub.request('GET', `/no/such/${enc(name)}`)).status).toBe(404);
    // Refused by the router before any route matched.
    expect((await hub.request('GET', '/v0.1/servers/%E0%A4%A/versions/latest')).status).toBe(400);
  });

  it('counts each request under its route pattern, with its method and status', async () => {
    const { text, samples } = await scrape(hub);
    expect(requests(samples, { method: 'GET', route: '/v0.1/servers', status: '200' })).toBe(2);
    expect(requests(samples, { method: 'POST', route: '/v0.1/publish', status: '200' })).toBe(1);
    const version = '/v0.1/servers/:serverName/versions/:version';
    expect(requests(samples, { method: 'GET', route: version, status: '200' })).toBe(1);
    expect(requests(samples, { method: 'GET', route: version, status: '404' })).toBe(1);
    expect(requests(samples, { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(requests(samples, { method: 'GET', route: 'unmatched', status: '400' })).toBe(1);
    // Latency buckets from 1 ms to 10 s, cumulative.
    const buckets = samples.filter(
      (s) => s.name === 'hub_http_request_duration_seconds_bucket' && s.labels.route === '/v0.1/servers',
    );
    expect(buckets.map((b) => b.labels.le)).toEqual([
      '0.001',
      '0.0025',
      '0.005',
      '0.01',
      '0.025',
      '0.05',
      '0.1',
      '0.25',
      '0.5',
      '1',
      '2.5',
      '5',
      '10',
      '+Inf',
    ]);
    expect(buckets.at(-1)!.value).toBe(2);
    // The URLs' server names are nowhere: one series per route, whatever clients ask for.
    expect(text).not.toContain(name);
    expect(text).not.toContain(enc(name));
  });

  it('serves the process metrics', async () => {
    const { samples } = await scrape(hub);
    const names = new Set(samples.map((s) => s.name));
    for (const n of [
      'hub_process_cpu_user_seconds_total',
      'hub_process_resident_memory_bytes',
      'hub_nodejs_heap_size_used_bytes',
      'hub_nodejs_eventloop_lag_seconds',
    ])
      expect(names).toContain(n);
    expect(samples.find((s) => s.name === 'hub_process_start_time_seconds')!.value).toBeGreaterThan(1.7e9);
  });

  it('is not in the API document', async () => {
    const doc = await hub.request('GET', '/openapi.json');
    expect(Object.keys(doc.body.paths)).not.toContain('/metrics');
    expect(Object.keys(doc.body.paths)).toContain('/v0.1/servers');
  });
});

describe('GET /metrics on a rate-limited Hub', () => {
  const hub = useTestHub({ env: { HUB_RATE_LIMIT: '1', HUB_RATE_LIMIT_BURST: '1' } });

  it('is never limited, and counts the refusals of the routes that are, in this Hub only', async () => {
    expect((await hub.request('GET', '/v0.1/servers')).status).toBe(200);
    expect((await hub.request('GET', '/v0.1/servers')).status).toBe(429);
    for (let i = 0; i < 5; i++) {
      const res = await hub.request('GET', '/metrics');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    }
    const { samples } = await scrape(hub);
    // Its own registry: the other Hub's requests in this process are not here.
    expect(requests(samples, { method: 'POST', route: '/v0.1/publish' })).toBe(0);
    expect(requests(samples, { method: 'GET', route: '/v0.1/servers', status: '200' })).toBe(1);
    expect(requests(samples, { method: 'GET', route: '/v0.1/servers', status: '429' })).toBe(1);
    expect(requests(samples, { method: 'GET', route: '/metrics', status: '200' })).toBe(5);
  });
});
