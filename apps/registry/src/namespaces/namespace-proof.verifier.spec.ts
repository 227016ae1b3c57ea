import { HubError } from '@mcp-hub/domain';
import { type KeyObject, generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { type FakeDnsServer, startFakeDnsServer } from '../../../../test/fakes/dns-server';
import {
  type NamespaceProofVerifierOptions,
  type ProofLoginInput,
  NamespaceProofVerifier,
} from './namespace-proof.verifier';
import { proofRecord, signTimestamp } from './proof-record';
import type { ReplayStore } from './replay-store';
import { type FetchLike, createWellKnownFetch } from './well-known-fetch';

const NOW = new Date('2026-05-01T12:00:00Z');
const now = () => NOW;
const ALGORITHMS = [['ed25519'], ['ecdsap384']] as const;

type Algorithm = (typeof ALGORITHMS)[number][0];
const keyPair = (algorithm: Algorithm = 'ed25519') =>
  algorithm === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'secp384r1' });

/** A fresh domain per test, under the reserved `.test` TLD, so tests never share records. */
const uniqueDomain = () => `d${randomBytes(6).toString('hex')}.example.test`;
const namespaceOf = (domain: string) => domain.split('.').reverse().join('.');

/** Second-precision, as `mcp-publisher` formats it. */
const rfc3339 = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

function login(domain: string, privateKey: KeyObject, offsetMs = 0): ProofLoginInput {
  const timestamp = rfc3339(new Date(NOW.getTime() + offsetMs));
  return { domain, timestamp, signedTimestamp: signTimestamp(privateKey, timestamp) };
}

async function rejection(promise: Promise<unknown>): Promise<HubError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected the proof to be refused, but it was accepted');
}

