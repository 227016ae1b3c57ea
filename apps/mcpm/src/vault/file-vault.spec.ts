import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError } from '../errors';
import { openVault, type Vault, type VaultOptions } from './index';

let home: string;
let vaultFile: string;
let keyFile: string;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpm-vault-'));
  vaultFile = path.join(home, 'vault.json');
  keyFile = path.join(home, 'vault.key');
});

afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(home, { recursive: true, force: true });
});

function fileVault(extra: Partial<VaultOptions> = {}): Vault {
  return openVault({ kind: 'file', home, platform: 'linux', which: () => undefined, env: {}, ...extra });
}

async function rejection(promise: Promise<unknown>): Promise<CliError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    return err as CliError;
  }
  throw new Error('expected the promise to reject');
}

const WEATHER = 'io.github.acme/weather';
const apiKey = { server: WEATHER, name: 'API_KEY' };
const region = { server: WEATHER, name: 'REGION_TOKEN' };
const hub = { server: '_hub', name: 'localhost:4000' };
const SECRET = 'sk-live-9f8e7d6c5b4a';

describe('file vault locked with a key file', () => {
  it('stores, reads, lists and deletes secrets', async () => {
    const vault = fileVault();
    expect(vault.kind).toBe('file');
    expect(vault.location).toBe(vaultFile);

    await vault.set(apiKey, SECRET);
    await vault.set(region, 'r-1');
    await vault.set(hub, 'hub-token');
    expect(await vault.get(apiKey)).toBe(SECRET);
    expect(await vault.list()).toEqual([hub, apiKey, region]);

    await vault.set(apiKey, 'rotated');
    expect(await vault.get(apiKey)).toBe('rotated');

    await vault.delete(region);
    await vault.delete(region);
    expect(await vault.get(region)).toBeUndefined();
    expect(await vault.get({ server: 'io.github.other/thing', name: 'API_KEY' })).toBeUndefined();

    await vault.set(region, 'r-2');
    expect(await vault.deleteServer(WEATHER)).toBe(2);
    expect(await vault.deleteServer(WEATHER)).toBe(0);
    expect(await vault.list()).toEqual([hub]);
  });

  it('round-trips unicode, newlines, quotes and empty values through a fresh open', async () => {
    const values = {
      UNICODE: 'ключ-密钥-🔑-ü',
      PEM: '-----BEGIN KEY-----\nMIIB\r\nAAA=\n-----END KEY-----\n',
      QUOTES: `it's "quoted" \\ back\\slash $HOME \`x\``,
      EMPTY: '',
      LONG: 'x'.repeat(20_000),
    };
    const vault = fileVault();
    for (const [name, value] of Object.entries(values)) await vault.set({ server: WEATHER, name }, value);

    const reopened = fileVault();
    for (const [name, value] of Object.entries(values))
      expect(await reopened.get({ server: WEATHER, name })).toBe(value);
  });

  it('creates the vault and a random key file, both mode 0600, and never writes a value or the key in the clear', async () => {
    const values = [SECRET, 'ключ-🔑', 'line one\nline two'];
    const vault = fileVault();
    for (const [i, value] of values.entries()) await vault.set({ server: WEATHER, name: `K${i}` }, value);

    expect(fs.statSync(vaultFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(keyFile, 'utf8').trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);

    const raw = fs.readFileSync(vaultFile);
    for (const value of values) {
      expect(raw.includes(Buffer.from(value, 'utf8'))).toBe(false);
      expect(raw.includes(Buffer.from(Buffer.from(value, 'utf8').toString('base64')))).toBe(false);
    }
    expect(raw.includes(Buffer.from(key))).toBe(false);
    expect(JSON.parse(raw.toString('utf8'))).toMatchObject({ version: 1, key: 'keyfile' });
    expect(fs.readdirSync(home).sort()).toEqual(['vault.json', 'vault.key']);
  });

  it('encrypts each value under a fresh IV', async () => {
    const vault = fileVault();
    await vault.set({ server: WEATHER, name: 'A' }, SECRET);
    await vault.set({ server: WEATHER, name: 'B' }, SECRET);
    const { secrets } = JSON.parse(fs.readFileSync(vaultFile, 'utf8'));
    expect(secrets[WEATHER].A.iv).not.toBe(secrets[WEATHER].B.iv);
    expect(secrets[WEATHER].A.data).not.toBe(secrets[WEATHER].B.data);
  });

  it('creates nothing until a secret is stored', async () => {
    const vault = fileVault();
    expect(await vault.get(apiKey)).toBeUndefined();
    expect(await vault.list()).toEqual([]);
    expect(await vault.deleteServer(WEATHER)).toBe(0);
    await vault.delete(apiKey);
    await vault.check();
    expect(fs.readdirSync(home)).toEqual([]);
  });

  it('creates a chosen key file in a directory that does not exist yet, and follows it when it moves', async () => {
    const chosen = path.join(home, 'keys', 'nested', 'mcpm.key');
    await fileVault({ keyFile: chosen }).set(apiKey, SECRET);
    expect(fs.statSync(chosen).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(keyFile)).toBe(false);

    const moved = path.join(home, 'elsewhere.key');
    fs.renameSync(chosen, moved);
    expect(await fileVault({ keyFile: moved }).get(apiKey)).toBe(SECRET);
  });

  it('reports a missing key file as vault_key, naming the path it expected, and changes nothing', async () => {
    await fileVault().set(apiKey, SECRET);
    fs.rmSync(keyFile);
    const before = fs.readFileSync(vaultFile);

    const vault = fileVault();
    const err = await rejection(vault.get(apiKey));
    expect(err.code).toBe('vault_key');
    expect(err.message).toContain(keyFile);
    expect(err.message).toContain(vaultFile);
    expect((await rejection(vault.set(region, 'x'))).code).toBe('vault_key');
    expect((await rejection(vault.check())).code).toBe('vault_key');
    expect(fs.readFileSync(vaultFile)).toEqual(before);
    // A new key file must not be made up in its place: it could never open the stored secrets.
    expect(fs.existsSync(keyFile)).toBe(false);
  });

  it('reports a different key file as vault_key, without decrypting anything', async () => {
    await fileVault().set(apiKey, SECRET);
    const before = fs.readFileSync(vaultFile);
    fs.writeFileSync(keyFile, `${'ab'.repeat(32)}\n`);

    const vault = fileVault();
    const err = await rejection(vault.get(apiKey));
    expect(err.code).toBe('vault_key');
    expect(err.message).toBe(
      `The vault key does not open ${vaultFile}: ${keyFile} is not the key file it was locked with`,
    );
    expect((await rejection(vault.set(apiKey, 'new'))).code).toBe('vault_key');
    expect(fs.readFileSync(vaultFile)).toEqual(before);
  });

  it('reports a key file that holds no key as vault_key without quoting it', async () => {
    await fileVault().set(apiKey, SECRET);
    fs.writeFileSync(keyFile, 'not-a-key-at-all');
    const err = await rejection(fileVault().get(apiKey));
    expect(err.code).toBe('vault_key');
    expect(err.message).toContain(keyFile);
    expect(err.message).not.toContain('not-a-key-at-all');
  });

  it('still lists and deletes when the key is lost, so uninstall can clean up', async () => {
    const vault = fileVault();
    await vault.set(apiKey, SECRET);
    await vault.set(hub, 'token');
    fs.rmSync(keyFile);

    const lost = fileVault();
    expect(await lost.list()).toEqual([hub, apiKey]);
    expect(await lost.deleteServer(WEATHER)).toBe(1);
    expect(await lost.list()).toEqual([hub]);
  });
});

describe('file vault locked with a passphrase', () => {
  const passphrase = 'correct horse battery staple';

  it('derives the key with scrypt and keeps no key file', async () => {
    const vault = fileVault({ passphrase });
    await vault.set(apiKey, SECRET);
    await vault.set(hub, 'token');
    expect(await vault.get(apiKey)).toBe(SECRET);
    await vault.check();

    const file = JSON.parse(fs.readFileSync(vaultFile, 'utf8'));
    expect(file).toMatchObject({ version: 1, key: 'passphrase', kdf: { name: 'scrypt', N: 32768, r: 8, p: 1 } });
    expect(Buffer.from(file.kdf.salt, 'base64')).toHaveLength(16);
    expect(fs.existsSync(keyFile)).toBe(false);
    expect(fs.readFileSync(vaultFile).includes(Buffer.from(passphrase))).toBe(false);
    expect(fs.readFileSync(vaultFile).includes(Buffer.from(SECRET))).toBe(false);
    expect(await fileVault({ passphrase }).get(hub)).toBe('token');
  });

  it('refuses a wrong passphrase with vault_key, leaving the file as it was', async () => {
    await fileVault({ passphrase }).set(apiKey, SECRET);
    const before = fs.readFileSync(vaultFile);

    const vault = fileVault({ passphrase: 'Tr0ub4dor&3' });
    const err = await rejection(vault.get(apiKey));
    expect(err.code).toBe('vault_key');
    expect(err.exitCode).toBe(9);
    expect(err.message).toBe(
      `The vault key does not open ${vaultFile}: MCPM_VAULT_KEY is not the passphrase it was locked with`,
    );
    expect(err.hint).toContain('MCPM_VAULT_KEY');
    for (const text of [err.message, err.hint ?? '', err.stack ?? '']) {
      expect(text).not.toContain('Tr0ub4dor&3');
      expect(text).not.toContain(SECRET);
    }
    expect((await rejection(vault.set(apiKey, 'overwrite'))).code).toBe('vault_key');
    expect((await rejection(vault.check())).code).toBe('vault_key');
    expect(fs.readFileSync(vaultFile)).toEqual(before);
  });

  it('tells the user to set MCPM_VAULT_KEY when the vault is opened with the key file instead', async () => {
    await fileVault({ passphrase }).set(apiKey, SECRET);
    const before = fs.readFileSync(vaultFile);

    const err = await rejection(fileVault().get(apiKey));
    expect(err.code).toBe('vault_key');
    expect(err.message).toBe(`The vault ${vaultFile} is locked with a passphrase and MCPM_VAULT_KEY is not set`);
    expect(err.hint).toBe('Set MCPM_VAULT_KEY to the passphrase used when the secrets were stored.');
    expect((await rejection(fileVault().set(apiKey, 'x'))).code).toBe('vault_key');
    expect(fs.readFileSync(vaultFile)).toEqual(before);
    expect(fs.existsSync(keyFile)).toBe(false);
  });

  it('moves a key-file vault to the passphrase on the next write', async () => {
    const byKeyFile = fileVault();
    await byKeyFile.set(apiKey, SECRET);
    await byKeyFile.set(hub, 'token');

    const switching = fileVault({ passphrase });
    expect(await switching.get(apiKey)).toBe(SECRET);
    await switching.set(region, 'r-1');
    expect(JSON.parse(fs.readFileSync(vaultFile, 'utf8'))).toMatchObject({ key: 'passphrase' });

    fs.rmSync(keyFile);
    const unlocked = fileVault({ passphrase });
    expect(await unlocked.get(apiKey)).toBe(SECRET);
    expect(await unlocked.get(hub)).toBe('token');
    expect(await unlocked.get(region)).toBe('r-1');
    expect((await rejection(fileVault().get(apiKey))).code).toBe('vault_key');
  });

  it('refuses scrypt settings with which an edited file could exhaust memory', async () => {
    await fileVault({ passphrase }).set(apiKey, SECRET);
    const file = JSON.parse(fs.readFileSync(vaultFile, 'utf8'));
    file.kdf.N = 2 ** 30;
    fs.writeFileSync(vaultFile, JSON.stringify(file));

    const err = await rejection(fileVault({ passphrase }).get(apiKey));
    expect(err.code).toBe('vault');
    expect(err.message).toBe(`The vault file ${vaultFile} is damaged: its key derivation settings are invalid`);
  });

  it('refuses an empty MCPM_VAULT_KEY', () => {
    let err: unknown;
    try {
      fileVault({ passphrase: '' });
    } catch (caught) {
      err = caught;
    }
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).code).toBe('vault_key');
  });
});

