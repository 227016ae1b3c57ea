import http from 'node:http';
import { ociDigest, parseImage } from './oci-digest';

describe('parseImage', () => {
  it('knows Docker Hub, other registries, tags and digests', () => {
    expect(parseImage('falkordb/queryweaver:0.0.11')).toEqual({
      host: 'registry-1.docker.io',
      repository: 'falkordb/queryweaver',
      reference: '0.0.11',
      scheme: 'https',
    });
    expect(parseImage('docker.io/alpine')).toEqual({
      host: 'registry-1.docker.io',
      repository: 'library/alpine',
      reference: 'latest',
      scheme: 'https',
    });
    expect(parseImage('ghcr.io/acme/tools/w:2')).toEqual({
      host: 'ghcr.io',
      repository: 'acme/tools/w',
      reference: '2',
      scheme: 'https',
    });
    expect(parseImage(`localhost:5000/w@sha256:${'a'.repeat(64)}`)).toMatchObject({
      host: 'localhost:5000',
      repository: 'w',
      reference: `sha256:${'a'.repeat(64)}`,
      scheme: 'http',
    });
  });
});

describe('ociDigest', () => {
  const digest = `sha256:${'b'.repeat(64)}`;
  let server: http.Server;
  let port: number;
  const seen: string[] = [];

  beforeAll(async () => {
    // A registry speaking the distribution API's anonymous token flow, as Docker Hub and ghcr.io do.
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      if (req.url?.startsWith('/token?')) {
        const u = new URL(req.url, 'http://x');
        res.end(JSON.stringify({ token: `t-${u.searchParams.get('scope')}` }));
      } else if (req.url === '/v2/acme/w/manifests/1.2.0') {
        if (req.headers.authorization !== 'Bearer t-repository:acme/w:pull') {
          res
            .writeHead(401, {
              'www-authenticate': `Bearer realm="http://127.0.0.1:${port}/token",service="test-registry",scope="repository:acme/w:pull"`,
            })
            .end();
        } else res.writeHead(200, { 'docker-content-digest': digest }).end();
      } else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('follows the token challenge and returns the digest the tag points at', async () => {
    expect(await ociDigest(`127.0.0.1:${port}/acme/w:1.2.0`)).toBe(digest);
    expect(seen).toEqual([
      'HEAD /v2/acme/w/manifests/1.2.0 ',
      'GET /token?service=test-registry&scope=repository%3Aacme%2Fw%3Apull ',
      'HEAD /v2/acme/w/manifests/1.2.0 Bearer t-repository:acme/w:pull',
    ]);
  });

  it('returns nothing for an unknown tag, and a pinned digest without asking', async () => {
    expect(await ociDigest(`127.0.0.1:${port}/acme/w:9.9.9`)).toBeUndefined();
    const pinned = `sha256:${'c'.repeat(64)}`;
    expect(await ociDigest(`127.0.0.1:${port}/acme/w@${pinned}`)).toBe(pinned);
  });
});
