import { CapabilitiesService } from '@mcp-hub/runtime';
import { enc, serverJson, twoPrivateOrgs, uniqueName, useTestHub } from '../../../test/harness';

const tool = (name: string, description: string, extra: Record<string, unknown> = {}) => ({
  name,
  description,
  inputSchema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
  ...extra,
});

describe('capabilities API (declared and recorded results, visibility)', () => {
  const hub = useTestHub();
  const caps = (name: string, version = 'latest', token?: string) =>
    hub.request('GET', `/api/v1/servers/${enc(name)}/versions/${version}/capabilities`, token ? { token } : {});
  const publish = async (name: string, version: string, token = hub.adminToken, extra = {}) =>
    expect((await hub.request('POST', '/v0.1/publish', { token, body: serverJson(name, version, extra) })).status).toBe(
      200,
    );
  const tokenFor = async (namespace: string) =>
    (
      await hub.request('POST', '/api/v1/tokens', {
        token: hub.adminToken,
        body: { namespace, scopes: ['read', 'publish'] },
      })
    ).body.token as string;

  it('says pending before any inspection, and not found for what does not exist', async () => {
    const name = uniqueName('io.github.caps');
    await publish(name, '1.0.0');
    const res = await caps(name);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name,
      version: '1.0.0',
      status: 'pending',
      source: 'inspected',
      inspectedAt: null,
      tools: [],
      toolsFingerprint: null,
    });
    expect(res.body.reason).toMatch(/not inspected yet/i);
    for (const r of [await caps(name, '9.9.9'), await caps('io.github.nobody/none')]) {
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('lets the owner declare capabilities, shown as declared; refuses others and bad bodies, changing nothing', async () => {
    const ns = `io.github.declare-${Date.now().toString(36)}`;
    const name = `${ns}/srv`;
    const owner = await tokenFor(`${ns}/*`);
    const stranger = await tokenFor('io.github.someone-else/*');
    await publish(name, '1.0.0', owner);
    const body = { tools: [tool('search_docs', 'Searches the docs')], prompts: [{ name: 'summarise' }] };

    expect(
      (await hub.request('PUT', `/api/v1/servers/${enc(name)}/versions/1.0.0/capabilities`, { body })).status,
    ).toBe(401);
    const denied = await hub.request('PUT', `/api/v1/servers/${enc(name)}/versions/1.0.0/capabilities`, {
      token: stranger,
      body,
    });
    expect(denied.status).toBe(403);
    const bad = await hub.request('PUT', `/api/v1/servers/${enc(name)}/versions/1.0.0/capabilities`, {
      token: owner,
      body: { tools: [{ description: 'no name' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors[0].location).toBe('body.tools[0].name');
    expect(await hub.query(`select 1 from capabilities where server_name = '${name}'`)).toEqual([]);

    const put = await hub.request('PUT', `/api/v1/servers/${enc(name)}/versions/1.0.0/capabilities`, {
      token: owner,
      body,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ status: 'ok', source: 'declared', prompts: [{ name: 'summarise' }] });
    expect(put.body.reason).toMatch(/declared by the publisher, not inspected/i);
    expect(put.body.tools).toEqual([{ ...body.tools[0], fingerprint: expect.stringMatching(/^sha256-/) }]);
    expect((await caps(name)).body).toEqual(put.body);
  });

  it('queues an inspection for the owner or an admin (202), not for others', async () => {
    const ns = `io.github.inspect-${Date.now().toString(36)}`;
    const name = `${ns}/srv`;
    const owner = await tokenFor(`${ns}/*`);
    await publish(name, '1.0.0', owner);
    const post = (token?: string) =>
      hub.request('POST', `/api/v1/servers/${enc(name)}/versions/latest/inspect`, token ? { token } : {});
    expect((await post()).status).toBe(401);
    expect((await post(await tokenFor('io.github.other/*'))).status).toBe(403);
    for (const token of [owner, hub.adminToken]) {
      const res = await post(token);
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ name, version: '1.0.0', status: 'pending' });
    }
    const jobs = await hub.request('GET', '/api/v1/runtime/jobs', { token: hub.adminToken });
    expect(jobs.status).toBe(200);
    // The worker is off in this Hub: both requests wait in the queue.
    expect(
      jobs.body.queues.find((q: { name: string }) => q.name === 'runtime-inspect').counts.waiting,
    ).toBeGreaterThanOrEqual(2);
    expect((await hub.request('GET', '/api/v1/runtime/jobs', { token: owner })).status).toBe(403);
  });

  it('shows a recorded inspection with fingerprints, what changed since the previous version, and failure reasons', async () => {
    const name = uniqueName('io.github.caps');
    await publish(name, '1.0.0');
    await publish(name, '1.1.0');
    const service = hub.app.get(CapabilitiesService);
    const base = {
      protocolVersion: '2025-06-18',
      serverInfo: { name: 'x', version: '1' },
      capabilities: { tools: {} },
      resources: [],
      resourceTemplates: [],
      prompts: [],
    };
    await service.record(name, '1.0.0', {
      status: 'ok',
      transport: 'stdio',
      capabilities: { ...base, tools: [tool('a', 'A'), tool('b', 'B')] },
    });
    await service.record(name, '1.1.0', {
      status: 'ok',
      transport: 'stdio',
      capabilities: { ...base, tools: [tool('a', 'A, now also reads ~/.ssh'), tool('c', 'C')] },
    });
    const latest = await caps(name);
    expect(latest.body).toMatchObject({
      version: '1.1.0',
      status: 'ok',
      source: 'inspected',
      protocolVersion: '2025-06-18',
      transport: 'stdio',
      changes: { since: '1.0.0', added: ['c'], removed: ['b'], changed: ['a'] },
    });
    expect(latest.body.toolsFingerprint).toMatch(/^sha256-/);
    expect((await caps(name, '1.0.0')).body.changes).toBeUndefined();

    // A second run of the same job replaces the result: one row, two attempts.
    await service.record(name, '1.0.0', {
      status: 'timeout',
      reason: 'the server did not answer within 30 s',
      notes: ['a "quoted", {braced} back\\slash\nand a new line'],
    });
    const rows = await hub.query<{ attempts: number }>(
      `select attempts from capabilities where server_name = '${name}' and version = '1.0.0'`,
    );
    expect(rows).toEqual([{ attempts: 2 }]);
    // The server's own order of properties survives storage (the page lists parameters in it).
    const ordered = { type: 'object', properties: { zeta: { type: 'string' }, alpha: { type: 'number' }, mid: {} } };
    await service.record(name, '1.1.0', {
      status: 'ok',
      capabilities: { ...base, tools: [{ name: 'ordered', inputSchema: ordered }] },
    });
    expect(Object.keys((await caps(name, '1.1.0')).body.tools[0].inputSchema.properties)).toEqual([
      'zeta',
      'alpha',
      'mid',
    ]);

    expect((await caps(name, '1.0.0')).body).toMatchObject({
      status: 'timeout',
      reason: 'the server did not answer within 30 s',
      notes: ['a "quoted", {braced} back\\slash\nand a new line'],
      tools: [],
    });
  });

  it('keeps a private server’s capabilities and health to those who may see it, on every path', async () => {
    const tag = Date.now().toString(36);
    const ns = `com.caps-${tag}`;
    const name = `${ns}/secret`;
    const { members, orgToken } = await twoPrivateOrgs(hub, ns, {
      login: (who) => `caps-${who}-${tag}`,
      org: (who) => `caps-${who}-${tag}`,
    });
    await publish(name, '1.0.0', orgToken);
    await hub.app.get(CapabilitiesService).record(name, '1.0.0', {
      status: 'ok',
      capabilities: {
        protocolVersion: '2025-06-18',
        serverInfo: { name: 'secret', version: '1' },
        capabilities: { tools: {} },
        tools: [tool(`secret_tool_${tag}`, `Only for members ${tag}`)],
        resources: [],
        resourceTemplates: [],
        prompts: [],
      },
    });
    const search = (token?: string) =>
      hub.request('GET', `/api/v1/capabilities?type=tool&q=${tag}`, token ? { token } : {});
    for (const token of [members.in!, orgToken]) {
      expect((await caps(name, 'latest', token)).status).toBe(200);
      expect((await hub.request('GET', `/api/v1/servers/${enc(name)}/health`, { token })).status).toBe(200);
      expect((await search(token)).body.items.map((i: { name: string }) => i.name)).toEqual([`secret_tool_${tag}`]);
    }
    for (const token of [undefined, members.out]) {
      expect((await caps(name, 'latest', token)).status).toBe(404);
      expect((await caps(name, '1.0.0', token)).status).toBe(404);
      expect((await hub.request('GET', `/api/v1/servers/${enc(name)}/health`, token ? { token } : {})).status).toBe(
        404,
      );
      expect((await search(token)).body.items).toEqual([]);
      const put = await hub.request('PUT', `/api/v1/servers/${enc(name)}/versions/1.0.0/capabilities`, {
        token: token ?? 'x'.repeat(40),
        body: { tools: [] },
      });
      expect([401, 404]).toContain(put.status);
    }
  });

  it('searches capabilities across servers with type, q, pagination and clear errors', async () => {
    const tag = `t${Date.now().toString(36)}`;
    const service = hub.app.get(CapabilitiesService);
    const names = [uniqueName('io.github.capsearch'), uniqueName('io.github.capsearch')];
    for (const [i, name] of names.entries()) {
      await publish(name, '1.0.0');
      await service.record(name, '1.0.0', {
        status: 'ok',
        capabilities: {
          protocolVersion: '2025-06-18',
          serverInfo: { name: 'x', version: '1' },
          capabilities: { tools: {}, prompts: {} },
          tools: [tool(`${tag}_one_${i}`, 'first'), tool(`${tag}_two_${i}`, 'second')],
          resources: [],
          resourceTemplates: [],
          prompts: [{ name: `${tag}_prompt_${i}` }],
        },
      });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await hub.request(
        'GET',
        `/api/v1/capabilities?type=tool&q=${tag}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((i: { name: string; kind: string }) => `${i.kind}:${i.name}`));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([0, 1].flatMap((i) => [`tool:${tag}_one_${i}`, `tool:${tag}_two_${i}`]).sort());
    const prompts = await hub.request('GET', `/api/v1/capabilities?type=prompt&q=${tag}`);
    expect(prompts.body.items.map((i: { name: string }) => i.name).sort()).toEqual([
      `${tag}_prompt_0`,
      `${tag}_prompt_1`,
    ]);
    for (const q of ['type=widget', 'limit=0', 'cursor=not-a-cursor']) {
      const res = await hub.request('GET', `/api/v1/capabilities?${q}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
