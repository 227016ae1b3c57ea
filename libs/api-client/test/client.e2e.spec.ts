import { spawn } from 'node:child_process';
import path from 'node:path';
import { serverJson, uniqueName, useTestHub } from '../../../test/harness';
import { createHubClient, problemMessage } from '../src';

const run = (args: string[]) =>
  new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, '../generate.mjs'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });

describe('typed Hub client', () => {
  const hub = useTestHub();

  it("is generated from the Hub's current OpenAPI document (regenerate after changing an endpoint)", async () => {
    const { code, out } = await run(['--check', '--from', hub.url]);
    expect(out).toContain('matches');
    expect(code).toBe(0);
  });

  it('calls the Hub: publish with a token, read back, and a problem for a bad request', async () => {
    const name = uniqueName('io.github.client');
    const client = createHubClient({ baseUrl: hub.url, token: hub.adminToken });
    const pub = await client.POST('/v0.1/publish', { body: serverJson(name, '1.0.0') as never });
    expect(pub.response.status).toBe(200);
    const got = await createHubClient({ baseUrl: `${hub.url}/` }).GET('/v0.1/servers/{serverName}/versions/{version}', {
      params: { path: { serverName: name, version: 'latest' } },
    });
    expect((got.data as unknown as { server: { name: string } }).server.name).toBe(name);
    const bad = await client.GET('/v0.1/servers', { params: { query: { limit: 0 as never } } });
    expect(bad.response.status).toBe(400);
    expect(problemMessage(bad.error)).toMatch(/limit/);
    const anon = await createHubClient({ baseUrl: hub.url }).GET('/api/v1/whoami');
    expect(anon.response.status).toBe(401);
  });
});
