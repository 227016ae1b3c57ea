import { FixedClock } from '@mcp-hub/http';
import { type FakeGitHubApi, startFakeGitHubApi } from '../../../test/fakes/github-api';
import { type TestHub, createTestHub, enc, serverJson, uniqueName, twoPrivateOrgs } from '../../../test/harness';

/**
 * What the site's server page reads besides the server itself: its README (from a stand-in for
 * GitHub's REST API on 127.0.0.1) and its installs per day. A private server is, to anyone who
 * may not see it, exactly a name that does not exist.
 */

describe('server page data: README and installs per day', () => {
  let hub: TestHub;
  let github: FakeGitHubApi;
  const clock = new FixedClock(new Date('2026-11-20T10:00:00Z'));
  const tag = Date.now().toString(36);
  const owner = `acme-${tag}`;

  const publish = async (name: string, extra: Record<string, unknown> = {}, token = hub.adminToken) => {
    const res = await hub.request('POST', '/v0.1/publish', { body: serverJson(name, '1.0.0', extra), token });
    expect(res.status).toBe(200);
  };
  const readme = (name: string, token?: string) =>
    hub.request('GET', `/api/v1/servers/${enc(name)}/readme`, token ? { token } : {});
  const callsFor = (repo: string) => github.seen.filter((s) => s.includes(`/repos/${owner}/${repo}/readme`)).length;

  beforeAll(async () => {
    github = await startFakeGitHubApi();
    hub = await createTestHub({
      clock,
      // The sign-in app's credentials raise GitHub's rate limit for README reads too.
      env: {
        GITHUB_API_URL: github.url,
        GITHUB_CLIENT_ID: 'readme-app',
        GITHUB_CLIENT_SECRET: 'readme-secret',
        HUB_README_TTL: '1h',
        HUB_README_TIMEOUT: '1s',
      },
    });
  });
  afterAll(async () => {
    await hub?.close();
    await github?.close();
  });

  describe('GET /api/v1/servers/{name}/readme', () => {
    it("serves the repository's README with its license, read once and kept until the TTL", async () => {
      const name = uniqueName('io.github.readme');
      github.readmes.set(`${owner}/weather`, '# Weather\n\nForecasts for **sailors**.\n');
      github.repos.set(`${owner}/weather`, {
        default_branch: 'main',
        license: { spdx_id: 'MIT', name: 'MIT License' },
      });
      await publish(name, { repository: { url: `https://github.com/${owner}/weather`, source: 'github' } });

      const first = await readme(name);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        status: 'ok',
        markdown: '# Weather\n\nForecasts for **sailors**.\n',
        source: `https://github.com/${owner}/weather`,
        fetchedAt: clock.now().toISOString(),
        license: 'MIT',
        base: {
          links: `https://github.com/${owner}/weather/blob/main/`,
          images: `https://raw.githubusercontent.com/${owner}/weather/main/`,
        },
      });
      // The raw media type, as GitHub documents it for README text.
      expect(github.seen).toContain(`application/vnd.github.raw /api/repos/${owner}/weather/readme`);
      expect(new Set(github.authorizations)).toEqual(
        new Set([`Basic ${Buffer.from('readme-app:readme-secret').toString('base64')}`]),
      );

      github.readmes.set(`${owner}/weather`, '# Weather v2\n');
      clock.advance(30 * 60_000);
      expect((await readme(name)).body.markdown).toBe('# Weather\n\nForecasts for **sailors**.\n');
      expect(callsFor('weather')).toBe(1);
      clock.advance(31 * 60_000);
      const later = await readme(name);
      expect(later.body.markdown).toBe('# Weather v2\n');
      expect(later.body.fetchedAt).toBe(clock.now().toISOString());
      expect(callsFor('weather')).toBe(2);
    });

    it("reads a monorepo server's README from its subfolder", async () => {
      const name = uniqueName('io.github.readme');
      github.readmes.set(`${owner}/tools/servers/tide`, 'Tide tables\n');
      github.repos.set(`${owner}/tools`, { default_branch: 'trunk', license: null });
      await publish(name, {
        repository: { url: `https://github.com/${owner}/tools`, source: 'github', subfolder: 'servers/tide' },
      });
      expect((await readme(name)).body).toMatchObject({
        status: 'ok',
        markdown: 'Tide tables\n',
        license: null,
        source: `https://github.com/${owner}/tools/tree/trunk/servers/tide`,
        base: { links: `https://github.com/${owner}/tools/blob/trunk/servers/tide/` },
      });
    });

    it('says why there is none: no README in the repository, a repository elsewhere, no repository', async () => {
      const [bare, elsewhere, none] = [
        uniqueName('io.github.readme'),
        uniqueName('io.github.readme'),
        uniqueName('io.github.readme'),
      ];
      await publish(bare, { repository: { url: `https://github.com/${owner}/bare`, source: 'github' } });
      await publish(elsewhere, { repository: { url: 'https://gitlab.com/someone/thing', source: 'gitlab' } });
      await publish(none);
      expect((await readme(bare)).body).toMatchObject({
        status: 'none',
        reason: `${owner}/bare has no README on GitHub (or is not a public repository)`,
        source: `https://github.com/${owner}/bare`,
      });
      expect((await readme(elsewhere)).body).toEqual({
        status: 'none',
        source: 'https://gitlab.com/someone/thing',
        fetchedAt: null,
        license: null,
        reason: 'READMEs are read from repositories on github.com only',
      });
      expect((await readme(none)).body).toEqual({
        status: 'none',
        source: null,
        fetchedAt: null,
        license: null,
        reason: 'This server names no repository',
      });
      expect(github.seen.some((s) => s.includes('gitlab') || s.includes('someone'))).toBe(false);
    });

    it('keeps at most 512 KB of a README, cut at a line break, and says so', async () => {
      const name = uniqueName('io.github.readme');
      const line = `${'x'.repeat(1023)}\n`;
      github.readmes.set(`${owner}/huge`, line.repeat(600));
      await publish(name, { repository: { url: `https://github.com/${owner}/huge`, source: 'github' } });
      const res = await readme(name);
      expect(res.body.status).toBe('ok');
      expect(res.body.markdown).toBe(line.repeat(511) + 'x'.repeat(1023));
      expect(res.body.reason).toBe('Only the first 512 KB of the README are shown');
    });

    it('answers "unavailable" when GitHub cannot be reached (dropped or never answering), serves the text it has, and tries again later', async () => {
      const [fresh, known, slow] = [
        uniqueName('io.github.readme'),
        uniqueName('io.github.readme'),
        uniqueName('io.github.readme'),
      ];
      github.readmes.set(`${owner}/known`, 'Known README\n');
      github.readmes.set(`${owner}/fresh`, 'Fresh README\n');
      github.readmes.set(`${owner}/slow`, 'Slow README\n');
      for (const [n, r] of [
        [fresh, 'fresh'],
        [known, 'known'],
        [slow, 'slow'],
      ] as const)
        await publish(n, { repository: { url: `https://github.com/${owner}/${r}`, source: 'github' } });
      expect((await readme(known)).body.status).toBe('ok');
      const readAt = clock.now().toISOString();
      clock.advance(2 * 60 * 60_000);

      github.mode = 'down';
      try {
        const offline = await readme(fresh);
        expect(offline.status).toBe(200);
        expect(offline.body).toEqual({
          status: 'unavailable',
          source: `https://github.com/${owner}/fresh`,
          fetchedAt: null,
          license: null,
          reason: 'README not available: the Hub cannot reach GitHub',
        });
        // Stale, but the best there is.
        expect((await readme(known)).body).toMatchObject({
          status: 'ok',
          markdown: 'Known README\n',
          fetchedAt: readAt,
        });
        github.mode = 'hang';
        expect((await readme(slow)).body).toMatchObject({
          status: 'unavailable',
          reason: 'README not available: the Hub cannot reach GitHub',
        });
      } finally {
        github.mode = 'up';
      }
      // GitHub is back, but a failed read waits before it is tried again.
      const calls = callsFor('fresh');
      expect((await readme(fresh)).body.status).toBe('unavailable');
      expect(callsFor('fresh')).toBe(calls);
      clock.advance(10 * 60_000);
      expect((await readme(fresh)).body).toMatchObject({ status: 'ok', markdown: 'Fresh README\n' });
      expect((await readme(known)).body).toMatchObject({ status: 'ok', fetchedAt: clock.now().toISOString() });
    });

    it('is a 404 problem naming the server for a name that does not exist or was removed', async () => {
      const gone = uniqueName('io.github.readme');
      await publish(gone);
      expect(
        (
          await hub.request('PATCH', `/v0.1/servers/${enc(gone)}/versions/1.0.0/status`, {
            body: { status: 'deleted' },
            token: hub.adminToken,
          })
        ).status,
      ).toBe(200);
      for (const n of [gone, 'io.github.nobody/nothing']) {
        const res = await readme(n);
        expect(res.status).toBe(404);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body.detail).toBe(`No server named ${n}`);
      }
    });
  });

  describe('GET /api/v1/servers/{name}/installs', () => {
    const daily = (name: string, query = '', token?: string) =>
      hub.request('GET', `/api/v1/servers/${enc(name)}/installs${query}`, token ? { token } : {});
    const install = async (name: string, n: number) => {
      for (let i = 0; i < n; i++)
        expect((await hub.request('POST', `/api/v1/servers/${enc(name)}/installs`)).status).toBe(204);
    };

    it('counts each install in its UTC day: every day of the window listed, oldest first, with the total', async () => {
      const name = uniqueName('io.github.daily');
      await publish(name);
      clock.advance(24 * 60 * 60_000);
      const day1 = clock.now().toISOString().slice(0, 10);
      await install(name, 3);
      clock.advance(24 * 60 * 60_000);
      const day2 = clock.now().toISOString().slice(0, 10);
      await install(name, 2);

      const res = await daily(name, '?days=3');
      expect(res.status).toBe(200);
      const day0 = new Date(Date.parse(day1) - 86_400_000).toISOString().slice(0, 10);
      expect(res.body).toEqual({
        days: [
          { date: day0, installs: 0 },
          { date: day1, installs: 3 },
          { date: day2, installs: 2 },
        ],
        total: 5,
      });
      const month = await daily(name);
      expect(month.body.days).toHaveLength(30);
      expect(month.body.days.at(-1)).toEqual({ date: day2, installs: 2 });
      expect(month.body.total).toBe(5);
      expect(
        await hub.query(
          `select day::text as day, installs::int as n from install_days where server_name = '${name}' order by day`,
        ),
      ).toEqual([
        { day: day1, n: 3 },
        { day: day2, n: 2 },
      ]);
    });

    it('lists zeros for a server never installed, and refuses a bad window', async () => {
      const name = uniqueName('io.github.daily');
      await publish(name);
      const res = await daily(name, '?days=2');
      expect(res.body).toEqual({
        days: [expect.objectContaining({ installs: 0 }), expect.objectContaining({ installs: 0 })],
        total: 0,
      });
      for (const q of ['?days=0', '?days=366', '?days=ten', '?days=1.5']) {
        const bad = await daily(name, q);
        expect(bad.status).toBe(400);
        expect(bad.headers.get('content-type')).toContain('application/problem+json');
      }
      const missing = await daily('io.github.nobody/nothing');
      expect(missing.status).toBe(404);
      expect(missing.body.detail).toBe('No server named io.github.nobody/nothing');
    });
  });

  it('a private server: its README and installs for those who may see it; to anyone else it does not exist', async () => {
    const ns = `com.page-${tag}`;
    const name = `${ns}/secret`;
    const nobody = `${ns}/nothing-here`;
    const { members, orgToken } = await twoPrivateOrgs(hub, ns, {
      login: (who) => `page-${who}-${tag}`,
      org: (who) => `page-${who}-${tag}`,
    });
    github.readmes.set(`${owner}/secret`, 'Secret README\n');
    await publish(name, { repository: { url: `https://github.com/${owner}/secret`, source: 'github' } }, orgToken);
    expect((await hub.request('POST', `/api/v1/servers/${enc(name)}/installs`, { token: members.in })).status).toBe(
      204,
    );

    for (const route of ['readme', 'installs']) {
      const get = (n: string, token?: string) =>
        hub.request('GET', `/api/v1/servers/${enc(n)}/${route}`, token ? { token } : {});
      for (const token of [members.in!, orgToken, hub.adminToken]) expect((await get(name, token)).status).toBe(200);
      for (const token of [undefined, members.out]) {
        const hidden = await get(name, token);
        const missing = await get(nobody, token);
        expect(hidden.status).toBe(404);
        const named = (text: string, n: string) => text.replaceAll(n, '<name>').replaceAll(enc(n), '<name>');
        expect(named(hidden.text, name)).toBe(named(missing.text, nobody));
      }
    }
    expect((await readme(name, members.in)).body.markdown).toBe('Secret README\n');
    expect(
      (await hub.request('GET', `/api/v1/servers/${enc(name)}/installs?days=1`, { token: members.in })).body.total,
    ).toBe(1);
  });
});
