import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CliError } from '../errors';
import { writeFileAtomic } from '../atomic-write';
import { assertRef, assertServer, compareRefs, errorCode, isRecord, refKey, type SecretRef, type Vault } from './types';

/*
 * <home>/vault.json, version 1:
 *   { "version": 1,
 *     "key": "keyfile" | "passphrase",
 *     "kdf": { "name": "scrypt", "salt": b64, "N": 32768, "r": 8, "p": 1 },   (passphrase only)
 *     "check": Sealed,                                  (CHECK_PLAINTEXT under the key)
 *     "secrets": { "<server>": { "<NAME>": Sealed } } }
 * Sealed = { "iv": b64 (12 bytes), "data": b64, "tag": b64 (16 bytes) }: AES-256-GCM, with
 * `server/NAME` as additional authenticated data so an entry only opens under its own ref.
 */
const FORMAT_VERSION = 1;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SALT_BYTES = 16;
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 };
// Settings read from the file are checked before use: below what mcpm ever writes they can only
// be damage, and above a bound they would let an edited file exhaust memory or time.
const SCRYPT_MIN_N = 2 ** 14;
const SCRYPT_MAX_MEMORY = 256 * 1024 * 1024;
const SCRYPT_MAX_P = 16;
// A wrong key fails on this one value, so it is told apart from an altered entry.
const CHECK_PLAINTEXT = 'mcpm vault key check';
// No slash, so no ref's additional data (`server/NAME`) can equal it.
const CHECK_AAD = 'mcpm-vault-key-check';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

interface Sealed {
  iv: string;
  data: string;
  tag: string;
}

interface Kdf {
  name: 'scrypt';
  salt: string;
  N: number;
  r: number;
  p: number;
}

type Lock = { key: 'keyfile' } | { key: 'passphrase'; kdf: Kdf };

interface VaultFile {
  lock: Lock;
  check: Sealed;
  secrets: Map<string, Map<string, Sealed>>;
}

export interface FileVaultOptions {
  file: string;
  keyFile: string;
  passphrase?: string;
}

/**
 * Secrets encrypted one by one in a JSON file. Reading or adding a secret needs the key; listing
 * and deleting do not, so uninstall still cleans up after the key is lost. Every method runs
 * synchronously to its end, so calls made concurrently in one process cannot interleave their
 * read-modify-write of the file.
 */
export class FileVault implements Vault {
  readonly kind = 'file';
  readonly location: string;
  private readonly opts: FileVaultOptions;
  // scrypt is the slow step: derive once per salt for the life of the command.
  private readonly derived = new Map<string, Buffer>();

  constructor(opts: FileVaultOptions) {
    if (opts.passphrase === '') {
      throw new CliError(
        'vault_key',
        'MCPM_VAULT_KEY is set but empty',
        `Set it to the vault passphrase, or unset it to use the key file ${opts.keyFile}.`,
      );
    }
    this.opts = opts;
    this.location = opts.file;
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    assertRef(ref);
    const vault = this.read();
    if (!vault) return undefined;
    // Unlocked even when the ref is absent: a wrong key must not pass for a missing secret.
    const key = this.unlock(vault);
    const sealed = vault.secrets.get(ref.server)?.get(ref.name);
    return sealed && this.decrypt(key, sealed, ref);
  }

  async set(ref: SecretRef, value: string): Promise<void> {
    assertRef(ref);
    const current = this.read();
    const { vault, key } = current ? this.forWriting(current) : this.create();
    let names = vault.secrets.get(ref.server);
    if (!names) {
      names = new Map();
      vault.secrets.set(ref.server, names);
    }
    names.set(ref.name, seal(key, value, refKey(ref)));
    this.write(vault);
  }

  async delete(ref: SecretRef): Promise<void> {
    assertRef(ref);
    const vault = this.read();
    const names = vault?.secrets.get(ref.server);
    if (!vault || !names?.delete(ref.name)) return;
    if (names.size === 0) vault.secrets.delete(ref.server);
    this.write(vault);
  }

