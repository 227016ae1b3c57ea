import {
  LOCAL_EMBEDDINGS,
  type TestHub,
  enc,
  eventually,
  serverJson,
  twoPrivateOrgs,
  useFixtureHub,
} from '../../../test/harness';

/**
 * Related servers for a server's page, on the real fixture: nearest by embedding with the
 * offline GloVe model, by text with no embedder; filtered for the viewer exactly as search is.
 */
const FIXTURE_SERVERS = 456;
const GMAIL = 'ai.waystation/gmail';
const related = (hub: TestHub, name: string, query = '', token?: string) =>
  hub.request('GET', `/api/v1/servers/${enc(name)}/related${query}`, token ? { token } : {});
const names = (body: { results: { name: string }[] }) => body.results.map((r) => r.name);

describe('related servers', () => {
  describe('with an embedder: nearest by embedding', () => {
    const hub = useFixtureHub(FIXTURE_SERVERS, LOCAL_EMBEDDINGS);

    it("lists the server's nearest neighbours (never itself), in search's result shape", async () => {
      const res = await related(hub, GMAIL);
      expect(res.status).toBe(200);
      expect(res.body.basis).toBe('embedding');
      expect(res.body.results).toHaveLength(6);
      expect(names(res.body)).not.toContain(GMAIL);
      // Mail servers are its neighbours.
      expect(names(res.body).filter((n) => /mail|outlook/i.test(n)).length).toBeGreaterThanOrEqual(2);
      const scores = res.body.results.map((r: { score: number }) => r.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      for (const r of res.body.results)
        expect(Object.keys(r).sort()).toEqual([
          'description',
          'highlights',
          'name',
          'packages',
          'remotes',
          'score',
          'status',
          'title',
          'version',
        ]);
      expect(names((await related(hub, GMAIL, '?limit=3')).body)).toEqual(names(res.body).slice(0, 3));
    });

    it('refuses a bad limit and names a server that does not exist', async () => {
      for (const q of ['?limit=0', '?limit=25', '?limit=six']) {
        const bad = await related(hub, GMAIL, q);
        expect(bad.status).toBe(400);
        expect(bad.headers.get('content-type')).toContain('application/problem+json');
      }
      const missing = await related(hub, 'io.github.nobody/nothing');
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toContain('application/problem+json');
      expect(missing.body.detail).toBe('No server named io.github.nobody/nothing');
    });

    it('shows a private server only to those who may see it, and its own related list is a 404 to anyone else', async () => {
      const tag = Date.now().toString(36);
      const ns = `com.related-${tag}`;
      const secret = `${ns}/mail-twin`;
      const { members, orgToken } = await twoPrivateOrgs(hub, ns, {
        login: (who) => `rel-${who}-${tag}`,
        org: (who) => `rel-${who}-${tag}`,
      });
      // The very words of the Gmail server: the same vector, so its nearest neighbour.
      const gmail = (await hub.request('GET', `/v0.1/servers/${enc(GMAIL)}/versions/latest`)).body.server;
      expect(
        (
          await hub.request('POST', '/v0.1/publish', {
            token: orgToken,
            body: serverJson(secret, '1.0.0', { description: gmail.description }),
          })
        ).status,
      ).toBe(200);
      await eventually(
        async () => names((await related(hub, GMAIL, '', members.in)).body)[0] === secret || undefined,
        15_000,
        'the private twin indexed and embedded',
      );

      for (const token of [members.in!, hub.adminToken])
        expect(names((await related(hub, GMAIL, '', token)).body)).toContain(secret);
      for (const token of [undefined, members.out]) {
        const seen = await related(hub, GMAIL, '', token);
        expect(names(seen.body)).not.toContain(secret);
        expect(seen.body.results).toHaveLength(6);
        const hidden = await related(hub, secret, '', token);
        const missing = await related(hub, `${ns}/nothing-here`, '', token);
        expect(hidden.status).toBe(404);
        const named = (text: string, n: string) => text.replaceAll(n, '<name>').replaceAll(enc(n), '<name>');
        expect(named(hidden.text, secret)).toBe(named(missing.text, `${ns}/nothing-here`));
      }
      expect(names((await related(hub, secret, '', members.in)).body)).toContain(GMAIL);
    });
  });

  describe('with no embedder: by text similarity', () => {
    const hub = useFixtureHub(FIXTURE_SERVERS, { HUB_EMBEDDINGS: 'off' });

    it("lists the best text matches of the server's own words", async () => {
      const res = await related(hub, GMAIL, '?limit=5');
      expect(res.status).toBe(200);
      expect(res.body.basis).toBe('text');
      expect(res.body.results).toHaveLength(5);
      expect(names(res.body)).not.toContain(GMAIL);
      expect(names(res.body).filter((n) => /gmail/i.test(n)).length).toBeGreaterThanOrEqual(2);
      for (const r of res.body.results) expect(r.highlights).toEqual({});
    });
  });
});
