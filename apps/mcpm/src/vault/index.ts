import fs from 'node:fs';
import path from 'node:path';
import { CliError } from '../errors';
import { FileVault } from './file-vault';
import { findKeychain, KeychainVault, keychainUnavailable, RefIndex } from './keychain';
import type { Vault, VaultOptions } from './types';

export type { SecretRef, Vault, VaultOptions } from './types';

/**
 * The vault the options ask for. 'auto' takes the OS keychain when a harmless lookup in it works,
 * and the encrypted file otherwise — except that an existing vault.json keeps being used, so
 * secrets stored in it while no keychain answered do not vanish once one does.
 */
export function openVault(opts: VaultOptions): Vault {
  const vaultFile = path.join(opts.home, 'vault.json');
  const fileVault = () =>
    new FileVault({
      file: vaultFile,
      keyFile: opts.keyFile ?? path.join(opts.home, 'vault.key'),
      passphrase: opts.passphrase,
    });
  if (opts.kind === 'file' || (opts.kind === 'auto' && fs.existsSync(vaultFile))) return fileVault();

  const indexFile = path.join(opts.home, 'keychain-index.json');
  const keychain = findKeychain(opts);
  let reason: string;
  if (typeof keychain === 'string') {
    reason = keychain;
  } else {
    const failed = keychain.probe();
    if (failed === undefined) return new KeychainVault(keychain, indexFile);
    reason = failed;
  }
  if (opts.kind === 'keychain') throw keychainUnavailable(reason);
  // Falling back to a new, empty file vault here would hide the stored secrets and then, once it
  // held one, keep 'auto' away from the keychain for good.
  if (new RefIndex(indexFile).read().size > 0) {
    throw new CliError(
      'vault',
      `The secrets mcpm stored are in the OS keychain, which is not reachable here: ${reason}`,
      'Run mcpm where the keychain is reachable (e.g. in your desktop session), or use --vault file to keep a separate file vault.',
    );
  }
  return fileVault();
}
