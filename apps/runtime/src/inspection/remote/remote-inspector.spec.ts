import { DEFAULT_INSPECTION_LIMITS } from '@mcp-hub/domain';
import { checkPublicAddress } from '@mcp-hub/domain/node';
import {
  type FixtureServer,
  closedPort,
  startHangingServer,
  startRedirectServer,
  startSseServer,
  startStaticServer,
  startStreamableServer,
} from '../../../test/fixtures/remotes/servers';
import { inspectRemote } from './remote-inspector';
import type { RemoteContext } from './remote-session';
import { createSafeFetch } from './safe-fetch';

const limits = { ...DEFAULT_INSPECTION_LIMITS, timeoutMs: 10_000 };
const local: RemoteContext = { limits, allowPrivateNetworks: true };
const strict: RemoteContext = { limits, allowPrivateNetworks: false };

const servers: FixtureServer[] = [];
async function start(s: Promise<FixtureServer>): Promise<FixtureServer> {
  const server = await s;
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('inspectRemote', () => {
  it('lists the tools, resources and prompts of a streamable HTTP server, and ends its session', async () => {
    const server = await start(startStreamableServer());
    const out = await inspectRemote({ type: 'streamable-http', url: server.url }, local);
    expect(out).toMatchObject({ status: 'ok', transport: 'streamable-http', target: server.url });
    const caps = out.capabilities!;
    expect(caps.serverInfo).toEqual({ name: 'fixture-remote', version: '1.2.3' });
    expect(caps.protocolVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(caps.instructions).toBe('A test remote.');
    expect(caps.tools).toEqual([
      expect.objectContaining({
        name: 'echo',
        title: 'Echo',
        description: 'Echoes the text back',
        annotations: { readOnlyHint: true },
        inputSchema: expect.objectContaining({
          type: 'object',
          properties: { text: { type: 'string', description: 'What to echo' } },
          required: ['text'],
        }),
      }),
    ]);
    expect(caps.resources).toEqual([
      { uri: 'fixture://readme', name: 'readme', description: 'The readme', mimeType: 'text/plain' },
    ]);
    expect(caps.prompts).toEqual([
      {
        name: 'greet',
        description: 'Greets someone',
        arguments: [{ name: 'name', description: 'Who', required: true }],
      },
    ]);
    expect(server.requests.at(-1)).toBe('DELETE /mcp');
  });

  it('reaches an SSE-only server declared as sse', async () => {
    const server = await start(startSseServer());
    const out = await inspectRemote({ type: 'sse', url: server.url }, local);
    expect(out.status).toBe('ok');
    expect(out.transport).toBe('sse');
    expect(out.capabilities?.tools.map((t) => t.name)).toEqual(['echo']);
  });

  it('falls back to SSE when a remote declared as streamable HTTP answers the POST with 404', async () => {
    const server = await start(startSseServer());
    const out = await inspectRemote({ type: 'streamable-http', url: server.url }, local);
    expect(out).toMatchObject({ status: 'ok', transport: 'sse' });
    expect(server.requests[0]).toBe('POST /sse');
  });

  it('says needs-auth for a 401, naming the headers server.json requires', async () => {
    const server = await start(startStaticServer(401, 'text/plain', 'no', { 'www-authenticate': 'Bearer realm="x"' }));
    const out = await inspectRemote(
      {
        type: 'streamable-http',
        url: server.url,
        headers: [
          { name: 'Authorization', isRequired: true },
          { name: 'X-Trace', isRequired: false },
        ],
      },
      local,
    );
    expect(out.status).toBe('needs-auth');
    expect(out.reason).toContain('the remote wants credentials (HTTP 401, Bearer)');
    expect(out.missingConfig).toEqual(['Authorization']);
  });

  it('says needs-auth for a 403 on an SSE remote', async () => {
    const server = await start(startStaticServer(403, 'text/plain', 'forbidden'));
    const out = await inspectRemote({ type: 'sse', url: server.url }, local);
    expect(out).toMatchObject({ status: 'needs-auth', reason: expect.stringContaining('HTTP 403') });
  });

  it('fails with a human reason when nothing listens on the port', async () => {
    const port = await closedPort();
    const out = await inspectRemote({ type: 'streamable-http', url: `http://127.0.0.1:${port}/mcp` }, local);
    expect(out.status).toBe('failed');
    expect(out.reason).toBe(`127.0.0.1:${port} refused the connection (nothing listens there)`);
  });

  it('fails with a human reason when the host name does not resolve', async () => {
    const lookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    const fetch = createSafeFetch({ allowPrivateNetworks: false, timeoutMs: 5_000, maxResponseBytes: 1e6, lookup });
    const out = await inspectRemote({ type: 'sse', url: 'https://mcp.nowhere.example/sse' }, { ...strict, fetch });
    await fetch.close();
    expect(out).toMatchObject({ status: 'failed', reason: 'the host name mcp.nowhere.example does not resolve' });
  });

  it.each([
    ['an HTML page', 'text/html', '<html><body>Welcome</body></html>', 'POST answered text/html'],
    ['garbage JSON', 'application/json', '{"hello":"world"}', 'JSON that is not a JSON-RPC message'],
    ['broken JSON', 'application/json', '{"jsonrpc":', 'not valid JSON'],
  ])('says a remote serving %s does not speak MCP', async (_what, type, body, detail) => {
    const server = await start(startStaticServer(200, type, body));
    const out = await inspectRemote({ type: 'streamable-http', url: server.url }, local);
    expect(out.status).toBe('failed');
    expect(out.reason).toMatch(/^does not speak MCP: /);
    expect(out.reason).toContain(detail);
  });

  it('says why both transports failed for a site that answers 404 to everything', async () => {
    const server = await start(startStaticServer(404, 'text/html', '<h1>Not found</h1>'));
    const out = await inspectRemote({ type: 'streamable-http', url: server.url }, local);
    expect(out.reason).toBe('does not speak MCP: streamable HTTP: POST answered HTTP 404; SSE: GET answered HTTP 404');
  });

  it('does not try SSE after a 5xx, and says what the remote answered', async () => {
    const server = await start(startStaticServer(502, 'text/html', '<h1>Bad gateway</h1>'));
    const out = await inspectRemote({ type: 'streamable-http', url: server.url }, local);
    expect(out).toMatchObject({ status: 'failed', reason: "the remote's POST answered HTTP 502" });
    expect(server.requests.every((r) => r.startsWith('POST'))).toBe(true);
  });

  it('refuses a URL with credentials in it without connecting', async () => {
    const out = await inspectRemote({ type: 'streamable-http', url: 'http://user:pw@127.0.0.1:8/mcp' }, local);
    expect(out).toMatchObject({
      status: 'failed',
      reason: 'the remote URL carries credentials, which the Hub does not send',
    });
  });

  it('times out on a server that never answers, within the wall clock', async () => {
    const server = await start(startHangingServer());
    const out = await inspectRemote(
      { type: 'streamable-http', url: server.url },
      { ...local, limits: { ...limits, timeoutMs: 800 } },
    );
    expect(out.status).toBe('timeout');
    expect(out.reason).toMatch(
      /^no complete answer within 800 ms \((the handshake took too long|127\.0\.0\.1 stopped answering)\)$/,
    );
  });

  it('fails when a response crosses the byte cap', async () => {
    const server = await start(startStaticServer(200, 'application/json', JSON.stringify({ pad: 'x'.repeat(5_000) })));
    const out = await inspectRemote(
      { type: 'streamable-http', url: server.url },
      { ...local, limits: { ...limits, maxOutputBytes: 1_000 } },
    );
    expect(out).toMatchObject({ status: 'failed', reason: 'the response is larger than 1000 bytes (the cap)' });
  });

  it('fails at once, not at the wall clock, when an event stream crosses the byte cap', async () => {
    const event = `event: message\ndata: ${JSON.stringify({ pad: 'x'.repeat(5_000) })}\n\n`;
    const server = await start(startStaticServer(200, 'text/event-stream', event, { 'transfer-encoding': 'chunked' }));
    const out = await inspectRemote(
      { type: 'streamable-http', url: server.url },
      { ...local, limits: { ...limits, maxOutputBytes: 1_000, timeoutMs: 60_000 } },
    );
    expect(out).toMatchObject({ status: 'failed', reason: 'the response is larger than 1000 bytes (the cap)' });
  });

  it('asks for the variables of a templated URL instead of connecting', async () => {
    const out = await inspectRemote({ type: 'streamable-http', url: 'https://{tenant}.example.com/mcp' }, strict);
    expect(out).toMatchObject({ status: 'needs-config', missingConfig: ['tenant'] });
  });
});

describe('inspectRemote: SSRF', () => {
  const refused = expect.stringMatching(/^refused by policy: .*HUB_RUNTIME_ALLOW_PRIVATE_NETWORKS=1$/);

  it.each([
    ['http://127.0.0.1:8/mcp', '127.0.0.1 is a loopback address'],
    ['http://10.0.0.1/mcp', '10.0.0.1 is a private address'],
    ['http://169.254.169.254/mcp', '169.254.169.254 is the cloud metadata address'],
    ['http://[::1]:8/mcp', '::1 is a loopback address'],
    ['http://localhost:8/mcp', 'is a loopback address'],
  ])('refuses %s by default', async (url, why) => {
    const out = await inspectRemote({ type: 'streamable-http', url }, strict);
    expect(out).toMatchObject({ status: 'failed', reason: refused });
    expect(out.reason).toContain(why);
  });

  it('refuses a real server on loopback, reached by a name that resolves there', async () => {
    const server = await start(startStreamableServer());
    const fetch = createSafeFetch({
      allowPrivateNetworks: false,
      timeoutMs: 5_000,
      maxResponseBytes: 1e6,
      lookup: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    const out = await inspectRemote(
      { type: 'sse', url: `http://mcp.public.example:${server.port}/mcp` },
      { ...strict, fetch },
    );
    await fetch.close();
    expect(out.reason).toContain('mcp.public.example resolves to 127.0.0.1, and 127.0.0.1 is a loopback address');
    expect(out.reason).toEqual(refused);
    expect(server.requests).toEqual([]);
  });

  it('refuses a redirect from a public-looking server to loopback', async () => {
    const target = await start(startStreamableServer());
    // 127.0.0.2 plays a public address: the policy allows it and nothing else on loopback.
    const front = await start(startRedirectServer(target.url, '127.0.0.2'));
    const fetch = createSafeFetch({
      allowPrivateNetworks: false,
      timeoutMs: 5_000,
      maxResponseBytes: 1e6,
      lookup: async () => [{ address: '127.0.0.2', family: 4 }],
      checkAddress: (ip) => (ip === '127.0.0.2' ? { allowed: true } : checkPublicAddress(ip)),
    });
    const out = await inspectRemote(
      { type: 'streamable-http', url: `http://public.example:${front.port}/mcp` },
      { ...strict, fetch },
    );
    await fetch.close();
    expect(out).toMatchObject({ status: 'failed', reason: refused });
    expect(out.reason).toContain('127.0.0.1 is a loopback address');
    expect(front.requests).toEqual(['POST /mcp']);
    expect(target.requests).toEqual([]);
  });
});
