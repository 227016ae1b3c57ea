'use strict';
/**
 * The site's HTTP server: Next's own request handler (the production build, as `next start`
 * serves it) behind two things Next does not do.
 *
 * - X-Forwarded-For: every request gets the address it came from appended, as a proxy appends
 *   it. `next start` fills the header in only when it is absent, so a visitor could name any
 *   address; lib/hub.ts forwards this chain to the Hub, which believes it from HUB_TRUSTED_PROXIES.
 * - Hub failures: a page whose Hub call failed renders the error page (app/error.tsx), which Next
 *   answers with 500. lib/hub.ts marks the request while it renders; here that 500 becomes the
 *   Hub's 429 or 503 with Retry-After, so visitors, crawlers and caches are told to come back.
 *
 *   node server.cjs [--port 3000] [--hostname 0.0.0.0]
 */
const { AsyncLocalStorage } = require('node:async_hooks');
const { createServer } = require('node:http');
const { parseArgs } = require('node:util');

process.env.NODE_ENV ??= 'production';
const next = require('next');

const { values } = parseArgs({
  options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname;

/** Per request: `hubFailed`, which lib/hub.ts calls when a Hub call fails. Shared with the bundle by name. */
const requests = new AsyncLocalStorage();
globalThis[Symbol.for('mcp-hub.web.request')] = requests;

/**
 * The last Hub failure seen rendering each path. Next renders a page once for all the requests
 * that ask for it at the same time, in the first one's context: the others learn why it failed
 * here. Kept a minute, and for at most 1000 paths.
 */
const failedPaths = new Map();
function noteFailure(path, failure) {
  failedPaths.delete(path);
  failedPaths.set(path, failure);
  for (const [p, f] of failedPaths) {
    if (failedPaths.size <= 1000 && f.at > failure.at - 60_000) break;
    failedPaths.delete(p);
  }
}

const app = next({ dev: false, dir: __dirname, hostname: hostname ?? 'localhost', port });

app
  .prepare()
  .then(() => {
    const handle = app.getRequestHandler();
    const server = createServer((req, res) => {
      const forwarded = req.headers['x-forwarded-for'];
      req.headers['x-forwarded-for'] = [forwarded, req.socket.remoteAddress].filter(Boolean).join(', ');
      const path = (req.url ?? '/').split('?')[0];
      const startedAt = performance.now();
      let own;
      const state = {
        hubFailed(status, retryAfter) {
          const failure = { status, retryAfter, at: performance.now() };
          own ??= failure;
          noteFailure(path, failure);
        },
      };
      const writeHead = res.writeHead;
      res.writeHead = function (status, ...rest) {
        const shared = failedPaths.get(path);
        const failure = status !== 500 ? undefined : (own ?? (shared && shared.at >= startedAt ? shared : undefined));
        if (!failure) return writeHead.call(this, status, ...rest);
        this.setHeader('retry-after', String(failure.retryAfter));
        this.setHeader('cache-control', 'no-store');
        // A reason phrase given for the 500 would be wrong for the new status.
        return writeHead.call(this, failure.status, ...(typeof rest[0] === 'string' ? rest.slice(1) : rest));
      };
      requests.run(state, () => handle(req, res));
    });
    server.listen(port, hostname, () => console.log(`web site listening on ${hostname ?? '*'}:${port}`));
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