describe('NamespaceProofVerifier over DNS', () => {
  let dns: FakeDnsServer;
  beforeAll(async () => {
    dns = await startFakeDnsServer();
  });
  afterAll(() => dns.close());

  const verifier = (options: NamespaceProofVerifierOptions = {}) =>
    new NamespaceProofVerifier({ dnsServers: [dns.address], now, dnsTimeoutMs: 2000, ...options });

  it.each(ALGORITHMS)('accepts a good %s proof and grants the domain and its subdomains', async (algorithm) => {
    const domain = uniqueDomain();
    const { publicKey, privateKey } = keyPair(algorithm);
    dns.setTxt(domain, [proofRecord(publicKey)]);

    const proof = await verifier().verifyDns(login(domain, privateKey));

    expect(proof).toEqual({
      domain,
      method: 'dns',
      namespaces: [`${namespaceOf(domain)}/*`, `${namespaceOf(domain)}.*/*`],
    });
    expect(dns.queries).toContain(domain);
  });

  it('finds the MCPv1 record among unrelated TXT records', async () => {
    const domain = uniqueDomain();
    const { publicKey, privateKey } = keyPair();
    dns.setTxt(domain, [
      'v=spf1 include:_spf.example.test -all',
      proofRecord(publicKey),
      'google-site-verification=abc123',
    ]);

    await expect(verifier().verifyDns(login(domain, privateKey))).resolves.toMatchObject({ method: 'dns' });
  });

  it('tries every key: a stale record listed first does not hide the right one', async () => {
    const domain = uniqueDomain();
    const stale = keyPair('ecdsap384');
    const current = keyPair('ed25519');
    dns.setTxt(domain, [proofRecord(stale.publicKey), proofRecord(current.publicKey)]);

    await expect(verifier().verifyDns(login(domain, current.privateKey))).resolves.toMatchObject({ domain });
  });

  it('skips a malformed MCPv1 record when another one verifies', async () => {
    const domain = uniqueDomain();
    const { publicKey, privateKey } = keyPair();
    dns.setTxt(domain, ['v=MCPv1; k=ed25519; p=broken', proofRecord(publicKey)]);

    await expect(verifier().verifyDns(login(domain, privateKey))).resolves.toMatchObject({ domain });
  });

  it('joins a record split into several character-strings', async () => {
    const domain = uniqueDomain();
    const { publicKey, privateKey } = keyPair('ecdsap384');
    const record = proofRecord(publicKey);
    dns.setTxt(domain, [[record.slice(0, 25), record.slice(25)]]);

    await expect(verifier().verifyDns(login(domain, privateKey))).resolves.toMatchObject({ domain });
  });

  it('refuses a signature made with another key, naming the key it tried', async () => {
    const domain = uniqueDomain();
    const published = proofRecord(keyPair().publicKey);
    dns.setTxt(domain, [published]);

    const error = await rejection(verifier().verifyDns(login(domain, keyPair().privateKey)));

    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(error.message).toContain(
      `does not match the key published on ${domain} (ed25519:${published.split('p=')[1]!.slice(0, 8)})`,
    );
  });

  it('lists every published key when none matches', async () => {
    const domain = uniqueDomain();
    dns.setTxt(domain, [proofRecord(keyPair().publicKey), proofRecord(keyPair('ecdsap384').publicKey)]);

    const error = await rejection(verifier().verifyDns(login(domain, keyPair().privateKey)));

    expect(error.message).toMatch(
      /matches none of the 2 keys published on .* \(ed25519:\S+, ecdsap384:\S+\).*remove the stale record/,
    );
  });

  it('says so when the signature has the wrong length for every published key', async () => {
    const domain = uniqueDomain();
    dns.setTxt(domain, [proofRecord(keyPair().publicKey)]);
    const input = { ...login(domain, keyPair().privateKey), signedTimestamp: 'ab'.repeat(10) };

    const error = await rejection(verifier().verifyDns(input));

    expect(error.message).toMatch(/signedTimestamp is 10 bytes, but ed25519 signatures are 64 bytes/);
  });

  it('refuses a malformed record and says what is wrong with it', async () => {
    const domain = uniqueDomain();
    dns.setTxt(domain, ['v=MCPv1; k=rsa; p=AAAA']);

    const error = await rejection(verifier().verifyDns(login(domain, keyPair().privateKey)));

    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(error.message).toMatch(
      new RegExp(`The MCPv1 record on ${domain} is malformed: k=rsa is not supported: use k=ed25519 or k=ecdsap384`),
    );
  });

  it('explains how to add the record when the domain has none', async () => {
    const domain = uniqueDomain();
    dns.setTxt(domain, ['v=spf1 -all']);

    const error = await rejection(verifier().verifyDns(login(domain, keyPair().privateKey)));

    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(error.message).toContain(
      `No MCPv1 TXT record on ${domain} (it has 1 other TXT record): add \`${domain}. IN TXT "v=MCPv1; k=ed25519; p=…"\` at the apex`,
    );
  });

  it('treats a name without TXT records (NODATA) as having no record', async () => {
    const domain = uniqueDomain();
    dns.setTxt(domain, []);

    const error = await rejection(verifier().verifyDns(login(domain, keyPair().privateKey)));

    expect(error.message).toMatch(new RegExp(`^No MCPv1 TXT record on ${domain}: add`));
  });

  it('points at a record placed under a selector instead of the apex', async () => {
    const domain = uniqueDomain();
    const { publicKey, privateKey } = keyPair();
    dns.setTxt(`_mcp-auth.${domain}`, [proofRecord(publicKey)]);

    const error = await rejection(verifier().verifyDns(login(domain, privateKey)));

    expect(error.message).toContain(
      `No MCPv1 TXT record on ${domain}, but there is one at _mcp-auth.${domain}: the registry reads the apex only`,
    );
  });

  it('refuses a domain that does not exist (NXDOMAIN)', async () => {
    const domain = uniqueDomain();

    const error = await rejection(verifier().verifyDns(login(domain, keyPair().privateKey)));

    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(error.message).toMatch(new RegExp(`^${domain} does not exist in DNS \\(NXDOMAIN\\)`));
  });

  it('reports a failing DNS server as unavailable (retryable), not as a bad proof', async () => {
    const domain = uniqueDomain();
    dns.fail(domain, 'SERVFAIL');

    const error = await rejection(verifier().verifyDns(login(domain, keyPair().privateKey)));

    expect(error).toMatchObject({ code: 'unavailable', status: 503 });
    expect(error.message).toMatch(
      new RegExp(`Could not look up TXT records for ${domain}: the DNS server answered SERVFAIL\\. Try again`),
    );
  });

  it('fails fast and clearly when the DNS server is down', async () => {
    const gone = await startFakeDnsServer();
    await gone.close();
    const started = Date.now();

    const error = await rejection(
      verifier({ dnsServers: [gone.address] }).verifyDns(login(uniqueDomain(), keyPair().privateKey)),
    );

    expect(error).toMatchObject({ code: 'unavailable' });
    expect(error.message).toMatch(/the DNS server could not be reached/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('gives up after its timeout when the DNS server never answers', async () => {
    const quiet = await startFakeDnsServer();
    quiet.silent = true;
    const started = Date.now();
    try {
      const error = await rejection(
        verifier({ dnsServers: [quiet.address], dnsTimeoutMs: 300 }).verifyDns(
          login(uniqueDomain(), keyPair().privateKey),
        ),
      );

      expect(error).toMatchObject({ code: 'unavailable' });
      expect(error.message).toMatch(/no answer within 0\.3 s/);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      await quiet.close();
    }
  });

  it.each([
    ['14 s ahead', 14_000],
    ['exactly 15 s ahead', 15_000],
    ['14 s behind', -14_000],
  ])('accepts a timestamp %s of the clock', async (_, offsetMs) => {
    const domain = uniqueDomain();
    const { publicKey, privateKey } = keyPair();
    dns.setTxt(domain, [proofRecord(publicKey)]);

    await expect(verifier().verifyDns(login(domain, privateKey, offsetMs))).resolves.toMatchObject({ domain });
  });

  it.each([
    [16_000, "timestamp is 16 s ahead of the registry's clock (allowed ±15 s): sign a fresh timestamp"],
    [-16_000, "timestamp is 16 s behind the registry's clock (allowed ±15 s): sign a fresh timestamp"],
    [-42_000, 'timestamp is 42 s behind'],
  ])('refuses a timestamp %d ms away from the clock, before any lookup', async (offsetMs, message) => {
    const domain = uniqueDomain();
    const { publicKey, privateKey } = keyPair();
    dns.setTxt(domain, [proofRecord(publicKey)]);

    const error = await rejection(verifier().verifyDns(login(domain, privateKey, offsetMs)));

    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(error.message).toContain(message);
    expect(dns.queries).not.toContain(domain);
  });

  it('honours a configured skew window', async () => {
    const domain = uniqueDomain();
    const { publicKey, privateKey } = keyPair();
    dns.setTxt(domain, [proofRecord(publicKey)]);

    const error = await rejection(verifier({ maxSkewMs: 5_000 }).verifyDns(login(domain, privateKey, 6_000)));

    expect(error.message).toContain("6 s ahead of the registry's clock (allowed ±5 s)");
  });

  it('refuses a replayed proof, but accepts a freshly signed one', async () => {
    const domain = uniqueDomain();
    const { publicKey, privateKey } = keyPair();
    dns.setTxt(domain, [proofRecord(publicKey)]);
    const v = verifier();
    const input = login(domain, privateKey);

    await v.verifyDns(input);
    const error = await rejection(v.verifyDns(input));

    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(error.message).toMatch(/already used to log in.*sign a fresh timestamp/);
    await expect(v.verifyDns(login(domain, privateKey, 1000))).resolves.toMatchObject({ domain });
  });

  it('refuses a replayed P-384 proof even when its signature is re-encoded as (r, n−s)', async () => {
    const domain = uniqueDomain();
    const { publicKey, privateKey } = keyPair('ecdsap384');
    dns.setTxt(domain, [proofRecord(publicKey)]);
    const v = verifier();
    const input = login(domain, privateKey);
    const n = BigInt(
      '0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973',
    );
    const r = input.signedTimestamp.slice(0, 96);
    const s = BigInt(`0x${input.signedTimestamp.slice(96)}`);
    const twin = { ...input, signedTimestamp: r + (n - s).toString(16).padStart(96, '0') };

    await v.verifyDns(input);
    const error = await rejection(v.verifyDns(twin));

    expect(error.message).toMatch(/already used to log in/);
  });

  it('lets only one of two concurrent uses of a proof through', async () => {
    const domain = uniqueDomain();
    const { publicKey, privateKey } = keyPair();
    dns.setTxt(domain, [proofRecord(publicKey)]);
    const v = verifier();
    const input = login(domain, privateKey);

    const results = await Promise.allSettled([v.verifyDns(input), v.verifyDns(input)]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('remembers a proof until it would leave the skew window anyway', async () => {
    const domain = uniqueDomain();
    const { publicKey, privateKey } = keyPair();
    dns.setTxt(domain, [proofRecord(publicKey)]);
    const claims: Array<{ key: string; expiresAt: Date }> = [];
    const replayStore: ReplayStore = { claim: async (key, expiresAt) => (claims.push({ key, expiresAt }), true) };

    await verifier({ replayStore }).verifyDns(login(domain, privateKey, 3000));

    expect(claims).toEqual([
      { key: expect.stringMatching(/^[0-9a-f]{64}$/), expiresAt: new Date(NOW.getTime() + 3000 + 15_000) },
    ]);
  });

  it('normalises an upper-case domain, looks it up and grants it in lower case', async () => {
    const domain = uniqueDomain();
    const { publicKey, privateKey } = keyPair();
    dns.setTxt(domain, [proofRecord(publicKey)]);

    const proof = await verifier().verifyDns(login(domain.toUpperCase(), privateKey));

    expect(proof).toMatchObject({ domain, namespaces: [`${namespaceOf(domain)}/*`, `${namespaceOf(domain)}.*/*`] });
  });

  it.each([
    ['192.0.2.1', /IP address/],
    ['', /domain is empty/],
    ['localhost', /at least two labels/],
    ['example.test.', /trailing dot/],
  ])('refuses the domain %j as a bad request, without a lookup', async (domain, reason) => {
    const before = dns.queries.length;

    const error = await rejection(verifier().verifyDns(login(domain, keyPair().privateKey)));

    expect(error).toMatchObject({ code: 'bad_request', status: 400 });
    expect(error.errors).toEqual([
      expect.objectContaining({ location: 'body.domain', value: domain, message: expect.stringMatching(reason) }),
    ]);
    expect(dns.queries.length).toBe(before);
  });

  it('reports every malformed field at once', async () => {
    const error = await rejection(
      verifier().verifyDns({ domain: 'example.test', timestamp: '2026-05-01 12:00:00', signedTimestamp: 'xyz' }),
    );

    expect(error).toMatchObject({ code: 'bad_request' });
    expect(error.errors.map((e) => e.location)).toEqual(['body.timestamp', 'body.signedTimestamp']);
    expect(error.errors[0]!.message).toMatch(/RFC 3339/);
    expect(error.errors[1]!.message).toMatch(/hex-encoded/);
  });

  it('refuses a bad dnsServers setting at construction', () => {
    expect(() => new NamespaceProofVerifier({ dnsServers: ['not-an-ip'] })).toThrow(
      /dnsServers \["not-an-ip"\] is invalid/,
    );
  });
});

describe('NamespaceProofVerifier over HTTP', () => {
  type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
  const routes = new Map<string, Handler>();
  const hits: string[] = [];
  let server: http.Server;
  let origin: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      const handler = routes.get(req.url ?? '');
      if (handler) handler(req, res);
      else res.writeHead(404).end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const path = (domain: string) => `/${domain}/.well-known/mcp-registry-auth`;
  const serve = (domain: string, body: string, status = 200) =>
    routes.set(path(domain), (_, res) => res.writeHead(status, { 'content-type': 'text/plain' }).end(body));

  // The default fetch refuses loopback, so the local server is reached through the global fetch
  // and through the default fetch told to allow it: both must behave the same.
  describe.each([
    ['global fetch', fetch as FetchLike],
    ['public-only fetch, loopback allowed', createWellKnownFetch({ allowAddress: () => true })],
  ])('with %s', (_, fetchImpl) => {
    const verifier = (options: NamespaceProofVerifierOptions = {}) =>
      new NamespaceProofVerifier({
        now,
        fetch: fetchImpl,
        wellKnownUrl: (d) => `${origin}${path(d)}`,
        httpTimeoutMs: 300,
        ...options,
      });

    it.each(ALGORITHMS)('accepts a good %s proof and grants the domain only', async (algorithm) => {
      const domain = uniqueDomain();
      const { publicKey, privateKey } = keyPair(algorithm);
      serve(domain, `${proofRecord(publicKey)}\n`);

      const proof = await verifier().verifyHttp(login(domain, privateKey));

      expect(proof).toEqual({ domain, method: 'http', namespaces: [`${namespaceOf(domain)}/*`] });
    });

    it('accepts a body of exactly the size limit', async () => {
      const domain = uniqueDomain();
      const { publicKey, privateKey } = keyPair();
      serve(domain, proofRecord(publicKey).padEnd(4096, ' '));

      await expect(verifier().verifyHttp(login(domain, privateKey))).resolves.toMatchObject({ domain });
    });

    it('refuses a body over 4096 bytes', async () => {
      const domain = uniqueDomain();
      const { publicKey, privateKey } = keyPair();
      serve(domain, proofRecord(publicKey).padEnd(4097, ' '));

      const error = await rejection(verifier().verifyHttp(login(domain, privateKey)));

      expect(error).toMatchObject({ code: 'unauthorized' });
      expect(error.message).toMatch(/returned more than 4096 bytes: the file must hold only the proof record/);
    });

    it('refuses when the file is missing (HTTP 404)', async () => {
      const domain = uniqueDomain();

      const error = await rejection(verifier().verifyHttp(login(domain, keyPair().privateKey)));

      expect(error).toMatchObject({ code: 'unauthorized' });
      expect(error.message).toBe(
        `${origin}${path(domain)} answered HTTP 404: serve "v=MCPv1; k=ed25519; p=…" there with status 200.`,
      );
    });

    it('does not follow redirects, even to a valid proof', async () => {
      const domain = uniqueDomain();
      const { publicKey, privateKey } = keyPair();
      serve(`elsewhere-${domain}`, proofRecord(publicKey));
      routes.set(path(domain), (_, res) => res.writeHead(302, { location: path(`elsewhere-${domain}`) }).end());

      const error = await rejection(verifier().verifyHttp(login(domain, privateKey)));

      expect(error.message).toMatch(/answered HTTP 302 \(a redirect\), and the registry does not follow redirects/);
      expect(hits).not.toContain(path(`elsewhere-${domain}`));
    });

    it('gives up when the server does not answer in time', async () => {
      const domain = uniqueDomain();
      routes.set(path(domain), () => undefined);
      const started = Date.now();

      const error = await rejection(verifier().verifyHttp(login(domain, keyPair().privateKey)));

      expect(error).toMatchObject({ code: 'unauthorized' });
      expect(error.message).toMatch(/did not answer within 0\.3 s/);
      expect(Date.now() - started).toBeLessThan(1500);
    });

    it('gives up when the body stalls after the headers', async () => {
      const domain = uniqueDomain();
      routes.set(path(domain), (_, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('v=MCPv1; ');
      });
      const started = Date.now();

      const error = await rejection(verifier().verifyHttp(login(domain, keyPair().privateKey)));

      expect(error.message).toMatch(/did not answer within 0\.3 s/);
      expect(Date.now() - started).toBeLessThan(1500);
    });

    it('says which connection error stopped the fetch', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));

      const v = verifier({ wellKnownUrl: (d) => `http://127.0.0.1:${port}${path(d)}` });
      const error = await rejection(v.verifyHttp(login(uniqueDomain(), keyPair().privateKey)));

      expect(error).toMatchObject({ code: 'unauthorized' });
      expect(error.message).toMatch(
        new RegExp(
          `^Could not fetch http://127\\.0\\.0\\.1:${port}/.* \\(ECONNREFUSED\\): make sure 127\\.0\\.0\\.1:${port} serves HTTPS`,
        ),
      );
    });

    it('refuses a signature made with another key', async () => {
      const domain = uniqueDomain();
      serve(domain, proofRecord(keyPair('ecdsap384').publicKey));

      const error = await rejection(verifier().verifyHttp(login(domain, keyPair('ecdsap384').privateKey)));

      expect(error.message).toMatch(
        new RegExp(`does not match the key published at ${origin}${path(domain)} \\(ecdsap384:`),
      );
    });

    it('refuses a file that is not a proof record', async () => {
      const domain = uniqueDomain();
      serve(domain, '<html>hello</html>');

      const error = await rejection(verifier().verifyHttp(login(domain, keyPair().privateKey)));

      expect(error.message).toMatch(
        /^No MCPv1 proof record at .*: serve "v=MCPv1; k=ed25519; p=…" as the whole body of that file\.$/,
      );
    });

    it('refuses a replayed proof', async () => {
      const domain = uniqueDomain();
      const { publicKey, privateKey } = keyPair();
      serve(domain, proofRecord(publicKey));
      const v = verifier();
      const input = login(domain, privateKey);

      await v.verifyHttp(input);

      await expect(v.verifyHttp(input)).rejects.toThrow(/already used to log in/);
    });
  });

  it('by default refuses to fetch from loopback, and never sends the request', async () => {
    const domain = uniqueDomain();
    const { publicKey, privateKey } = keyPair();
    serve(domain, proofRecord(publicKey));
    const v = new NamespaceProofVerifier({
      now,
      wellKnownUrl: (d) => `${origin.replace('127.0.0.1', 'localhost')}${path(d)}`,
    });

    const error = await rejection(v.verifyHttp(login(domain, privateKey)));

    expect(error).toMatchObject({ code: 'unauthorized' });
    expect(error.message).toMatch(
      /^Refusing to fetch http:\/\/localhost:\d+\/.*: localhost resolves only to private, loopback or otherwise non-public addresses/,
    );
    expect(hits).not.toContain(path(domain));
  });

  it('fetches https://<domain>/.well-known/mcp-registry-auth by default', async () => {
    const urls: string[] = [];
    const recording: FetchLike = async (url) => (urls.push(url), new Response('nope', { status: 404 }));
    const domain = uniqueDomain();

    await rejection(
      new NamespaceProofVerifier({ now, fetch: recording }).verifyHttp(login(domain, keyPair().privateKey)),
    );

    expect(urls).toEqual([`https://${domain}/.well-known/mcp-registry-auth`]);
  });
});
