import fs from 'node:fs';
import semver from 'semver';
import { CliError } from './errors';
import { writeJsonAtomic } from './lock';

/**
 * The project manifest, mcp.json: which servers a project uses, with semver ranges, like
 * package.json. `servers` holds per-server install settings (hosts, non-secret values).
 */
export interface Manifest {
  name?: string;
  version?: string;
  servers?: Record<string, { hosts?: string[]; env?: Record<string, string> }>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

export function readManifest(file: string): Manifest {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError('invalid', `Cannot read ${file}: ${(e as Error).message}.`);
  }
  let m: Manifest;
  try {
    m = JSON.parse(text) as Manifest;
  } catch (e) {
    throw new CliError(
      'invalid',
      `${file} is not valid JSON (${(e as Error).message}).`,
      'Fix the syntax; mcp.json is plain JSON like package.json.',
    );
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m))
    throw new CliError('invalid', `${file} must hold a JSON object.`);
  for (const field of ['dependencies', 'devDependencies'] as const) {
    const deps = m[field];
    if (deps === undefined) continue;
    if (typeof deps !== 'object' || deps === null || Array.isArray(deps))
      throw new CliError('invalid', `${file}: "${field}" must be an object of server name → version range.`);
    for (const [name, range] of Object.entries(deps)) {
      if (typeof range !== 'string' || (range !== 'latest' && semver.validRange(range) === null)) {
        throw new CliError(
          'invalid',
          `${file}: ${field}["${name}"] is ${JSON.stringify(range)}, not a version range.`,
          'Use a semver range such as "^1.2.0", "~2.0", "1.x" or an exact version.',
        );
      }
    }
  }
  return m;
}

export interface Requirement {
  name: string;
  range: string;
  dev: boolean;
}

/**
 * Every server the manifest asks for. A server in both dependencies and devDependencies must have
 * ranges that overlap, else nothing satisfies both and the install stops.
 */
export function requirements(m: Manifest, file: string, includeDev = true): Requirement[] {
  const out = new Map<string, Requirement>();
  for (const [name, range] of Object.entries(m.dependencies ?? {})) out.set(name, { name, range, dev: false });
  for (const [name, range] of Object.entries(m.devDependencies ?? {})) {
    const prod = out.get(name);
    if (!prod) {
      if (includeDev) out.set(name, { name, range, dev: true });
      continue;
    }
    const a = prod.range === 'latest' ? '*' : prod.range;
    const b = range === 'latest' ? '*' : range;
    if (!semver.intersects(a, b)) {
      throw new CliError(
        'conflict',
        `${file}: ${name} is required as "${prod.range}" in dependencies and "${range}" in devDependencies; no version satisfies both.`,
        'Make the two ranges overlap, or keep the server in one list only.',
      );
    }
    prod.range = `${a} ${b}`.trim();
  }
  return [...out.values()];
}

export function addToManifest(file: string, m: Manifest, name: string, range: string, dev: boolean): void {
  const field = dev ? 'devDependencies' : 'dependencies';
  const other = dev ? 'dependencies' : 'devDependencies';
  const next: Manifest = { ...m, [field]: sortKeys({ ...(m[field] ?? {}), [name]: range }) };
  if (next[other]?.[name] !== undefined) {
    const rest = { ...next[other] };
    delete rest[name];
    next[other] = rest;
  }
  writeJsonAtomic(file, next);
}

export function removeFromManifest(file: string, m: Manifest, name: string): boolean {
  let changed = false;
  const next: Manifest = { ...m };
  for (const field of ['dependencies', 'devDependencies'] as const) {
    if (next[field]?.[name] === undefined) continue;
    const rest = { ...next[field] };
    delete rest[name];
    next[field] = rest;
    changed = true;
  }
  if (next.servers?.[name]) {
    const rest = { ...next.servers };
    delete rest[name];
    next.servers = rest;
    changed = true;
  }
  if (changed) writeJsonAtomic(file, next);
  return changed;
}

const sortKeys = (o: Record<string, string>) =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
