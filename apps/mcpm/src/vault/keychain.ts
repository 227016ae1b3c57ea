import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CliError } from '../errors';
import { writeFileAtomic } from '../atomic-write';
import {
  assertRef,
  assertServer,
  compareRefs,
  errorCode,
  isRecord,
  refKey,
  type SecretRef,
  type Vault,
  type VaultOptions,
} from './types';

/** Every item mcpm keeps in a keychain has this service; the account is `server/NAME`. */
const SERVICE = 'mcpm';
/** Looked up to see whether the keychain answers at all; never stored. */
const PROBE_ACCOUNT = 'mcpm-probe/NONE';
const PROBE_TIMEOUT_MS = 10_000;
// Long enough for the user to answer the unlock prompt a keychain may show.
const TIMEOUT_MS = 120_000;

/** One OS keychain, reached through its command-line tool. Secret values travel on stdin/stdout only. */
export interface KeychainTool {
  readonly location: string;
  /** Why the keychain cannot be used here, or undefined when a lookup of a missing item worked. */
  probe(): string | undefined;
  read(account: string): string | undefined;
  write(account: string, value: string): void;
  remove(account: string): void;
}

/**
 * The keychain for this platform, or why there is none. Only looks at what is installed; whether
 * it answers is for probe() to say.
 */
export function findKeychain(opts: Pick<VaultOptions, 'platform' | 'which' | 'env'>): KeychainTool | string {
  if (opts.platform === 'win32') return 'the Windows Credential Manager is not supported';
  if (opts.platform === 'darwin') {
    const security = opts.which('security');
    return security
      ? new MacKeychain({ path: security, name: 'security', env: opts.env })
      : 'the security command is not on PATH';
  }
  const secretTool = opts.which('secret-tool');
  if (!secretTool) return 'secret-tool is not installed (it comes with libsecret-tools)';
  // Without a session bus secret-tool cannot reach the keyring daemon (SSH sessions, containers).
  if (!opts.env.DBUS_SESSION_BUS_ADDRESS) return 'there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)';
  return new SecretTool({ path: secretTool, name: 'secret-tool', env: opts.env });
}

export function keychainUnavailable(reason: string): CliError {
  return new CliError(
    'vault',
    `No OS keychain is available here: ${reason}`,
    'Use --vault file to keep the secrets in an encrypted file in the mcpm home directory instead.',
  );
}

/**
 * Secrets in an OS keychain. Keychains cannot list mcpm's items without also handing out their
 * values (`secret-tool search` prints them, `security dump-keychain` may prompt for each), so the
 * refs — never the values — are also kept in an index file; list() and deleteServer() read it.
 */
export class KeychainVault implements Vault {
  readonly kind = 'keychain';
  readonly location: string;
  private readonly tool: KeychainTool;
  private readonly index: RefIndex;

  constructor(tool: KeychainTool, indexFile: string) {
    this.tool = tool;
    this.location = tool.location;
    this.index = new RefIndex(indexFile);
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    assertRef(ref);
    return this.tool.read(refKey(ref));
  }

  async set(ref: SecretRef, value: string): Promise<void> {
    assertRef(ref);
    this.tool.write(refKey(ref), value);
    this.index.update((refs) => {
      const names = refs.get(ref.server) ?? new Set();
      names.add(ref.name);
      refs.set(ref.server, names);
    });
  }

  async delete(ref: SecretRef): Promise<void> {
    assertRef(ref);
    this.tool.remove(refKey(ref));
    this.index.update((refs) => {
      const names = refs.get(ref.server);
      names?.delete(ref.name);
      if (names?.size === 0) refs.delete(ref.server);
    });
  }

  async deleteServer(server: string): Promise<number> {
    assertServer(server);
    const names = [...(this.index.read().get(server) ?? [])];
    // The index keeps the refs until every item is gone, so a failure part-way can be retried.
    for (const name of names) this.tool.remove(refKey({ server, name }));
    if (names.length > 0) this.index.update((refs) => refs.delete(server));
    return names.length;
  }

  async list(): Promise<SecretRef[]> {
    return [...this.index.read()]
      .flatMap(([server, names]) => [...names].map((name) => ({ server, name })))
      .sort(compareRefs);
  }

  async check(): Promise<void> {
    const reason = this.tool.probe();
    if (reason !== undefined) throw keychainUnavailable(reason);
  }
}

