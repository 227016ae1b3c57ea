import fs from 'node:fs';
import path from 'node:path';
import type { CliConfig } from './config';
import { CliError } from './errors';
import { type Output } from './output';
import { RegistryClient } from './registry/client';
import { which } from './util';
import type { Vault } from './vault';

/** What every command gets: config, output, and lazily built clients (so --version stays fast). */
export class Context {
  private registryClient?: RegistryClient;
  private openedVault?: Vault;

  constructor(
    readonly config: CliConfig,
    readonly out: Output,
  ) {}

  registry(url = this.config.registry): RegistryClient {
    const make = () =>
      new RegistryClient(url, {
        cacheDir: this.config.cacheDir,
        offline: this.config.offline,
        credential: () => this.readCredential(url),
      });
    if (url !== this.config.registry) return make();
    this.registryClient ??= make();
    return this.registryClient;
  }

  /**
   * The credential reads of `url` carry: the one `mcpm login` stored for that registry, or else
   * for a shorter path on the same host (a login at https://hub.example.com serves its org view
   * https://hub.example.com/o/acme). Never one stored for another host. Without any Hub login on
   * record the vault is not opened at all, so anonymous reads cost nothing extra; a vault that
   * cannot be opened leaves the read anonymous, with a warning.
   */
  async readCredential(url: string): Promise<string | undefined> {
    const home = this.config.home;
    if (!fs.existsSync(path.join(home, 'vault.json')) && !fs.existsSync(path.join(home, 'keychain-index.json')))
      return undefined;
    try {
      const vault = await this.vault();
      const stored = new Set((await vault.list()).filter((r) => r.server === HUB).map((r) => r.name));
      const key = credentialKeys(url).find((k) => stored.has(k));
      return key === undefined ? undefined : await vault.get({ server: HUB, name: key });
    } catch (e) {
      this.out.warn(`Reading ${url} without your login: the vault could not be opened (${(e as Error).message}).`);
      return undefined;
    }
  }

  async vault(): Promise<Vault> {
    if (!this.openedVault) {
      const { openVault } = await import('./vault');
      this.openedVault = openVault({
        kind: this.config.vault.kind,
        home: this.config.home,
        passphrase: this.config.vault.passphrase,
        keyFile: this.config.vault.keyFile,
        platform: process.platform,
        which: (c) => which(c, this.config.env),
        env: this.config.env,
      });
    }
    return this.openedVault;
  }

  /** The Hub token saved by `mcpm login` for the current registry. */
  async token(): Promise<string> {
    const vault = await this.vault();
    const token = await vault.get({ server: HUB, name: registryKey(this.config.registry) });
    if (!token)
      throw new CliError(
        'auth',
        `Not logged in to ${this.config.registry}.`,
        'Run: mcpm login (with a Hub API token that has the publish scope).',
      );
    return token;
  }
}

/** The vault's "server" under which registry logins are kept. */
export const HUB = '_hub';

/** Vault names to look for a registry's credential under, the exact registry first, then shorter paths on its host. */
export function credentialKeys(registry: string): string[] {
  const u = new URL(registry);
  const segments = u.pathname.split('/').filter(Boolean);
  const keys: string[] = [];
  for (let n = segments.length; n >= 0; n--)
    keys.push(registryKey(`${u.protocol}//${u.host}/${segments.slice(0, n).join('/')}`));
  return keys;
}

/** Vault name of a registry's token: host and port, path kept when there is one. */
export function registryKey(registry: string): string {
  const u = new URL(registry);
  return (u.host + u.pathname).replace(/\/+$/, '').replace(/[^A-Za-z0-9._:-]/g, '_');
}
