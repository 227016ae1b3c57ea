import { spawn } from 'node:child_process';
import { type TestHub, createTestHub } from '../../../test/harness';
import { type FakeGitHub, startFakeGitHub } from '../../../test/fakes/github';
import { MCPM, type Sandbox, sandbox } from './cli-harness';

/** `mcpm login --github`: GitHub's device flow through the Hub, against a fake GitHub only base URLs tell apart. */
describe('mcpm login --github (device flow)', () => {
  let hub: TestHub;
  let github: FakeGitHub;
  let box: Sandbox;
  const login = `dana-${Date.now().toString(36)}`;

  beforeAll(async () => {
    github = await startFakeGitHub();
    github.addUser({ login, name: 'Dana', orgs: ['dana-labs'] });
    hub = await createTestHub({
      env: {
        GITHUB_CLIENT_ID: github.clientId,
        GITHUB_OAUTH_URL: github.oauthBaseUrl,
        GITHUB_API_URL: github.apiBaseUrl,
      },
    });
    // The fake keeps GitHub's 5 s interval on its own clock; mcpm's waits are scaled down.
    box = sandbox(hub.url, { MCPM_DEVICE_POLL_SCALE: '0.02' });
  });
  afterAll(async () => {
    box?.cleanup();
    await hub?.close();
    await github?.close();
  });

  it('shows the code, waits for approval on GitHub, and keeps the session in the vault', async () => {
    const child = spawn(process.execPath, [MCPM, 'login', '--github'], {
      cwd: box.cwd,
      env: box.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let approved = false;
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const code = /enter the code (\S+)/.exec(stdout)?.[1];
      if (code && !approved) {
        approved = true;
        github.approveDevice(code, login);
        github.advanceClock(60);
      }
    });
    const timer = setTimeout(() => child.kill(), 20_000);
    const exit = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    expect({ exit, stderr }).toEqual({ exit: 0, stderr: '' });
    expect(stdout).toContain(`open ${github.oauthBaseUrl}/login/device and enter the code`);
    expect(stdout).toContain(`Logged in to ${hub.url} as ${login} (GitHub)`);

    const me = await box.mcpm(['whoami', '--json']);
    expect(me.code).toBe(0);
    expect(JSON.parse(me.stdout)).toMatchObject({
      kind: 'session',
      login,
      namespaces: [`io.github.${login}/*`, 'io.github.dana-labs/*'],
    });
    // Only the hash is on the Hub; the session itself is nowhere in the sandbox's plain files.
    const sessions = await hub.query<{ revoked_at: string | null }>(
      `select t.revoked_at from api_tokens t join users u on u.id = t.user_id where u.login = '${login}' and t.kind = 'session'`,
    );
    expect(sessions).toEqual([{ revoked_at: null }]);

    // Logging out ends the session on the Hub as well.
    expect((await box.mcpm(['logout'])).code).toBe(0);
    const after = await hub.query<{ revoked_at: string | null }>(
      `select t.revoked_at from api_tokens t join users u on u.id = t.user_id where u.login = '${login}' and t.kind = 'session'`,
    );
    expect(after[0]!.revoked_at).not.toBeNull();
  });

  it('says what to do when the Hub has no GitHub sign-in', async () => {
    const plain = await createTestHub();
    const other = sandbox(plain.url);
    try {
      const res = await other.mcpm(['login', '--github']);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toContain('GitHub sign-in is not set up on this Hub');
      expect(res.stderr).toContain('mcpm login --token');
    } finally {
      other.cleanup();
      await plain.close();
    }
  });
});