/** <home>/keychain-index.json: { "version": 1, "secrets": { "<server>": ["NAME", …] } }. No values. */
export class RefIndex {
  private readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  read(): Map<string, Set<string>> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return new Map();
      throw new CliError(
        'vault',
        `Cannot read the keychain index ${this.file} (${errorCode(err)})`,
        'Check that the file is readable by you.',
      );
    }
    const damaged = () =>
      new CliError(
        'vault',
        `The keychain index ${this.file} is damaged`,
        'It only lists which secrets mcpm stored in the keychain: move it aside, and store the secrets again to rebuild it.',
      );
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw damaged();
    }
    if (!isRecord(raw) || raw.version !== 1 || !isRecord(raw.secrets)) throw damaged();
    const refs = new Map<string, Set<string>>();
    for (const [server, names] of Object.entries(raw.secrets)) {
      if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) throw damaged();
      refs.set(server, new Set(names));
    }
    return refs;
  }

  update(change: (refs: Map<string, Set<string>>) => void): void {
    const refs = this.read();
    change(refs);
    const secrets = Object.fromEntries(
      [...refs.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([server, names]) => [server, [...names].sort()]),
    );
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      writeFileAtomic(this.file, `${JSON.stringify({ version: 1, secrets }, null, 2)}\n`, {
        mode: 0o600,
        overwrite: true,
      });
    } catch (err) {
      throw new CliError(
        'vault',
        `Cannot write the keychain index ${this.file} (${errorCode(err)})`,
        'Check that its directory is writable and the disk is not full.',
      );
    }
  }
}

