import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkPublicAddress } from '@mcp-hub/domain/node';
import { RefusedAddress, type SafeFetch, SafeFetchError, createSafeFetch } from './safe-fetch';

/** A server on 127.0.0.2 that the test policy treats as public; 127.0.0.1 stays refused. */
const PUBLIC_IP = '127.0.0.2';
const testPolicy = (ip: string) => (ip === PUBLIC_IP ? { allowed: true } : checkPublicAddress(ip));
const lookupTable: Record<string, string[]> = {
  'public.example': [PUBLIC_IP],
  'sneaky.example': ['127.0.0.1'],
  'mixed.example': [PUBLIC_IP, '10.1.2.3'],
};
const fakeLookup = async (host: string) => {
  const found = lookupTable[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: 4 }));
};

let server: Server;
let port: number;
const seen: { method?: string; url?: string; host?: string; body: string }[] = [];

function handle(req: IncomingMessage, res: ServerResponse, body: string): void {
  seen.push({ method: req.method, url: req.url, host: req.headers.host, body });
  const url = new URL(req.url ?? '/', 'http://x');
  const to = url.searchParams.get('to');
  if (url.pathname === '/redirect' && to) {
    res.writeHead(Number(url.searchParams.get('status') ?? 307), { location: to });
    return void res.end();
  }
  if (url.pathname === '/loop') {
    res.writeHead(302, { location: '/loop' });
    return void res.end();
  }
  if (url.pathname === '/big') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('x'.repeat(600));
    return void setTimeout(() => res.end('y'.repeat(600)), 10);
  }
  if (url.pathname === '/declared-big') {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5000' });
    return void res.end('z'.repeat(5000));
  }
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(`hello ${req.method} ${body}`);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, PUBLIC_IP, resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const fetches: SafeFetch[] = [];
afterEach(async () => {
  await Promise.all(fetches.splice(0).map((f) => f.close()));
  seen.length = 0;
});
function safe(overrides: Partial<Parameters<typeof createSafeFetch>[0]> = {}): SafeFetch {
  const f = createSafeFetch({
    allowPrivateNetworks: false,
    timeoutMs: 5_000,
    maxResponseBytes: 1_000,
    lookup: fakeLookup,
    checkAddress: testPolicy,
    ...overrides,
  });
  fetches.push(f);
  return f;
}

describe('createSafeFetch: the address policy', () => {
  it.each([
    ['http://127.0.0.1:8/', '127.0.0.1 is a loopback address'],
    ['http://10.0.0.1/', '10.0.0.1 is a private address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is the cloud metadata address'],
    ['http://[::1]:8/', '::1 is a loopback address'],
    ['http://[::ffff:127.0.0.1]/', '127.0.0.1 is a loopback address'],
    ['http://2130706433/', '127.0.0.1 is a loopback address'],
  ])('refuses the IP literal in %s before connecting', async (url, reason) => {
    const err = await safe({ checkAddress: undefined })(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusedAddress);
    expect((err as RefusedAddress).message).toContain(reason);
  });

  it('refuses localhost, which the system resolver maps to loopback', async () => {
    const err = await safe({ lookup: undefined, checkAddress: undefined })('http://localhost:8/').catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RefusedAddress);
    expect((err as Error).message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), and .* is a loopback address$/);
  });

  it('refuses a public-looking name that resolves to loopback', async () => {
    const err = await safe()(`http://sneaky.example:${port}/`).catch((e: unknown) => e);
    expect((err as Error).message).toBe('sneaky.example resolves to 127.0.0.1, and 127.0.0.1 is a loopback address');
    expect(seen).toHaveLength(0);
  });

  it('refuses a name when any one of its addresses is private, even if another is fine', async () => {
    const err = await safe()(`http://mixed.example:${port}/`).catch((e: unknown) => e);
    expect((err as RefusedAddress).address).toBe('10.1.2.3');
    expect(seen).toHaveLength(0);
  });

  it('connects to the checked address and keeps the host name in the Host header', async () => {
    const res = await safe()(`http://public.example:${port}/hi`);
    expect(await res.text()).toBe('hello GET ');
    expect(seen[0]?.host).toBe(`public.example:${port}`);
  });

  it('connects anywhere with allowPrivateNetworks', async () => {
    const res = await safe({ allowPrivateNetworks: true, checkAddress: undefined })(`http://${PUBLIC_IP}:${port}/`);
    expect(res.status).toBe(200);
  });

  it('refuses schemes other than http and https', async () => {
    const err = await safe()('file:///etc/passwd').catch((e: unknown) => e);
    expect((err as SafeFetchError).code).toBe('bad-url');
  });

  it('passes on a DNS failure as the network error it is', async () => {
    const err = await safe()('http://nowhere.example/').catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(SafeFetchError);
    expect(((err as Error).cause as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
  });
});

describe('createSafeFetch: redirects', () => {
  const at = (path: string) => `http://public.example:${port}${path}`;

  it('refuses a redirect to a loopback address', async () => {
    const err = await safe()(at(`/redirect?to=${encodeURIComponent(`http://127.0.0.1:${port}/`)}`)).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RefusedAddress);
    expect((err as Error).message).toBe('127.0.0.1 is a loopback address');
  });

  it('refuses a redirect to a name that resolves to loopback', async () => {
    const err = await safe()(at(`/redirect?to=${encodeURIComponent(`http://sneaky.example:${port}/`)}`)).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toContain('sneaky.example resolves to 127.0.0.1');
  });

  it('follows a 307 with method and body, and a 303 as a GET', async () => {
    const kept = await safe()(at('/redirect?to=/echo'), { method: 'POST', body: 'payload' });
    expect(await kept.text()).toBe('hello POST payload');
    expect(kept.redirected).toBe(true);
    expect(kept.url).toBe(at('/echo'));
    const turned = await safe()(at('/redirect?status=303&to=/echo'), { method: 'POST', body: 'payload' });
    expect(await turned.text()).toBe('hello GET ');
  });

  it('stops after three redirects', async () => {
    const err = await safe()(at('/loop')).catch((e: unknown) => e);
    expect((err as SafeFetchError).code).toBe('too-many-redirects');
    expect(seen).toHaveLength(4);
  });

  it("returns the redirect itself with redirect: 'manual'", async () => {
    const res = await safe()(at('/redirect?to=/echo'), { redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('/echo');
  });
});

describe('createSafeFetch: the body cap', () => {
  it('fails the read of a body that grows past the cap', async () => {
    const res = await safe()(`http://public.example:${port}/big`);
    const err = await res.text().catch((e: unknown) => e);
    expect((err as SafeFetchError).code).toBe('too-large');
  });

  it('refuses a response whose Content-Length is over the cap without reading it', async () => {
    const err = await safe()(`http://public.example:${port}/declared-big`).catch((e: unknown) => e);
    expect((err as SafeFetchError).code).toBe('too-large');
  });
});
