/**
 * Names whose namespace or server part is "." or "..": upstream's pattern allows them, so the
 * mirror keeps them, while a local publish refuses them (bad-input.e2e.spec.ts). The API routes
 * take the whole name as one segment with its slash encoded, which no URL parser resolves away.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type TestHub, createTestHub, serverJson } from '../../../test/harness';

const NAMES = ['../dots', 'io.github.dots/..', './dots'];
const OFFICIAL = 'io.modelcontextprotocol.registry/official';

describe('mirrored names with dot segments', () => {
  let hub: TestHub;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hub-dots-'));
    const at = '2025-09-10T13:57:43.256Z';
    const servers = NAMES.map((name) => ({
      server: serverJson(name, '1.0.0'),
      _meta: { [OFFICIAL]: { status: 'active', statusChangedAt: at, publishedAt: at, updatedAt: at, isLatest: true } },
    }));
    writeFileSync(path.join(dir, 'seed.json'), JSON.stringify({ servers, metadata: { count: servers.length } }));
    hub = await createTestHub({ env: { HUB_SEED_FILE: path.join(dir, 'seed.json') } });
  });
  afterAll(async () => {
    await hub?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(NAMES)('serves %s at its routes with the slash percent-encoded, dots plain or as %%2E', async (name) => {
    const plain = encodeURIComponent(name);
    const dotsEncoded = plain.replace(/\./g, '%2E');
    for (const segment of [plain, dotsEncoded]) {
      const latest = await hub.request('GET', `/v0.1/servers/${segment}/versions/latest`);
      if (latest.status !== 200) throw new Error(`${segment}: ${latest.status} ${latest.text.slice(0, 300)}`);
      expect(latest.body.server.name).toBe(name);
      const versions = await hub.request('GET', `/v0.1/servers/${segment}/versions`);
      expect(versions.body.servers.map((e: any) => e.server.version)).toEqual(['1.0.0']);
    }
  });
});
