/// <reference lib="dom" />
/**
 * The dashboard's organization pages in real headless Chromium (the production build, started by
 * the Hub as `pnpm start` does): a user signed in with a personal token creates an org, mints an
 * org token (shown once), adds a member and changes their role, reads the audit log, and sets a
 * server's visibility from "My servers"; an invitee accepts and declines their invitations.
 */
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type TestHub, createWebHub, eventually } from '../../../test/harness';
import { axe, launchChromium } from './browser';

const SHOTS = path.resolve(__dirname, '../../../docs/screenshots');
const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
const OWNER = `owner-${RUN}`;
const MEMBER = `member-${RUN}`;
const ORG = `acme-${RUN}`;
/** The org's namespace (assigned by the instance admin), and one assigned only after a server was published in it. */
const NS = `com.example-${RUN}`;
const LATE_NS = `com.example-late-${RUN}`;
const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';

jest.setTimeout(120_000);

describe('dashboard: organizations (Next.js production build, headless Chromium)', () => {
  let hub: TestHub;
  let web: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let personalToken: string;

  beforeAll(async () => {
    hub = await createWebHub();
    web = hub.webUrl!;
    for (const login of [OWNER, MEMBER])
      expect((await hub.request('POST', '/api/v1/users', { body: { login }, token: hub.adminToken })).status).toBe(201);
    const minted = await hub.request('POST', `/api/v1/users/${OWNER}/tokens`, {
      body: { namespace: '*', scopes: ['read'] },
      token: hub.adminToken,
    });
    expect(minted.status).toBe(201);
    personalToken = minted.body.token;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  async function signIn(p: Page, token: string) {
    await p.goto(`${web}/sign-in`);
    await p.getByLabel('API token').fill(token);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL(/\/dashboard$/);
  }

  it('creates an org, mints an org token (shown once), adds a member, changes their role, and audits each', async () => {
    await signIn(page, personalToken);

    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Organizations' }).click();
    await page.waitForURL(/\/dashboard\/orgs$/);
    await page.locator('[data-no-orgs]').waitFor();

    // The Hub's refusal shows next to the form (not a valid org name).
    // (Next's route announcer is an alert too: look inside the form.)
    const createForm = page.locator('form', { has: page.getByRole('button', { name: 'Create organization' }) });
    await page.getByLabel('Name', { exact: true }).fill('Not_Valid');
    await page.getByRole('button', { name: 'Create organization' }).click();
    expect(await createForm.getByRole('alert').innerText()).toMatch(/name must be/);

    await page.getByLabel('Name', { exact: true }).fill(ORG);
    await page.getByLabel('Default visibility').selectOption('private');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.locator(`[data-org="${ORG}"] [data-org-role]`, { hasText: 'owner' }).waitFor();
    expect(await createForm.getByRole('status').innerText()).toContain(`Created ${ORG}`);
    expect(await page.locator(`[data-org="${ORG}"]`).innerText()).toContain('private');

    // An org token publishes inside the org's namespaces: the instance admin assigns one first.
    expect(
      (await hub.request('POST', `/api/v1/orgs/${ORG}/namespaces`, { body: { namespace: NS }, token: hub.adminToken }))
        .status,
    ).toBe(201);
    await page.getByRole('link', { name: ORG }).click();
    await page.waitForURL(new RegExp(`/dashboard/orgs/${ORG}$`));
    expect(await page.locator('[data-my-role]').innerText()).toContain('You are owner here.');
    expect(await page.locator('[data-namespaces]').innerText()).toContain(NS);

    expect(await page.getByLabel('Namespace pattern').inputValue()).toBe(`${NS}/*`);
    await page.getByLabel('Token description').fill('org-ci');
    await page.getByRole('checkbox', { name: 'publish' }).check();
    await page.getByRole('button', { name: 'Create org token' }).click();
    const shown = page.locator('[data-token-value]');
    await shown.waitFor();
    const orgToken = (await shown.innerText()).trim();
    expect(orgToken).toMatch(/^mcphub_/);
    const who = await hub.request('GET', '/api/v1/whoami', { token: orgToken });
    expect(who.status).toBe(200);
    expect(who.body.scopes).toEqual(expect.arrayContaining(['read', 'publish']));
    await page.locator('[data-org-token-row="org-ci"]').waitFor();
    // Shown once: a reload lists it by prefix only.
    await page.reload();
    expect(await page.content()).not.toContain(orgToken);
    expect(await page.locator('[data-org-token-row="org-ci"]').innerText()).toContain(`${NS}/*`);

    // Adding someone who is not on this Hub: the Hub's detail, inline.
    const addForm = page.locator('form', { has: page.getByRole('button', { name: 'Add member' }) });
    await page.getByLabel('Login to add').fill(`ghost-${RUN}`);
    await page.getByRole('button', { name: 'Add member' }).click();
    expect(await addForm.getByRole('alert').innerText()).toContain(`No user ghost-${RUN} on this Hub`);

    await page.getByLabel('Login to add').fill(MEMBER);
    await page.getByLabel('Role for the new member').selectOption('viewer');
    await page.getByRole('button', { name: 'Add member' }).click();
    const row = page.locator(`[data-member="${MEMBER}"]`);
    await row.locator('[data-member-role]', { hasText: 'viewer' }).waitFor();

    await row.getByLabel(`Role for ${MEMBER}`).selectOption('publisher');
    await row.getByRole('button', { name: 'Change role' }).click();
    await row.locator('[data-member-role]', { hasText: 'publisher' }).waitFor();
    const members = await hub.request('GET', `/api/v1/orgs/${ORG}/members`, { token: hub.adminToken });
    expect(members.body.members.map((m: { login: string; role: string }) => [m.login, m.role])).toEqual(
      expect.arrayContaining([
        [OWNER, 'owner'],
        [MEMBER, 'publisher'],
      ]),
    );

    await page.getByLabel('Login to invite').fill(`invitee-${RUN}`);
    await page.getByLabel('Role for the invitee').selectOption('admin');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.locator(`[data-invitation="invitee-${RUN}"]`).waitFor();

    // The audit log, newest first: every change above, by whom.
    await page.reload();
    const audit = page.getByRole('table', { name: `Audit log of ${ORG}, newest first` });
    const actions = await audit.locator('[data-audit-action]').allInnerTexts();
    expect(actions).toEqual([
      'member.invited',
      'member.role-changed',
      'member.added',
      'token.created',
      'namespace.assigned',
      'org.created',
    ]);
    const roleChange = audit.locator('tr', {
      has: page.locator('[data-audit-action]', { hasText: 'member.role-changed' }),
    });
    expect(await roleChange.innerText()).toContain(OWNER);
    expect(await roleChange.locator('[data-audit-target]').innerText()).toBe(MEMBER);
    await page.screenshot({ path: `${SHOTS}/dashboard-orgs.png`, fullPage: true });
  });

  it('sets an org server public from My servers; a server of no organization has no visibility control', async () => {
    const orgToken = (
      await hub.request('POST', `/api/v1/orgs/${ORG}/tokens`, {
        body: { namespace: `${NS}/*`, scopes: ['publish'] },
        token: hub.adminToken,
      })
    ).body.token;
    const weather = `${NS}/weather`;
    expect(
      (
        await hub.request('POST', '/v0.1/publish', {
          body: { $schema: SCHEMA, name: weather, description: 'Weather', version: '1.0.0' },
          token: orgToken,
        })
      ).status,
    ).toBe(200);
    // Published before its namespace was the org's: the server itself belongs to no organization.
    const legacy = `${LATE_NS}/legacy`;
    expect(
      (
        await hub.request('POST', '/v0.1/publish', {
          body: { $schema: SCHEMA, name: legacy, description: 'Legacy', version: '1.0.0' },
          token: hub.adminToken,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await hub.request('POST', `/api/v1/orgs/${ORG}/namespaces`, {
          body: { namespace: LATE_NS },
          token: hub.adminToken,
        })
      ).status,
    ).toBe(201);
    // The org's default is private: nobody outside it sees the new server.
    expect((await hub.request('GET', `/v0.1/servers/${encodeURIComponent(weather)}/versions/1.0.0`)).status).toBe(404);
    // Nor does the site show it to the public: not in search-as-you-type, not in the sitemap.
    const suggested = async () =>
      ((await (await fetch(`${web}/api/suggest?q=weather`)).json()) as { results: { name: string }[] }).results.map(
        (r) => r.name,
      );
    // Indexed (the org's own token finds it) before the public side is asked.
    await eventually(
      async () =>
        (await hub.request('GET', '/api/v1/search?q=weather', { token: orgToken })).body.results.some(
          (r: { name: string }) => r.name === weather,
        ),
      15_000,
      'the private server indexed',
    );
    expect(await suggested()).not.toContain(weather);
    expect(await (await fetch(`${web}/sitemap.xml`)).text()).not.toContain(weather);

    await page.goto(`${web}/dashboard`);
    const card = page.locator(`[data-my-server="${weather}"]`);
    expect(await card.innerText()).toContain(`Organization ${ORG}`);
    // The control starts at the server's real visibility, as the Hub reports it.
    expect(await card.getByLabel(`Visibility of ${weather}`).inputValue()).toBe('private');
    // Signed in with a read-only token: the Hub refuses, and says why next to the control.
    await card.getByLabel(`Visibility of ${weather}`).selectOption('public');
    await card.getByRole('button', { name: 'Set visibility' }).click();
    expect(await card.getByRole('alert').innerText()).toContain('no "publish" scope');

    // The owner's publishing token (a personal token with publish) may.
    const publishing = await hub.request('POST', `/api/v1/users/${OWNER}/tokens`, {
      body: { namespace: '*', scopes: ['read', 'publish'] },
      token: hub.adminToken,
    });
    expect(publishing.status).toBe(201);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('API token').fill(publishing.body.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard$/);
    await card.getByLabel(`Visibility of ${weather}`).selectOption('public');
    await card.getByRole('button', { name: 'Set visibility' }).click();
    expect(await card.getByRole('status').innerText()).toBe(`${weather} is now public.`);
    expect((await hub.request('GET', `/v0.1/servers/${encodeURIComponent(weather)}/versions/1.0.0`)).status).toBe(200);
    // Public now: the suggestions offer it (so the check above could have failed).
    await eventually(async () => (await suggested()).includes(weather), 15_000, 'the public server suggested');
    // The rest of the card works as before.
    expect(await card.locator('[data-status]').innerText()).toBe('active');

    const old = page.locator(`[data-my-server="${legacy}"]`);
    await old.waitFor();
    expect(await old.getByLabel(`Visibility of ${legacy}`).count()).toBe(0);
    // The Hub refuses it anyway, with a reason.
    const refused = await hub.request('PATCH', `/api/v1/servers/${encodeURIComponent(legacy)}/visibility`, {
      body: { visibility: 'private' },
      token: publishing.body.token,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('belongs to no organization');
    expect((await hub.request('GET', `/v0.1/servers/${encodeURIComponent(legacy)}/versions/1.0.0`)).status).toBe(200);
  });

  it('answers 404 for an org the user does not belong to, and keeps the org pages accessible in light and dark', async () => {
    const res = await page.goto(`${web}/dashboard/orgs/nobody-${RUN}`);
    expect(res!.status()).toBe(404);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const p of ['/dashboard', '/dashboard/orgs', `/dashboard/orgs/${ORG}`]) {
        await page.goto(`${web}${p}`);
        expect({ page: p, scheme, violations: await axe(page) }).toEqual({ page: p, scheme, violations: [] });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await page.locator(`[data-org="${ORG}"]`).count()).toBe(0);
    await page.goto(`${web}/dashboard/orgs`);
    expect(await page.locator(`[data-org="${ORG}"]`).count()).toBe(1);
  });

  it('lets an invitee accept one invitation and decline another; one that expired meanwhile is refused in words and changes nothing', async () => {
    const invitee = `joiner-${RUN}`;
    const [joined, declined, lapsed] = ['initech', 'globex', 'hooli'].map((n) => `${n}-${RUN}`) as [
      string,
      string,
      string,
    ];
    expect(
      (await hub.request('POST', '/api/v1/users', { body: { login: invitee }, token: hub.adminToken })).status,
    ).toBe(201);
    const minted = await hub.request('POST', `/api/v1/users/${invitee}/tokens`, {
      body: { namespace: '*', scopes: ['read'] },
      token: hub.adminToken,
    });
    expect(minted.status).toBe(201);
    const offered = { [joined]: 'publisher', [declined]: 'viewer', [lapsed]: 'admin' };
    const sent: Record<string, { id: string; expiresAt: string }> = {};
    for (const [org, role] of Object.entries(offered)) {
      expect((await hub.request('POST', '/api/v1/orgs', { body: { name: org }, token: personalToken })).status).toBe(
        201,
      );
      const invited = await hub.request('POST', `/api/v1/orgs/${org}/members/invitations`, {
        body: { login: invitee, role },
        token: personalToken,
      });
      expect(invited.status).toBe(201);
      sent[org] = invited.body;
    }
    const memberships = async (org: string) =>
      (await hub.request('GET', `/api/v1/orgs/${org}/members`, { token: personalToken })).body.members.map(
        (m: { login: string; role: string }) => [m.login, m.role],
      );
    const pending = async (org: string) =>
      (
        await hub.request('GET', `/api/v1/orgs/${org}/members/invitations`, { token: personalToken })
      ).body.invitations.map((i: { id: string }) => i.id);

    // The invitee's own browser: the owner's session in `page` stays as it is.
    const own = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await own.newPage();
    try {
      await signIn(p, minted.body.token);
      const nav = p.getByRole('navigation', { name: 'Dashboard' });
      await nav.getByRole('link', { name: 'Organizations 3 invitations for you' }).click();
      await p.waitForURL(/\/dashboard\/orgs$/);
      await p.locator('[data-no-orgs]').waitFor();
      const invitations = p.getByRole('region', { name: 'Invitations for you' });
      const row = (org: string) => invitations.locator(`[data-my-invitation="${org}"]`);
      for (const [org, role] of Object.entries(offered)) {
        expect(await row(org).locator('[data-invitation-role]').innerText()).toBe(role);
        expect(await row(org).locator('[data-invited-by]').innerText()).toBe(OWNER);
        expect(await row(org).locator('time').getAttribute('datetime')).toBe(sent[org]!.expiresAt);
      }
      for (const scheme of ['light', 'dark'] as const) {
        await p.emulateMedia({ colorScheme: scheme });
        expect({ scheme, violations: await axe(p) }).toEqual({ scheme, violations: [] });
      }
      await p.emulateMedia({ colorScheme: 'light' });

      // Accepting: the org joins the list at once, with the role offered and a link to its page.
      await row(joined)
        .getByRole('button', { name: `Accept the invitation to ${joined}` })
        .click();
      await p.locator(`[data-org="${joined}"] [data-org-role]`, { hasText: 'publisher' }).waitFor();
      await row(joined).waitFor({ state: 'detached' });
      expect(await p.locator('[data-no-orgs]').count()).toBe(0);
      expect(await memberships(joined)).toContainEqual([invitee, 'publisher']);
      await nav.getByRole('link', { name: 'Organizations 2 invitations for you' }).waitFor();

      // Declining, after a confirmation: the row goes, and the owner's pending list no longer has it.
      expect(await pending(declined)).toEqual([sent[declined]!.id]);
      let asked = '';
      p.once('dialog', (d) => {
        asked = d.message();
        void d.accept();
      });
      await row(declined)
        .getByRole('button', { name: `Decline the invitation to ${declined}` })
        .click();
      await row(declined).waitFor({ state: 'detached' });
      expect(asked).toContain(`Decline the invitation to ${declined}?`);
      expect(await pending(declined)).toEqual([]);
      expect(await memberships(declined)).not.toContainEqual([invitee, expect.anything()]);
      await nav.getByRole('link', { name: 'Organizations 1 invitation for you' }).waitFor();

      // Expired after this page was rendered: accepting it says so, and joins nothing.
      await hub.query(
        `update org_invitations set expires_at = now() - interval '1 second' where id = '${sent[lapsed]!.id}'`,
      );
      await row(lapsed)
        .getByRole('button', { name: `Accept the invitation to ${lapsed}` })
        .click();
      expect(await row(lapsed).getByRole('alert').innerText()).toContain(
        `The invitation to ${lapsed} is no longer open: it expired`,
      );
      expect(await memberships(lapsed)).not.toContainEqual([invitee, expect.anything()]);
      expect(
        (await hub.request('GET', '/api/v1/orgs', { token: minted.body.token })).body.orgs.map(
          (o: { name: string }) => o.name,
        ),
      ).toEqual([joined]);
      expect(await p.locator(`[data-org="${lapsed}"]`).count()).toBe(0);

      // Nothing left to answer: no section, no count in the nav.
      await p.reload();
      await p.locator(`[data-org="${joined}"]`).waitFor();
      expect(await invitations.count()).toBe(0);
      expect(await nav.locator('[data-invitation-count]').count()).toBe(0);

      await p.getByRole('link', { name: joined, exact: true }).click();
      await p.waitForURL(new RegExp(`/dashboard/orgs/${joined}$`));
      expect(await p.locator('[data-my-role]').innerText()).toContain('You are publisher here.');
      expect(await p.locator(`[data-member="${invitee}"] [data-member-role]`).innerText()).toBe('publisher');
    } finally {
      await own.close();
    }
  });
});
