/**
 * The edge of the HTTP server: requests that arrive too slowly are ended with a 408 problem, and
 * one address cannot hold more than HUB_MAX_CONNECTIONS_PER_IP connections open at once.
 */
import net from 'node:net';
import { createTestHub, eventually, rawHttp, serverJson, useTestHub } from '../../../test/harness';

/** A connection that has been served one request and is kept alive. */
async function keptAlive(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    socket.on('data', (d) => {
      seen += d.toString();
      if (/\r\n\r\n[\s\S]*\}$/.test(seen)) resolve();
    });
    socket.once('close', () => reject(new Error(`closed before an answer: ${seen.slice(0, 300)}`)));
    socket.write('GET /healthz HTTP/1.1\r\nHost: hub\r\n\r\n');
  });
  expect(socket.destroyed).toBe(false);
  return socket;
}

const closed = (socket: net.Socket) =>
  new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

describe('request timeouts', () => {
  const hub = useTestHub({ env: { HUB_REQUEST_TIMEOUT: '1s', HUB_HEADERS_TIMEOUT: '1s' } });

  it('answers a body that stops short of its Content-Length with a 408 problem, closes the connection and publishes nothing', async () => {
    const name = `io.github.slow/body-${Date.now().toString(36)}`;
    const body = JSON.stringify(serverJson(name, '1.0.0'));
    const res = await rawHttp(hub.url, [
      `POST /v0.1/publish HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer ${hub.adminToken}\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 100}\r\n\r\n`,
      body,
    ]);
    expect(res.status).toBe(408);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 408, title: 'Request Timeout' });
    expect(res.body.detail).toContain('did not arrive in time');
    expect((await hub.request('GET', `/v0.1/servers/${encodeURIComponent(name)}/versions`)).status).toBe(404);
  });

  it('answers headers that never finish with a 408 problem', async () => {
    const res = await rawHttp(hub.url, ['GET /v0.1/servers HTTP/1.1\r\nHost: hub\r\nX-Slow: 1\r\n']);
    expect(res.status).toBe(408);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('closes a connection that never sends a byte', async () => {
    const res = await rawHttp(hub.url, []);
    expect(res.status).toBe(408);
    expect(res.body.status).toBe(408);
  });

  it('still serves requests that arrive in time, on the same connection', async () => {
    const socket = await keptAlive(hub.url);
    socket.destroy();
    expect((await hub.request('GET', '/v0.1/servers?limit=1')).status).toBe(200);
  });
});

describe('connections per address', () => {
  it('answers a connection over the cap with a 429 problem, and admits one again once another closes', async () => {
    // Loopback is a trusted proxy by default (the bundled web site calls from there), so this Hub trusts none.
    const hub = await createTestHub({ env: { HUB_MAX_CONNECTIONS_PER_IP: '3', HUB_TRUSTED_PROXIES: 'none' } });
    const open: net.Socket[] = [];
    try {
      for (let i = 0; i < 3; i++) open.push(await keptAlive(hub.url));
      const refused = await rawHttp(hub.url, ['GET /healthz HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n']);
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
      expect(refused.body.detail).toContain('at most 3');
      for (const socket of open) expect(socket.destroyed).toBe(false);

      const first = open.shift()!;
      first.destroy();
      await closed(first);
      // The server learns of the close a moment after the client does.
      const admitted = await eventually(async () => {
        const res = await rawHttp(hub.url, ['GET /healthz HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n']);
        return res.status === 200 && res;
      });
      expect(admitted.status).toBe(200);
    } finally {
      for (const socket of open) socket.destroy();
      await hub.close();
    }
  });

  it('never caps a trusted proxy (loopback by default)', async () => {
    const hub = await createTestHub({ env: { HUB_MAX_CONNECTIONS_PER_IP: '1' } });
    const open: net.Socket[] = [];
    try {
      for (let i = 0; i < 4; i++) open.push(await keptAlive(hub.url));
      const res = await rawHttp(hub.url, ['GET /healthz HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n']);
      expect(res.status).toBe(200);
    } finally {
      for (const socket of open) socket.destroy();
      await hub.close();
    }
  });
});
