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
    if (url !== this.config.registry) return new RegistryClient(url, { cacheDir: this.config.cacheDir, offline: this.config.offline });
    this.registryClient ??= new RegistryClient(url, { cacheDir: this.config.cacheDir, offline: this.config.offline });
    return this.registryClient;
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
    const token = await vault.get({ server: '_hub', name: registryKey(this.config.registry) });
    if (!token) throw new CliError('auth', `Not logged in to ${this.config.registry}.`, 'Run: mcpm login (with a Hub API token that has the publish scope).');
    return token;
  }
}

/** Vault name of a registry's token: host and port, path kept when there is one. */
export function registryKey(registry: string): string {
  const u = new URL(registry);
  return (u.host + u.pathname).replace(/\/+$/, '').replace(/[^A-Za-z0-9._:-]/g, '_');
}