  async deleteServer(server: string): Promise<number> {
    assertServer(server);
    const vault = this.read();
    const count = vault?.secrets.get(server)?.size ?? 0;
    if (vault && count > 0) {
      vault.secrets.delete(server);
      this.write(vault);
    }
    return count;
  }

  async list(): Promise<SecretRef[]> {
    const vault = this.read();
    if (!vault) return [];
    return [...vault.secrets]
      .flatMap(([server, names]) => [...names.keys()].map((name) => ({ server, name })))
      .sort(compareRefs);
  }

  async check(): Promise<void> {
    const vault = this.read();
    if (vault) this.unlock(vault);
  }

  private read(): VaultFile | undefined {
    const { file } = this.opts;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return undefined;
      throw new CliError(
        'vault',
        `Cannot read the vault file ${file} (${errorCode(err)})`,
        'Check that the file and its directory are readable by you.',
      );
    }
    return parseVaultFile(text, file);
  }

  private write(vault: VaultFile): void {
    const { file } = this.opts;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      writeFileAtomic(file, serialize(vault), { mode: 0o600, overwrite: true });
    } catch (err) {
      throw new CliError(
        'vault',
        `Cannot write the vault file ${file} (${errorCode(err)})`,
        'Check that its directory is writable and the disk is not full; the vault was left as it was.',
      );
    }
  }

  /** A new, empty vault locked with the key the user gave: the passphrase, else the key file. */
  private create(): { vault: VaultFile; key: Buffer } {
    const { lock, key } =
      this.opts.passphrase === undefined
        ? { lock: { key: 'keyfile' } as const, key: this.keyFileKey(true) }
        : this.newPassphraseLock(this.opts.passphrase);
    return { vault: { lock, check: seal(key, CHECK_PLAINTEXT, CHECK_AAD), secrets: new Map() }, key };
  }

  /**
   * The vault to change and the key to seal with. A passphrase given for a vault locked with the
   * key file re-locks it with the passphrase: that is how a user moves off the key file, by
   * setting MCPM_VAULT_KEY once the key file has opened the vault.
   */
  private forWriting(current: VaultFile): { vault: VaultFile; key: Buffer } {
    const key = this.unlock(current);
    const { passphrase } = this.opts;
    if (passphrase === undefined || current.lock.key === 'passphrase') return { vault: current, key };
    const next = this.newPassphraseLock(passphrase);
    const secrets = new Map<string, Map<string, Sealed>>();
    for (const [server, names] of current.secrets) {
      const resealed = new Map<string, Sealed>();
      for (const [name, sealed] of names) {
        const ref = { server, name };
        resealed.set(name, seal(next.key, this.decrypt(key, sealed, ref), refKey(ref)));
      }
      secrets.set(server, resealed);
    }
    return { vault: { lock: next.lock, check: seal(next.key, CHECK_PLAINTEXT, CHECK_AAD), secrets }, key: next.key };
  }

  private newPassphraseLock(passphrase: string): { lock: Lock; key: Buffer } {
    const kdf: Kdf = { name: 'scrypt', salt: randomBytes(SALT_BYTES).toString('base64'), ...SCRYPT };
    return { lock: { key: 'passphrase', kdf }, key: this.derive(passphrase, kdf) };
  }

  /** The key that opens this vault, or a vault_key error saying which key is wanted and where. */
  private unlock(vault: VaultFile): Buffer {
    const { file, keyFile, passphrase } = this.opts;
    if (vault.lock.key === 'passphrase') {
      if (passphrase === undefined) {
        throw new CliError(
          'vault_key',
          `The vault ${file} is locked with a passphrase and MCPM_VAULT_KEY is not set`,
          'Set MCPM_VAULT_KEY to the passphrase used when the secrets were stored.',
        );
      }
      const key = this.derive(passphrase, vault.lock.kdf);
      if (unseal(key, vault.check, CHECK_AAD) !== CHECK_PLAINTEXT) {
        throw new CliError(
          'vault_key',
          `The vault key does not open ${file}: MCPM_VAULT_KEY is not the passphrase it was locked with`,
          `Set MCPM_VAULT_KEY to the passphrase used when the secrets were stored, or move ${file} aside to start a new vault (its secrets are then lost).`,
        );
      }
      return key;
    }
    const key = this.keyFileKey(false);
    if (unseal(key, vault.check, CHECK_AAD) !== CHECK_PLAINTEXT) {
      throw new CliError(
        'vault_key',
        `The vault key does not open ${file}: ${keyFile} is not the key file it was locked with`,
        `Restore the key file that was in use when the secrets were stored and point mcpm at it, or move ${file} aside to start a new vault (its secrets are then lost).`,
      );
    }
    return key;
  }

  private keyFileKey(create: boolean): Buffer {
    const { file, keyFile, passphrase } = this.opts;
    let text: string;
    try {
      text = fs.readFileSync(keyFile, 'utf8');
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') {
        throw new CliError(
          'vault_key',
          `Cannot read the vault key file ${keyFile} (${errorCode(err)})`,
          'Check that the key file is readable by you.',
        );
      }
      if (create) return this.createKeyFile();
      throw new CliError(
        'vault_key',
        `The vault ${file} is locked with a key file, and ${keyFile} does not exist`,
        passphrase === undefined
          ? `Restore the key file (or point mcpm at where it is now), or move ${file} aside to start a new vault (its secrets are then lost).`
          : `MCPM_VAULT_KEY does not open a vault locked with a key file: restore ${keyFile} (or point mcpm at it) so the vault can be re-locked with the passphrase.`,
      );
    }
    const hex = text.trim();
    if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
      throw new CliError(
        'vault_key',
        `The vault key file ${keyFile} does not hold a vault key (64 hex digits)`,
        'Restore the key file that was in use when the secrets were stored.',
      );
    }
    return Buffer.from(hex, 'hex');
  }

  private createKeyFile(): Buffer {
    const { keyFile } = this.opts;
    const key = randomBytes(KEY_BYTES);
    try {
      fs.mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
      writeFileAtomic(keyFile, `${key.toString('hex')}\n`, { mode: 0o600, overwrite: false });
    } catch (err) {
      // Another mcpm created it between our read and our write: that key is the one now.
      if (errorCode(err) === 'EEXIST') return this.keyFileKey(false);
      throw new CliError(
        'vault',
        `Cannot create the vault key file ${keyFile} (${errorCode(err)})`,
        'Check that its directory is writable, or set MCPM_VAULT_KEY to lock the vault with a passphrase instead.',
      );
    }
    return key;
  }

  private derive(passphrase: string, kdf: Kdf): Buffer {
    let key = this.derived.get(kdf.salt);
    if (!key) {
      // The same passphrase typed on another system may arrive composed differently (macOS
      // hands out decomposed accents); normalizing keeps it the same key.
      key = scryptSync(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), KEY_BYTES, {
        N: kdf.N,
        r: kdf.r,
        p: kdf.p,
        maxmem: scryptMemory(kdf),
      });
      this.derived.set(kdf.salt, key);
    }
    return key;
  }

  private decrypt(key: Buffer, sealed: Sealed, ref: SecretRef): string {
    const value = unseal(key, sealed, refKey(ref));
    if (value === undefined) {
      throw new CliError(
        'vault',
        `The secret ${refKey(ref)} in ${this.opts.file} fails its integrity check: the file was altered`,
        'Store the secret again; the new value replaces the damaged entry.',
      );
    }
    return value;
  }
}

