'use strict';
/**
 * Simulated visitors of the web site, for the load test (apps/web/test/load.e2e.spec.ts) and
 * its benchmark (bench/web-load.bench.mjs). Each visitor is one loop with an address of its own,
 * sent as X-Forwarded-For (the site and the Hub believe it from loopback, as they would from a
 * proxy in front of them), going round the home page, a results page, a server page and
 * search-as-you-type until the time is up. Talks only to the given base URL.
 */

/**
 * What each kind of page shows when it has its data: a 200 without it (a results page saying the
 * search could not be run, say) counts as "200 without its data", not as a page served.
 */
const SHOWS = {
  home: 'Recently updated',
  search: 'data-total',
  server: 'data-mcpm',
  suggest: '"results":[{',
};

/** Visitor i's address, in 198.18.0.0/15 (set aside for benchmarks, RFC 2544). */
const visitorAddress = (i) => `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`;

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] : 0;

async function driveVisitors({
  base,
  visitors = 50,
  seconds = 30,
  serverPaths,
  queries = ['database', 'send email', 'browse the web', 'github issues'],
}) {
  if (!serverPaths?.length) throw new Error('driveVisitors: serverPaths must name at least one server page');
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const byStatus = {};
  const byPage = {};
  const latencies = [];
  const pages = (i, n) => {
    const q = queries[(i + n) % queries.length];
    return [
      ['home', '/'],
      ['search', `/search?q=${encodeURIComponent(q)}`],
      ['server', serverPaths[(i * 7 + n) % serverPaths.length]],
      ['suggest', `/api/suggest?q=${encodeURIComponent(q.slice(0, 4))}`],
    ][n % 4];
  };
  async function visitor(i) {
    const headers = { 'x-forwarded-for': visitorAddress(i) };
    for (let n = 0; performance.now() < deadline; n++) {
      const [kind, path] = pages(i, n);
      const t0 = performance.now();
      let status;
      try {
        const res = await fetch(base + path, { headers, redirect: 'manual' });
        const body = await res.text();
        status = res.status === 200 && !body.includes(SHOWS[kind]) ? '200 without its data' : String(res.status);
      } catch (err) {
        status = `error: ${err.cause?.code ?? err.message}`;
      }
      latencies.push(performance.now() - t0);
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      byPage[kind] ??= {};
      byPage[kind][status] = (byPage[kind][status] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: visitors }, (_, i) => visitor(i)));
  const elapsed = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    visitors,
    seconds: elapsed,
    requests: sorted.length,
    perSecond: sorted.length / elapsed,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? 0,
    byStatus,
    byPage,
  };
}

module.exports = { driveVisitors, visitorAddress };