describe('file vault integrity', () => {
  it.each([
    ['not JSON', '{"version": 1, "key": "keyf'],
    ['not an mcpm vault', '["sk-live-looks-like-a-secret"]'],
    ['silent on its key', '{"version": 1, "check": {}, "secrets": {}}'],
    ['damaged in one entry', null],
  ])('reports a vault file that is %s as a vault error naming it, and never overwrites it', async (_, text) => {
    if (text === null) {
      await fileVault().set(apiKey, SECRET);
      const file = JSON.parse(fs.readFileSync(vaultFile, 'utf8'));
      file.secrets[WEATHER].API_KEY.iv = 'AAAA';
      fs.writeFileSync(vaultFile, JSON.stringify(file));
    } else {
      fs.writeFileSync(vaultFile, text);
    }
    const before = fs.readFileSync(vaultFile);

    const vault = fileVault();
    const err = await rejection(vault.get(apiKey));
    expect(err.code).toBe('vault');
    expect(err.message).toContain(vaultFile);
    expect(err.message).not.toContain('sk-live');
    expect((await rejection(vault.set(apiKey, 'x'))).code).toBe('vault');
    expect((await rejection(vault.list())).code).toBe('vault');
    expect((await rejection(vault.deleteServer(WEATHER))).code).toBe('vault');
    expect(fs.readFileSync(vaultFile)).toEqual(before);
  });

  it('asks for a newer mcpm when the file format is newer', async () => {
    fs.writeFileSync(vaultFile, '{"version": 2}');
    const err = await rejection(fileVault().list());
    expect(err.code).toBe('vault');
    expect(err.message).toContain('newer mcpm');
  });

  it('fails authentication when two entries swap ciphertexts, rather than return the other value', async () => {
    const vault = fileVault();
    await vault.set(apiKey, SECRET);
    await vault.set(region, 'the-region-token');
    const file = JSON.parse(fs.readFileSync(vaultFile, 'utf8'));
    const names = file.secrets[WEATHER];
    [names.API_KEY, names.REGION_TOKEN] = [names.REGION_TOKEN, names.API_KEY];
    fs.writeFileSync(vaultFile, JSON.stringify(file));

    const swapped = fileVault();
    for (const ref of [apiKey, region]) {
      const err = await rejection(swapped.get(ref));
      expect(err.code).toBe('vault');
      expect(err.message).toContain(`${WEATHER}/${ref.name}`);
      expect(err.message).not.toContain(SECRET);
      expect(err.message).not.toContain('the-region-token');
    }
  });

  it('fails authentication when an entry moves to another server', async () => {
    const vault = fileVault();
    await vault.set(apiKey, SECRET);
    await vault.set({ server: 'io.github.evil/tool', name: 'API_KEY' }, 'decoy');
    const file = JSON.parse(fs.readFileSync(vaultFile, 'utf8'));
    file.secrets['io.github.evil/tool'].API_KEY = file.secrets[WEATHER].API_KEY;
    fs.writeFileSync(vaultFile, JSON.stringify(file));

    expect((await rejection(fileVault().get({ server: 'io.github.evil/tool', name: 'API_KEY' }))).code).toBe('vault');
  });

  it('fails authentication when a ciphertext byte changes', async () => {
    await fileVault().set(apiKey, SECRET);
    const file = JSON.parse(fs.readFileSync(vaultFile, 'utf8'));
    const data = Buffer.from(file.secrets[WEATHER].API_KEY.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    file.secrets[WEATHER].API_KEY.data = data.toString('base64');
    fs.writeFileSync(vaultFile, JSON.stringify(file));

    expect((await rejection(fileVault().get(apiKey))).code).toBe('vault');
  });

  it.each(['writeFileSync', 'fsyncSync', 'renameSync'] as const)(
    'keeps the old file when %s fails mid-write, and removes the temp file',
    async (step) => {
      const vault = fileVault();
      await vault.set(apiKey, SECRET);
      const before = fs.readFileSync(vaultFile);

      const original = fs[step] as (...args: unknown[]) => unknown;
      const spy = jest.spyOn(fs, step).mockImplementation(((...args: unknown[]) => {
        // Only the temp file's write, sync or rename fails (it is written through its descriptor).
        if (step === 'renameSync' || typeof args[0] === 'number')
          throw Object.assign(new Error('simulated I/O failure'), { code: 'EIO' });
        return original(...args);
      }) as never);
      const err = await rejection(vault.set(apiKey, 'replacement'));
      expect(spy).toHaveBeenCalled();
      spy.mockRestore();

      expect(err.code).toBe('vault');
      expect(err.message).toBe(`Cannot write the vault file ${vaultFile} (EIO)`);
      expect(err.message).not.toContain('replacement');
      expect(fs.readFileSync(vaultFile)).toEqual(before);
      expect(fs.readdirSync(home).sort()).toEqual(['vault.json', 'vault.key']);
      expect(await fileVault().get(apiKey)).toBe(SECRET);
    },
  );
});

describe('secret refs', () => {
  it.each([
    { server: WEATHER, name: '' },
    { server: WEATHER, name: 'A/B' },
    { server: WEATHER, name: 'A\nB' },
    { server: '', name: 'A' },
    { server: `${WEATHER}/`, name: 'A' },
  ])('refuses %j', async (ref) => {
    expect((await rejection(fileVault().set(ref, 'x'))).code).toBe('invalid');
    expect(fs.readdirSync(home)).toEqual([]);
  });
});
