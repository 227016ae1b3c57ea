import { CliError } from '../errors';

/** One secret: `vault://<server>/<name>` in host files. */
export interface SecretRef {
  server: string;
  name: string;
}

export interface Vault {
  readonly kind: 'keychain' | 'file';
  /** Human-readable: file path, or "macOS Keychain" / "Secret Service (secret-tool)". */
  readonly location: string;
  get(ref: SecretRef): Promise<string | undefined>;
  set(ref: SecretRef, value: string): Promise<void>;
  delete(ref: SecretRef): Promise<void>;
  /** Every secret of one server (used by uninstall). */
  deleteServer(server: string): Promise<number>;
  list(): Promise<SecretRef[]>;
  /** Throws CliError('vault_key' | 'vault') when the vault cannot be opened with the key given. */
  check(): Promise<void>;
}

export interface VaultOptions {
  kind: 'auto' | 'keychain' | 'file';
  /** The mcpm home directory (e.g. ~/.mcpm); the file vault lives at <home>/vault.json. */
  home: string;
  /** From MCPM_VAULT_KEY, if the user set one. */
  passphrase?: string;
  /** Path of a key file the user chose; default <home>/vault.key. */
  keyFile?: string;
  platform: NodeJS.Platform;
  /** Looks a command up on PATH; undefined when absent. Injected so tests can control it. */
  which(command: string): string | undefined;
  /** Environment seen by keychain tools (DBUS_SESSION_BUS_ADDRESS matters for secret-tool). */
  env: Record<string, string | undefined>;
}

/**
 * `server/name`, the account name in keychains and the additional authenticated data in the file
 * vault. Unambiguous because a name never contains a slash (see assertRef), so the last slash
 * splits it, as parseVaultRef does.
 */
export function refKey(ref: SecretRef): string {
  return `${ref.server}/${ref.name}`;
}

// Control characters would end the command line `security -i` reads, or hide in terminal output.
const CONTROL = /[\u0000-\u001f\u007f]/;

export function assertRef(ref: SecretRef): void {
  assertServer(ref.server);
  if (ref.name === '' || ref.name.includes('/') || CONTROL.test(ref.name)) {
    throw new CliError(
      'invalid',
      `${shown(ref.name)} is not a valid secret name`,
      'A secret name is an environment variable or header name: no slashes, no control characters.',
    );
  }
}

export function assertServer(server: string): void {
  if (server === '' || server.startsWith('/') || server.endsWith('/') || CONTROL.test(server)) {
    throw new CliError(
      'invalid',
      `${shown(server)} is not a valid server name for the vault`,
      'Use the server name as it appears in the registry, e.g. io.github.acme/weather.',
    );
  }
}

// JSON quoting escapes control characters, which would otherwise break the one-line message.
function shown(text: string): string {
  return JSON.stringify(text);
}

export function compareRefs(a: SecretRef, b: SecretRef): number {
  return a.server === b.server ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.server < b.server ? -1 : 1;
}

/** The errno code of a failed system call: messages name the file themselves and stay one line. */
export function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
