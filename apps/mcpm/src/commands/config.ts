import { RC_KEYS, type RcKey, readRc, writeRc } from '../config';
import type { Context } from '../context';
import { usage } from '../errors';
import { unknownHost } from '../hosts';
import { HOST_IDS } from '../hosts/types';
import type { Args } from '../args';

export async function run(ctx: Context, args: Args): Promise<number> {
  const [verb, key, ...rest] = args.positionals;
  const checkKey = (k: string | undefined): RcKey => {
    if (!k) throw usage(`mcpm config ${verb} needs a key.`, `Keys: ${Object.keys(RC_KEYS).join(', ')}`);
    if (!(k in RC_KEYS)) throw usage(`"${k}" is not a setting.`, `Keys: ${Object.keys(RC_KEYS).join(', ')}`);
    return k as RcKey;
  };
  const effective = (): Record<RcKey, string | undefined> => ({
    registry: ctx.config.registry,
    'default-host': ctx.config.defaultHost,
    'cache-dir': ctx.config.cacheDir,
    vault: ctx.config.vault.kind,
    'vault-key-file': ctx.config.vault.keyFile,
    'npm-registry': ctx.config.npmRegistry,
    'pypi-registry': ctx.config.pypiRegistry,
  });
  switch (verb) {
    case 'get': {
      const k = checkKey(key);
      const value = effective()[k];
      ctx.out.result({ key: k, value: value ?? null }, () => value ?? '');
      return 0;
    }
    case 'set': {
      const k = checkKey(key);
      const value = rest.join(' ').trim();
      if (!value) throw usage(`mcpm config set ${k} needs a value.`);
      validate(k, value);
      writeRc(ctx.config.rcFile, k, value);
      ctx.out.info(`${k} = ${value}  (${ctx.config.rcFile})`);
      return 0;
    }
    case 'delete':
    case 'rm': {
      const k = checkKey(key);
      writeRc(ctx.config.rcFile, k, undefined);
      ctx.out.info(`${k} removed from ${ctx.config.rcFile}`);
      return 0;
    }
    case 'list':
    case undefined: {
      const values = effective();
      const rc = readRc(ctx.config.rcFile);
      const rows = (Object.keys(RC_KEYS) as RcKey[]).map((k) => ({
        key: k,
        value: values[k] ?? null,
        source: k === 'registry' ? ctx.config.registrySource : rc[k] !== undefined ? 'rc' : 'default',
        help: RC_KEYS[k],
      }));
      ctx.out.result(
        { file: ctx.config.rcFile, home: ctx.config.home, settings: rows },
        () => `${ctx.config.rcFile}\n\n` + ctx.out.table(rows.map((r) => [r.key, r.value ?? '(unset)', r.source])),
      );
      return 0;
    }
    default:
      throw usage(
        `Unknown config action "${verb}".`,
        'Use: mcpm config get <key> | set <key> <value> | delete <key> | list',
      );
  }
}

function validate(key: RcKey, value: string): void {
  if (key === 'registry' || key === 'npm-registry' || key === 'pypi-registry') {
    try {
      const u = new URL(value);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    } catch {
      throw usage(`${key} must be an http(s) URL, not "${value}".`);
    }
  }
  if (key === 'default-host' && !(HOST_IDS as readonly string[]).includes(value)) throw unknownHost(value);
  if (key === 'vault' && !['auto', 'keychain', 'file'].includes(value))
    throw usage('vault must be auto, keychain or file.');
}
