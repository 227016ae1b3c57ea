import { serverJson, uniqueName, useTestHub } from '../../../test/harness';

const OFFICIAL = 'io.modelcontextprotocol.registry/official';
type Entry = { server: { name: string; version: string }; _meta: any };

describe('listing: pagination and incremental sync', () => {
  const hub = useTestHub();

  async function publish(name: string, version: string) {
    const res = await hub.request('POST', '/v0.1/publish', { body: serverJson(name, version), token: hub.adminToken });
    expect(res.status).toBe(200);
    return res.body;
  }

  async function pageAll(query: string, limit: number, between?: () => Promise<void>): Promise<Entry[]> {
    const out: Entry[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 1000; i++) {
      const res = await hub.request(
        'GET',
        `/v0.1/servers?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.metadata.count).toBe(res.body.servers.length);
      out.push(...res.body.servers);
      cursor = res.body.metadata.nextCursor;
      if (!cursor) break;
      expect(res.body.servers).toHaveLength(limit);
      if (between) await between();
    }
    return out;
  }

  const key = (e: Entry) => `${e.server.name}@${e.server.version}`;

  it('defaults to 30 per page, ordered by name then version, and stops with no nextCursor', async () => {
    const prefix = `io.github.page${Date.now()}`;
    for (let i = 0; i < 35; i++) await publish(`${prefix}/s${String(i).padStart(2, '0')}`, '1.0.0');
    const first = await hub.request('GET', `/v0.1/servers?search=${prefix}`);
    expect(first.body.servers).toHaveLength(30);
    expect(first.body.metadata.nextCursor).toEqual(expect.any(String));
    const second = await hub.request(
      'GET',
      `/v0.1/servers?search=${prefix}&cursor=${encodeURIComponent(first.body.metadata.nextCursor)}`,
    );
    expect(second.body.servers).toHaveLength(5);
    expect(second.body.metadata.nextCursor).toBeUndefined();
    const names = [...first.body.servers, ...second.body.servers].map((e: Entry) => e.server.name);
    expect(names).toEqual([...names].sort());
  });

  it('pages without duplicates or gaps while others publish', async () => {
    const prefix = `io.github.conc${Date.now()}`;
    const initial: string[] = [];
    for (let i = 0; i < 60; i++) {
      const name = `${prefix}/s${String(i).padStart(3, '0')}`;
      await publish(name, '1.0.0');
      initial.push(`${name}@1.0.0`);
    }
    let n = 0;
    // Between pages, publish new servers both before and after the cursor position, and new
    // versions of servers already seen and not yet seen.
    const seen = await pageAll(`&search=${prefix}`, 7, async () => {
      n++;
      await Promise.all([
        publish(`${prefix}/a-new-${n}`, '1.0.0'),
        publish(`${prefix}/z-new-${n}`, '1.0.0'),
        publish(`${prefix}/s${String(n * 5).padStart(3, '0')}`, `2.0.${n}`),
      ]);
    });
    const keys = seen.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of initial) expect(keys).toContain(k);
  });

  it('updated_since returns only what changed, including deletions', async () => {
    const prefix = `io.github.sync${Date.now()}`;
    const a = `${prefix}/a`;
    const b = `${prefix}/b`;
    await publish(a, '1.0.0');
    await publish(b, '1.0.0');
    const checkpoint = (await hub.request('GET', `/v0.1/servers/${encodeURIComponent(b)}/versions/1.0.0`)).body._meta[
      OFFICIAL
    ].updatedAt;

    await new Promise((r) => setTimeout(r, 5));
    await publish(a, '1.1.0');
    await hub.request('PATCH', `/v0.1/servers/${encodeURIComponent(b)}/versions/1.0.0/status`, {
      body: { status: 'deleted', statusMessage: 'gone' },
      token: hub.adminToken,
    });

    const changed = await pageAll(`&search=${prefix}&updated_since=${encodeURIComponent(checkpoint)}`, 100);
    const byKey = Object.fromEntries(changed.map((e) => [key(e), e._meta[OFFICIAL]]));
    // a@1.0.0 lost isLatest, a@1.1.0 is new, b@1.0.0 was deleted: all three changed.
    expect(Object.keys(byKey).sort()).toEqual([`${a}@1.0.0`, `${a}@1.1.0`, `${b}@1.0.0`]);
    expect(byKey[`${b}@1.0.0`]).toMatchObject({ status: 'deleted', statusMessage: 'gone' });
    expect(byKey[`${a}@1.0.0`].isLatest).toBe(false);

    const withoutSince = await pageAll(`&search=${prefix}`, 100);
    expect(withoutSince.map(key)).not.toContain(`${b}@1.0.0`);
    const included = await pageAll(`&search=${prefix}&include_deleted=true`, 100);
    expect(included.map(key)).toContain(`${b}@1.0.0`);
  });

  it('treats cursors as opaque and rejects forged ones', async () => {
    const res = await hub.request('GET', `/v0.1/servers?cursor=${encodeURIComponent('com.example/x:1.0.0')}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].location).toBe('query.cursor');
  });

  it('finds names by case-insensitive substring, with LIKE wildcards taken literally', async () => {
    const plain = uniqueName('io.github.MixedCase');
    await publish(plain, '1.0.0');
    const res = await hub.request('GET', `/v0.1/servers?search=${encodeURIComponent('mixedcase')}`);
    expect(res.body.servers.map((e: Entry) => e.server.name)).toContain(plain);
    // "a-b" exists; in SQL LIKE, "_" would match its "-" and "%" anything. Here they are literal.
    const dashed = `io.github.like${Date.now()}/a-b`;
    await publish(dashed, '1.0.0');
    for (const q of ['a_b', '%', `like${dashed.split('like')[1]!.split('/')[0]}%`]) {
      const r = await hub.request('GET', `/v0.1/servers?search=${encodeURIComponent(q)}`);
      expect({ q, status: r.status, names: r.body.servers.map((e: Entry) => e.server.name) }).toEqual({
        q,
        status: 200,
        names: [],
      });
    }
    expect(
      (await hub.request('GET', `/v0.1/servers?search=a-b`)).body.servers.map((e: Entry) => e.server.name),
    ).toContain(dashed);
  });
});
