import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliError } from '../errors';
import type { PackageDoc } from '../registry/client';
import { pinPackage } from './package-version';

const server = { name: 'io.github.acme/weather', version: '1.0.0' };
const digest = `sha256:${'e'.repeat(64)}`;

describe('pinPackage', () => {
  let registry: http.Server;
  let base: string;
  const seen: string[] = [];

  beforeAll(async () => {
    // One local server playing an npm registry (abbreviated packuments), PyPI's JSON API and an
    // OCI registry (tag → Docker-Content-Digest).
    registry = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const json = (body: unknown) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url === '/@acme%2Fweather')
        json({
          name: '@acme/weather',
          'dist-tags': { latest: '1.4.2', next: '2.0.0-rc.1' },
          versions: { '1.3.0': {}, '1.4.2': {}, '1.5.0-beta.1': {}, '2.0.0-rc.1': {} },
        });
      else if (req.url === '/pypi/acme-weather/json') json({ info: { version: '0.9.1' } });
      else if (req.url === '/v2/acme/w/manifests/latest') res.writeHead(200, { 'docker-content-digest': digest }).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => registry.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => registry.close(r)));
  beforeEach(() => (seen.length = 0));

  const o = () => ({ npmRegistry: base, pypiRegistry: base, offline: false });
  const npm = (version: string, identifier = '@acme/weather'): PackageDoc => ({
    registryType: 'npm',
    registryBaseUrl: 'https://registry.npmjs.org',
    identifier,
    version,
  });
  const refused = async (p: Promise<unknown>) => {
    const e = await p.then(
      () => undefined,
      (err: unknown) => err,
    );
    if (!(e instanceof CliError)) throw new Error(`expected a CliError, got ${String(e)}`);
    return { code: e.code, message: e.message, hint: e.hint };
  };

  it('leaves an exact version alone, asking nothing', async () => {
    const pkg = npm('1.3.0');
    expect(await pinPackage(server, pkg, o())).toBe(pkg);
    expect(
      await pinPackage(server, { registryType: 'pypi', identifier: 'acme-weather', version: '1.4.23.post1' }, o()),
    ).toMatchObject({ version: '1.4.23.post1' });
    expect(seen).toEqual([]);
  });

  it('pins an npm dist-tag to the version it points at, on the configured npm registry', async () => {
    expect(await pinPackage(server, npm('latest'), o())).toEqual({ ...npm('latest'), version: '1.4.2' });
    expect(await pinPackage(server, npm('next'), o())).toMatchObject({ version: '2.0.0-rc.1' });
    expect(seen).toEqual(['GET /@acme%2Fweather', 'GET /@acme%2Fweather']);
  });

  it('pins an npm range to the highest version in it', async () => {
    expect(await pinPackage(server, npm('^1.3.0'), o())).toMatchObject({ version: '1.4.2' });
    expect(await pinPackage(server, npm('1.x'), o())).toMatchObject({ version: '1.4.2' });
  });

  it('refuses what it cannot pin, saying why and what to do', async () => {
    expect(await refused(pinPackage(server, npm('canary'), o()))).toEqual({
      code: 'not_found',
      message: `io.github.acme/weather@1.0.0's npm package @acme/weather names version "canary", which is neither a dist-tag of @acme/weather nor a range any of its versions meet.`,
      hint: 'Install a version of io.github.acme/weather whose package names an exact version (mcpm info io.github.acme/weather lists them), or ask its publisher to publish one.',
    });
    expect(await refused(pinPackage(server, npm('^3.0.0'), o()))).toMatchObject({ code: 'not_found' });
    expect(await refused(pinPackage(server, npm('latest', '@acme/gone'), o()))).toMatchObject({
      code: 'not_found',
      message: `${base} has no package @acme/gone, which io.github.acme/weather@1.0.0 names.`,
    });
    expect(await refused(pinPackage(server, npm('latest'), { ...o(), offline: true }))).toMatchObject({
      code: 'network',
      message: expect.stringMatching(/names version "latest", not one release; .*--offline rules out/),
      hint: expect.stringMatching(/^Run without --offline\./),
    });
    expect(
      await refused(pinPackage(server, npm('latest'), { ...o(), npmRegistry: 'http://127.0.0.1:9' })),
    ).toMatchObject({
      code: 'network',
      message: expect.stringMatching(/^127\.0\.0\.1:9 is unreachable \(ECONNREFUSED\)/),
    });
    expect(
      await refused(pinPackage(server, { registryType: 'pypi', identifier: 'acme-weather', version: 'auto' }, o())),
    ).toMatchObject({ code: 'not_found', message: expect.stringContaining('"auto", which is not a PyPI version') });
  });

  it('pins PyPI "latest" to the current release from the JSON API', async () => {
    expect(
      await pinPackage(server, { registryType: 'pypi', identifier: 'acme-weather', version: 'latest' }, o()),
    ).toMatchObject({ version: '0.9.1' });
    expect(seen).toEqual(['GET /pypi/acme-weather/json']);
  });

  it('pins an OCI "latest" tag to its digest, and refuses a tag the registry does not know', async () => {
    const host = base.replace('http://', '');
    expect(
      await pinPackage(server, { registryType: 'oci', identifier: `${host}/acme/w`, version: 'latest' }, o()),
    ).toEqual({ registryType: 'oci', identifier: `${host}/acme/w:latest@${digest}`, version: digest });
    expect(
      await refused(
        pinPackage(server, { registryType: 'oci', identifier: `${host}/acme/other:latest`, version: '1' }, o()),
      ),
    ).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining(
        `names the moving tag ${host}/acme/other:latest, and its registry gives no digest`,
      ),
    });
  });
});