/**
 * scrypt needs 128·N·r bytes for its table plus 128·r·p for its blocks; Node's default cap
 * (32 MiB) is exactly the table at N=2^15, r=8, so the blocks would not fit.
 */
function scryptMemory(kdf: Kdf): number {
  return 128 * kdf.r * (kdf.N + kdf.p + 2);
}

function seal(key: Buffer, plaintext: string, aad: string): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), data: data.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

/** The plaintext, or undefined when the key or the additional data is wrong or a byte changed. */
function unseal(key: Buffer, sealed: Sealed, aad: string): string | undefined {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  try {
    // Decoded only after final() has verified the tag: no partial plaintext ever escapes.
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

function serialize(vault: VaultFile): string {
  const byName = <T>(a: [string, T], b: [string, T]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const secrets = Object.fromEntries(
    [...vault.secrets].sort(byName).map(([server, names]) => [server, Object.fromEntries([...names].sort(byName))]),
  );
  const lock = vault.lock.key === 'passphrase' ? { key: 'passphrase', kdf: vault.lock.kdf } : { key: 'keyfile' };
  return `${JSON.stringify({ version: FORMAT_VERSION, ...lock, check: vault.check, secrets }, null, 2)}\n`;
}

function parseVaultFile(text: string, file: string): VaultFile {
  const damaged = (why: string) =>
    new CliError(
      'vault',
      `The vault file ${file} is damaged: ${why}`,
      `Restore it from a backup, or move it aside and store the secrets again; mcpm will not overwrite it.`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the error; the file is not to be echoed.
    throw damaged('it is not valid JSON');
  }
  if (!isRecord(raw)) throw damaged('it is not an mcpm vault');
  if (typeof raw.version === 'number' && raw.version > FORMAT_VERSION) {
    throw new CliError(
      'vault',
      `The vault file ${file} was written by a newer mcpm (format ${raw.version})`,
      'Upgrade mcpm to use it.',
    );
  }
  if (raw.version !== FORMAT_VERSION) throw damaged('it is not an mcpm vault');

  let lock: Lock;
  if (raw.key === 'keyfile') {
    lock = { key: 'keyfile' };
  } else if (raw.key === 'passphrase') {
    const kdf = parseKdf(raw.kdf);
    if (!kdf) throw damaged('its key derivation settings are invalid');
    lock = { key: 'passphrase', kdf };
  } else {
    throw damaged('it does not say which key locked it');
  }

  const check = parseSealed(raw.check);
  if (!check) throw damaged('its key check value is invalid');

  if (!isRecord(raw.secrets)) throw damaged('it has no secrets table');
  const secrets = new Map<string, Map<string, Sealed>>();
  for (const [server, names] of Object.entries(raw.secrets)) {
    if (!isRecord(names)) throw damaged(`the entry for ${server} is invalid`);
    const entries = new Map<string, Sealed>();
    for (const [name, value] of Object.entries(names)) {
      const sealed = parseSealed(value);
      if (!sealed) throw damaged(`the entry for ${server}/${name} is invalid`);
      entries.set(name, sealed);
    }
    secrets.set(server, entries);
  }
  return { lock, check, secrets };
}

function parseKdf(value: unknown): Kdf | undefined {
  if (!isRecord(value) || value.name !== 'scrypt' || typeof value.salt !== 'string' || !BASE64.test(value.salt))
    return undefined;
  const { N, r, p } = value;
  if (typeof N !== 'number' || typeof r !== 'number' || typeof p !== 'number') return undefined;
  if (
    !Number.isInteger(Math.log2(N)) ||
    N < SCRYPT_MIN_N ||
    !Number.isInteger(r) ||
    r < 1 ||
    !Number.isInteger(p) ||
    p < 1 ||
    p > SCRYPT_MAX_P
  )
    return undefined;
  const kdf: Kdf = { name: 'scrypt', salt: value.salt, N, r, p };
  return scryptMemory(kdf) <= SCRYPT_MAX_MEMORY && Buffer.from(value.salt, 'base64').length >= SALT_BYTES
    ? kdf
    : undefined;
}

function parseSealed(value: unknown): Sealed | undefined {
  if (!isRecord(value)) return undefined;
  const { iv, data, tag } = value;
  if (typeof iv !== 'string' || typeof data !== 'string' || typeof tag !== 'string') return undefined;
  if (!BASE64.test(iv) || !BASE64.test(data) || !BASE64.test(tag)) return undefined;
  if (Buffer.from(iv, 'base64').length !== IV_BYTES || Buffer.from(tag, 'base64').length !== TAG_BYTES)
    return undefined;
  return { iv, data, tag };
}
