import { parseArgs } from 'node:util';
import type { Args } from './args';
import { ALIASES, COMMANDS, type CommandSpec, type FlagSpec } from './commands/table';
import { CliError, usage } from './errors';
import { closest } from './util';

declare const MCPM_VERSION: string;

const GLOBAL_FLAGS: Record<string, FlagSpec> = {
  registry: { type: 'string', help: 'Registry URL (also MCPM_REGISTRY, or `registry` in ~/.mcpmrc)', arg: 'url' },
  json: { type: 'boolean', help: 'Machine-readable output (read commands)' },
  offline: { type: 'boolean', help: 'Answer from the cache only; never touch the network' },
  help: { type: 'boolean', short: 'h', help: 'Show help' },
};

function version(): string {
  return typeof MCPM_VERSION === 'string' ? MCPM_VERSION : '0.0.0-dev';
}

export function parse(argv: string[]): Args {
  const dashdash = argv.indexOf('--');
  const before = dashdash < 0 ? argv : argv.slice(0, dashdash);
  const rest = dashdash < 0 ? [] : argv.slice(dashdash + 1);
  const first = before.find((a) => !a.startsWith('-'));
  const command = first === undefined ? '' : (ALIASES[first] ?? first);
  const spec: CommandSpec | undefined = COMMANDS[command];
  if (first !== undefined && !spec) {
    const meant = closest(first, Object.keys(COMMANDS));
    throw usage(
      `Unknown command "${first}".`,
      meant ? `Did you mean "mcpm ${meant}"? See mcpm --help.` : 'See mcpm --help for the commands.',
    );
  }
  const options = Object.fromEntries(
    Object.entries({ ...GLOBAL_FLAGS, ...(spec?.flags ?? {}) }).map(([name, f]) => [
      name,
      { type: f.type, ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) },
    ]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: before, options: options as never, strict: true, allowPositionals: true });
  } catch (e) {
    const message = (e as Error).message
      .replace(/\. To specify a positional argument.*$/s, '')
      .replace(/^Unknown option '([^']+)'.*/s, 'Unknown option $1');
    throw usage(`${message}.`, `See: mcpm ${command ? `${command} ` : ''}--help`);
  }
  const positionals = parsed.positionals.slice(first === undefined ? 0 : 1);
  if (rest.length && !spec?.passthrough) throw usage(`mcpm ${command} takes no arguments after --.`);
  return { command, positionals, flags: parsed.values as Args['flags'], rest };
}

function help(command?: string): string {
  if (command) {
    const spec = COMMANDS[command]!;
    const flags = Object.entries({
      ...spec.flags,
      ...(spec.read ? { json: GLOBAL_FLAGS.json! } : {}),
      registry: GLOBAL_FLAGS.registry!,
      offline: GLOBAL_FLAGS.offline!,
    });
    const rows = flags.map(
      ([n, f]) => `  ${f.short ? `-${f.short}, ` : '    '}--${n}${f.arg ? ` <${f.arg}>` : ''}`.padEnd(34) + f.help,
    );
    return `${spec.summary}\n\nUsage: ${spec.usage}\n\nOptions:\n${rows.join('\n')}\n`;
  }
  const rows = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(11)}${c.summary}`);
  return `mcpm ${version()} — find, install, lock, run, test and publish MCP servers\n\nUsage: mcpm <command> [options]\n\nCommands:\n${rows.join('\n')}\n\nGlobal options: --registry <url>, --json, --offline, --help, --version\nmcpm <command> --help shows a command's options.\n`;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-v') {
    process.stdout.write(version() + '\n');
    return 0;
  }
  const args = parse(argv);
  if (args.flags.help || !args.command) {
    process.stdout.write(help(args.command || undefined));
    return args.command || args.flags.help ? 0 : 2;
  }
  if (args.flags.json && !COMMANDS[args.command]!.read) throw usage(`mcpm ${args.command} has no --json output.`);
  const { loadConfig } = await import('./config');
  const { createOutput } = await import('./output');
  const { Context } = await import('./context');
  const config = loadConfig({
    registry: args.flags.registry as string | undefined,
    offline: args.flags.offline === true,
    json: args.flags.json === true,
  });
  const ctx = new Context(
    config,
    createOutput({ json: config.json, columns: config.columns, spinner: config.spinner }),
  );
  const mod = (await LOADERS[args.command]!()) as {
    run(ctx: InstanceType<typeof Context>, args: Args): Promise<number | void>;
  };
  return (await mod.run(ctx, args)) ?? 0;
}

/** Static import paths, so the bundler sees every command; each loads only when it runs. */
const LOADERS: Record<string, () => Promise<unknown>> = {
  search: () => import('./commands/search'),
  info: () => import('./commands/info'),
  list: () => import('./commands/list'),
  install: () => import('./commands/install'),
  update: () => import('./commands/update'),
  uninstall: () => import('./commands/uninstall'),
  outdated: () => import('./commands/outdated'),
  ci: () => import('./commands/ci'),
  run: () => import('./commands/run'),
  test: () => import('./commands/test'),
  config: () => import('./commands/config'),
  login: () => import('./commands/login'),
  logout: () => import('./commands/login'),
  whoami: () => import('./commands/login'),
  init: () => import('./commands/init'),
  publish: () => import('./commands/publish'),
  deprecate: () => import('./commands/publish'),
  unpublish: () => import('./commands/publish'),
  doctor: () => import('./commands/doctor'),
  cache: () => import('./commands/cache'),
  audit: () => import('./commands/audit'),
};

export function reportError(e: unknown): number {
  if (e instanceof CliError) {
    process.stderr.write(`mcpm: ${e.message}\n`);
    if (e.hint) process.stderr.write(`hint: ${e.hint}\n`);
    return e.exitCode;
  }
  const err = e as Error;
  process.stderr.write(`mcpm: unexpected error: ${err?.message ?? String(e)}\n`);
  if (process.env.MCPM_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
  process.stderr.write('hint: this is a bug in mcpm; rerun with MCPM_DEBUG=1 and report the output.\n');
  return 1;
}