interface Tool {
  path: string;
  name: string;
  env: Record<string, string | undefined>;
}

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the tool without a shell; `input` (the only place a secret goes) is its stdin. */
function run(tool: Tool, args: string[], input = '', timeout = TIMEOUT_MS): Ran {
  const result = spawnSync(tool.path, args, { env: tool.env, input, encoding: 'utf8', timeout, windowsHide: true });
  if (result.error) {
    const code = errorCode(result.error);
    throw new CliError(
      'vault',
      code === 'ETIMEDOUT'
        ? `${tool.name} did not answer within ${timeout / 1000} s`
        : `${tool.name} could not be run (${code})`,
      'Check that the keychain is unlocked and answering, or use --vault file.',
    );
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The tool's own first line of complaint, with the secret cut out should a tool ever echo it. */
/** How a store reports a failed command: what it could not do to which account, why, and what to check. */
function storeFailure(store: string, hint: string) {
  return (action: string, account: string, ran: Ran, secrets?: string[]): CliError =>
    new CliError('vault', `${store} could not ${action} ${account}: ${complaint(ran, secrets)}`, hint);
}

function complaint(ran: Ran, secrets: string[] = []): string {
  let line =
    ran.stderr
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? `exit status ${ran.status ?? 'unknown'}`;
  for (const secret of secrets) if (secret !== '') line = line.split(secret).join('***');
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * A keychain reached through a command-line tool. `probe` looks a fixed account up: found, or
 * "no such item" (`isMiss`), means the keychain answers; anything else, or a run that throws
 * (timeout, missing binary), is the reason it cannot be used.
 */
abstract class CommandKeychain implements KeychainTool {
  abstract readonly location: string;

  constructor(protected readonly tool: Tool) {}

  /** The tool's arguments that look `account` up. */
  protected abstract lookup(account: string): string[];
  /** Whether a lookup's answer is "no such item" rather than a failure. */
  protected abstract isMiss(ran: Ran): boolean;
  abstract read(account: string): string | undefined;
  abstract write(account: string, value: string): void;
  abstract remove(account: string): void;

  probe(): string | undefined {
    try {
      const ran = run(this.tool, this.lookup(PROBE_ACCOUNT), '', PROBE_TIMEOUT_MS);
      return ran.status === 0 || this.isMiss(ran) ? undefined : `${this.tool.name} failed: ${complaint(ran)}`;
    } catch (err) {
      if (err instanceof CliError) return err.message;
      throw err;
    }
  }
}

/** Linux (and other Unix) desktops: the Secret Service over D-Bus, through libsecret's secret-tool. */
class SecretTool extends CommandKeychain {
  readonly location = 'Secret Service (secret-tool)';

  protected lookup(account: string): string[] {
    return ['lookup', 'service', SERVICE, 'account', account];
  }

  protected isMiss(ran: Ran): boolean {
    return isQuietMiss(ran);
  }

  read(account: string): string | undefined {
    const ran = run(this.tool, this.lookup(account));
    // secret-tool ends the value with a newline only when stdout is a terminal; here it is a pipe.
    if (ran.status === 0) return ran.stdout;
    if (isQuietMiss(ran)) return undefined;
    throw this.failure('read', account, ran);
  }

  write(account: string, value: string): void {
    const ran = run(this.tool, ['store', `--label=mcpm ${account}`, 'service', SERVICE, 'account', account], value);
    if (ran.status !== 0) throw this.failure('store', account, ran, [value]);
  }

  remove(account: string): void {
    const ran = run(this.tool, ['clear', 'service', SERVICE, 'account', account]);
    if (ran.status !== 0 && !isQuietMiss(ran)) throw this.failure('delete', account, ran);
  }

  private readonly failure = storeFailure(
    'The Secret Service',
    'Check that the keyring is unlocked and a Secret Service (e.g. gnome-keyring) is running, or use --vault file.',
  );
}

/** secret-tool's "no such item": exit status 1 and nothing said. Real failures say why on stderr. */
function isQuietMiss(ran: Ran): boolean {
  return ran.status === 1 && ran.stderr.trim() === '';
}

/** `security` exits with this status (errSecItemNotFound) when no item matches. */
const MAC_NOT_FOUND = 44;
/** `security -i` reads a command line into a 4096-byte buffer; longer lines are cut. */
const MAC_MAX_LINE = 4000;
/**
 * `find-generic-password -w` prints a value that is not printable ASCII as hex, and the command
 * line `security -i` reads cannot hold a newline: such values are stored base64, behind a marker.
 */
const MAC_ENCODED = 'mcpm-base64:';

/** macOS: the login keychain, through /usr/bin/security. */
class MacKeychain extends CommandKeychain {
  readonly location = 'macOS Keychain';

  protected lookup(account: string): string[] {
    return ['find-generic-password', '-s', SERVICE, '-a', account];
  }

  protected isMiss(ran: Ran): boolean {
    return ran.status === MAC_NOT_FOUND;
  }

  read(account: string): string | undefined {
    const ran = run(this.tool, [...this.lookup(account), '-w']);
    if (this.isMiss(ran)) return undefined;
    if (ran.status !== 0) throw this.failure('read', account, ran);
    const stored = ran.stdout.endsWith('\n') ? ran.stdout.slice(0, -1) : ran.stdout;
    return stored.startsWith(MAC_ENCODED)
      ? Buffer.from(stored.slice(MAC_ENCODED.length), 'base64').toString('utf8')
      : stored;
  }

  write(account: string, value: string): void {
    const stored =
      /^[\x20-\x7e]*$/.test(value) && !value.startsWith(MAC_ENCODED)
        ? value
        : MAC_ENCODED + Buffer.from(value, 'utf8').toString('base64');
    // The value goes on stdin as a command for `security -i`: on argv any user could read it in ps.
    const line = `add-generic-password -U -s ${SERVICE} -a ${macQuote(account)} -l ${macQuote(`mcpm ${account}`)} -w ${macQuote(stored)}\n`;
    if (Buffer.byteLength(line) > MAC_MAX_LINE) {
      throw new CliError(
        'vault',
        `The secret ${account} is too long for the macOS Keychain command-line tool`,
        'Use --vault file to keep the secrets in an encrypted file instead.',
      );
    }
    const ran = run(this.tool, ['-i'], line);
    // Some releases of `security -i` exit 0 after a failed command, so success is read back.
    if (ran.status !== 0 || this.read(account) !== value) throw this.failure('store', account, ran, [value, stored]);
  }

  remove(account: string): void {
    const ran = run(this.tool, ['delete-generic-password', '-s', SERVICE, '-a', account]);
    if (ran.status !== 0 && ran.status !== MAC_NOT_FOUND) throw this.failure('delete', account, ran);
  }

  private readonly failure = storeFailure(
    'The macOS Keychain',
    'Check that the login keychain is unlocked, or use --vault file.',
  );
}

/** Quoting as `security -i` splits its input: inside quotes a backslash takes the next character as is. */
function macQuote(text: string): string {
  return `'${text.replace(/[\\']/g, '\\$&')}'`;
}
