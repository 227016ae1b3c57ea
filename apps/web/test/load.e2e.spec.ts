/**
 * The site under load: 50 visitors at once, each with an address of its own, browsing for
 * WEB_LOAD_SECONDS (10 by default here; bench/web-load.bench.mjs runs the 30 s) against a
 * Hub with its default rate limits. Every page must come back; not one 5xx.
 */
import { driveVisitors } from '../../../test/web-visitors.cjs';
import { FIXTURE_FILE, type TestHub, createWebHub } from '../../../test/harness';

const SECONDS = Number(process.env.WEB_LOAD_SECONDS ?? 10);

jest.setTimeout(120_000 + SECONDS * 1000);

describe('the site under load', () => {
  let hub: TestHub;

  beforeAll(async () => {
    // The real default allowance (the harness turns limits off for other suites).
    hub = await createWebHub({
      HUB_SEED_FILE: FIXTURE_FILE,
      HUB_RATE_LIMIT: '180',
      HUB_RATE_LIMIT_BURST: '3',
    });
  }, 180_000);
  afterAll(() => hub?.close());

  it(`serves 50 concurrent visitors for ${SECONDS} s without a single 5xx`, async () => {
    const listed = await hub.request('GET', '/v0.1/servers?version=latest&limit=12');
    const serverPaths = (listed.body.servers as { server: { name: string } }[]).map((e) => `/servers/${e.server.name}`);
    const run = await driveVisitors({ base: hub.webUrl!, visitors: 50, seconds: SECONDS, serverPaths });
    console.log(
      `${run.requests} pages in ${run.seconds.toFixed(1)} s (${run.perSecond.toFixed(0)}/s), p50 ${run.p50.toFixed(0)} ms, p99 ${run.p99.toFixed(0)} ms:`,
      run.byPage,
    );
    // Each visitor stays far inside their own allowance, and the pages every visitor shares come
    // from the site's cache: every answer is a page with its data.
    expect(run.byStatus).toEqual({ '200': run.requests });
    for (const kind of ['home', 'search', 'server', 'suggest']) expect(run.byPage[kind]?.['200']).toBeGreaterThan(0);
  });
});
