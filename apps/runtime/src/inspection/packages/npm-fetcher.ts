import { spawn } from 'node:child_process';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { isSemver, type StoredPackage } from '@mcp-hub/domain';
import type { RuntimeLogger } from '../sandbox/sandbox';
import { buildOnce } from './atomic-dir';
import { FetchFailed, type FetchedPackage, type PackageFetcher } from './fetcher';

/** npm's own rule for package names (validate-npm-package-name), so a name is safe as a path too. */
const NPM_NAME = /^(?:@[a-z0-9-*~][a-z0-9-*._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
const STDERR_KEEP = 8 * 1024;
const NETWORK_CODES =
  /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ERR_SOCKET_TIMEOUT|CERT_[A-Z_]+|UNABLE_TO_[A-Z_]+)\b/;

export interface NpmFetcherOptions {
  /** `<HUB_DATA_DIR>/runtime/npm`: one directory per `<name>@<version>`. */
  cacheDir: string;
  /** HUB_NPM_REGISTRY; undefined: npm's own configuration decides. */
  registry?: string;
  /** How long one `npm install` may take. */
  timeoutMs?: number;
  /** npm's own retries of a failed request (its default, 2, takes a minute to give up on a dead registry). */
  fetchRetries?: number;
  logger?: RuntimeLogger;
}

/**
 * Fetches an npm package with its production dependencies, outside the sandbox and with no
 * install scripts run (`npm install --ignore-scripts`), into a per-version cache, and finds the
 * bin npx would run.
 */
export class NpmFetcher implements PackageFetcher {
  constructor(private readonly o: NpmFetcherOptions) {}

  async fetch(pkg: StoredPackage, version: string): Promise<FetchedPackage> {
    const name = pkg.identifier;
    if (!NPM_NAME.test(name)) throw new FetchFailed(`"${name}" is not a valid npm package name`);
    if (!isSemver(version)) {
      throw new FetchFailed(
        `npm version "${version}" is not one release (a tag or a range): only exact versions are inspected`,
      );
    }
    const dir = path.join(this.o.cacheDir, `${name}@${version}`);
    await buildOnce(this.o.cacheDir, dir, (scratch) => this.install(`${name}@${version}`, scratch));
    return { dir, entry: await binOf(dir, name) };
  }

  private install(spec: string, prefix: string): Promise<void> {
    const args = ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--omit=dev', '--prefix', prefix, spec];
    if (this.o.registry) args.push(`--registry=${this.o.registry}`);
    if (this.o.fetchRetries !== undefined) args.push(`--fetch-retries=${this.o.fetchRetries}`);
    const where = this.o.registry ?? "npm's configured registry";
    const timeoutMs = this.o.timeoutMs ?? 300_000;
    this.o.logger?.log(`fetching ${spec} from ${where}`);
    return new Promise((resolve, reject) => {
      const child = spawn('npm', args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-STDERR_KEEP)));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {}
      }, timeoutMs);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(new FetchFailed(`could not fetch ${spec}: cannot run npm (${e.message})`));
      });
      child.once('close', (code) => {
        clearTimeout(timer);
        if (code === 0) return resolve();
        if (timedOut)
          return reject(new FetchFailed(`could not fetch ${spec} from ${where} within ${timeoutMs / 1000} s`));
        reject(new FetchFailed(installFailure(spec, where, code, stderr)));
      });
    });
  }
}

/** npm's error, in the words a publisher needs: not found, no such version, or the registry out of reach. */
function installFailure(spec: string, where: string, code: number | null, stderr: string): string {
  if (/\bE404\b|404 Not Found/.test(stderr)) return `package not found: ${spec} is not in ${where}`;
  if (/\bETARGET\b/.test(stderr)) return `package not found: ${where} has no version ${spec}`;
  const network = NETWORK_CODES.exec(stderr);
  if (network) return `could not fetch ${spec} from ${where}: ${network[1]}`;
  const last = stderr
    .trim()
    .split('\n')
    .filter((l) => !/npm (error|ERR!) (A complete log|\s*$)/.test(l))
    .slice(-3);
  return `npm install ${spec} failed (exit code ${code}): ${last.join(' | ') || 'no output'}`;
}

/**
 * The bin npx would run: the only one, or the one named like the package (without its scope). The
 * path must stay inside the package, since a publisher wrote it.
 */
async function binOf(dir: string, name: string): Promise<string> {
  const pkgDir = path.join(dir, 'node_modules', name);
  let manifest: { bin?: string | Record<string, string> };
  try {
    manifest = JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8')) as typeof manifest;
  } catch {
    throw new FetchFailed(`${name} was installed without a readable package.json`);
  }
  const bins = typeof manifest.bin === 'string' ? { [name.split('/').pop()!]: manifest.bin } : (manifest.bin ?? {});
  const names = Object.keys(bins);
  const chosen = names.length === 1 ? names[0]! : names.find((b) => b === name.split('/').pop());
  if (!chosen) {
    throw new FetchFailed(
      names.length === 0
        ? `${name} declares no bin in its package.json, so there is nothing to run`
        : `${name} declares several bins (${names.join(', ')}) and none is named like the package`,
    );
  }
  const file = await realpath(path.resolve(pkgDir, bins[chosen]!)).catch(() => undefined);
  const root = await realpath(dir);
  if (!file || !file.startsWith(`${root}/`)) {
    throw new FetchFailed(`${name}'s bin "${chosen}" (${bins[chosen]}) is missing or points outside the package`);
  }
  return path.relative(root, file);
}
