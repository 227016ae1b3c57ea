import { type TestHub, createTestHub, enc, serverJson, uniqueName } from '../../../test/harness';

describe('probe', () => {
  let hub: TestHub;
  beforeAll(async () => { hub = await createTestHub(); });
  afterAll(() => hub.close());
  it('probe', async () => {
    const name = uniqueName();
    const show = async (label: string, p: Promise<any>) => { const r = await p; console.log(label, r.status, r.headers.get('content-type'), r.text.slice(0, 300)); return r; };
    await show('malformed', hub.request('POST', '/v0.1/publish', { raw: '{"name":', token: hub.adminToken }));
    await show('null', hub.request('POST', '/v0.1/publish', { raw: 'null', token: hub.adminToken }));
    await show('array', hub.request('POST', '/v0.1/publish', { raw: '[]', token: hub.adminToken }));
    await show('empty-json', hub.request('POST', '/v0.1/publish', { raw: '', token: hub.adminToken }));
    await show('nobody', hub.request('POST', '/v0.1/publish', { token: hub.adminToken }));
    await show('textplain', hub.request('POST', '/v0.1/publish', { raw: JSON.stringify(serverJson(name, '1.0.0')), headers: { 'content-type': 'text/plain' }, token: hub.adminToken }));
    await show('big', hub.request('POST', '/v0.1/publish', { raw: JSON.stringify(serverJson(name, '1.0.0', { x: 'a'.repeat(1100000) })), token: hub.adminToken }));
    await show('big-noauth', hub.request('POST', '/v0.1/publish', { raw: JSON.stringify(serverJson(name, '1.0.0', { x: 'a'.repeat(1100000) })) }));
    await show('unknown route', hub.request('GET', '/v0.1/nope'));
    await show('limit twice', hub.request('GET', '/v0.1/servers?limit=1&limit=2'));
    await show('cursor junk', hub.request('GET', '/v0.1/servers?cursor=' + Buffer.from('junk').toString('base64')));
    await show('cursor junk2', hub.request('GET', '/v0.1/servers?cursor=' + Buffer.from('{"a":1}').toString('base64url')));
    await show('upd', hub.request('GET', '/v0.1/servers?updated_since=2025-02-30T00:00:00Z'));
    await show('pub', hub.request('POST', '/v0.1/publish', { body: serverJson(name, '1.0.0'), token: hub.adminToken }));
    await show('pub-unk-schema', hub.request('POST', '/v0.1/publish', { body: serverJson(uniqueName(), '1.0.0', {$schema: 'https://example.com/schemas/2030-01-01/server.schema.json'}), token: hub.adminToken }));
    await show('get', hub.request('GET', `/v0.1/servers/${enc(name)}/versions/1.0.0`));
    await show('garbled auth', hub.request('POST', '/v0.1/publish', { body: serverJson(name, '1.0.0'), headers: { authorization: 'Basic abc' } }));
    await show('put-404', hub.request('PUT', `/v0.1/servers/${enc(name)}/versions/9.0.0`, { body: serverJson(name, '9.0.0'), token: hub.adminToken }));
    await show('delete-404', hub.request('DELETE', `/v0.1/servers/${enc(name + 'x')}/versions/9.0.0`, { token: hub.adminToken }));
    await show('stdio remote', hub.request('POST', '/v0.1/publish', { body: serverJson(uniqueName(), '1.0.0', { remotes: [{ type: 'stdio' }] }), token: hub.adminToken }));
    await show('v0 unknown', hub.request('GET', '/v0/servers?limit=0'));
    await show('head', hub.request('PATCH', `/v0.1/servers/${enc(name)}/status`, { raw: '{"status":"deprecated"', token: hub.adminToken }));
  });
});
