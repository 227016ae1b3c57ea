import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConsoleLogger, type INestApplicationContext, type LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, type HubConfig, loadConfig } from '@mcp-hub/config';
import { DatabaseInUseError, openDatabase } from '@mcp-hub/db';
import { ANONYMOUS, HubError, TOKEN_SCOPES, type TokenScope, type Viewer, createTokenSchema } from '@mcp-hub/domain';
import { Clock, HealthIndicators, HubCoreModule, parseInput } from '@mcp-hub/http';
import {
  Credentials,
  CredentialsRepository,
  JwtKeysRepository,
  RegistryJwt,
  TokenLiveness,
  TokenUses,
  TokenUsesRepository,
} from '@mcp-hub/auth';
import { MirrorService, RegistryModule, ServersService, TokenRepository, TokensService } from '@mcp-hub/registry';
import { EmbeddingsService, SearchIndexer, SearchModule } from '@mcp-hub/search';

const USAGE = `Usage: pnpm hub <command>

Commands:
  tokens create --namespace <pattern> --scopes <scope,...> [--description <text>] [--expires-in-days <n>]
      Mint an API token. The token is printed once; only its hash is stored.
      Scopes: ${TOKEN_SCOPES.join(', ')}. Pattern: "*" or e.g. 'io.github.alice/*'.
  tokens list       List tokens (never the tokens themselves).
  tokens revoke <id>
  mirror import <file>
      Load a snapshot in the official list format ({"servers": [{"server", "_meta"}]}) and index it
      for search: how an offline or air-gapped Hub is seeded. Importing again changes nothing.
  mirror export <file> [--include-private]
      Write every public server version (deleted and deprecated ones too, with their status) to
      <file> in that same format: a snapshot another Hub imports. Private servers are left out
      unless --include-private is given; the Hub that imports them serves them to everyone.
  mirror sync       Run one sync with HUB_UPSTREAM_URL now (crawl, or poll with updated_since).
  mirror status     Where the mirror stands (cursor, last success, last error).
  search reindex [--force]
      Bring every search document and embedding up to date (--force rebuilds all of them).

The database is the one the Hub uses: DATABASE_URL, or the embedded one under HUB_DATA_DIR.`;

export async function runCli(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s + '\n'),
): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === 'mirror' && command && ['import', 'export', 'sync', 'status'].includes(command))
    return runMirror(command, rest, out);
  if (group === 'search' && command === 'reindex') return runReindex(rest, out);
  if (group !== 'tokens' || !command || !['create', 'list', 'revoke'].includes(command)) {
    out(USAGE);
    return group === undefined || group === '--help' || group === 'help' ? 0 : 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      namespace: { type: 'string' },
      scopes: { type: 'string' },
      description: { type: 'string' },
      'expires-in-days': { type: 'string' },
      json: { type: 'boolean' },
    },
  });

  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    const clock = new Clock();
    const uses = new TokenUses(new TokenUsesRepository(database.db), config, clock);
    const credentials = new CredentialsRepository(database.db);
    // Not started as a module: it keeps no feed and caches nothing, which a one-off command needs not.
    const liveness = new TokenLiveness(credentials, config, clock);
    const tokens = new TokensService(
      new TokenRepository(database.db),
      clock,
      new Credentials(
        credentials,
        clock,
        new RegistryJwt(new JwtKeysRepository(database.db), clock),
        uses,
        liveness,
        config,
      ),
      uses,
      liveness,
    );
    if (command === 'create') {
      const input = parseInput(
        createTokenSchema,
        {
          namespace: values.namespace,
          scopes: values.scopes?.split(',').map((s) => s.trim()) as TokenScope[] | undefined,
          description: values.description,
          expiresInDays: values['expires-in-days'] === undefined ? undefined : Number(values['expires-in-days']),
        },
        'body',
      );
      const created = await tokens.create(input);
      if (values.json)
        out(
          JSON.stringify({
            id: created.id,
            token: created.token,
            namespace: created.namespacePattern,
            scopes: created.scopes,
          }),
        );
      else {
        out(created.token);
        process.stderr.write(
          `Token ${created.id} for "${created.namespacePattern}" (${created.scopes.join(', ')}). Save it now: it will not be shown again.\n`,
        );
      }
    } else if (command === 'list') {
      const list = await tokens.list();
      if (values.json) out(JSON.stringify(list));
      else
        for (const t of list) {
          const state = t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt < new Date() ? 'expired' : 'active';
          out(
            `${t.id}  ${t.tokenPrefix}…  ${t.namespacePattern}  ${t.scopes.join(',')}  ${state}  ${t.description ?? ''}`.trimEnd(),
          );
        }
    } else {
      const id = positionals[0];
      if (!id) throw new HubError('bad_request', 'Give the id of the token to revoke: pnpm hub tokens revoke <id>');
      await tokens.revoke(id);
      out(`Revoked ${id}`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

/**
 * Mirror and search commands run the services' own code in a Nest application context (no
 * HTTP): the same database, the same rules, the same indexer as the running Hub.
 */
async function withServices<T>(
  fn: (app: INestApplicationContext, config: HubConfig) => Promise<T>,
  opts: { embeddings: boolean },
): Promise<T> {
  const config = loadConfig();
  // The CLI never starts the mirror's timer or a seed; it does exactly what it was asked.
  const cliConfig: HubConfig = {
    ...config,
    upstream: undefined,
    seedFile: undefined,
    ...(opts.embeddings ? {} : { embeddings: { ...config.embeddings, kind: 'off' as const } }),
  };
  const database = await openDatabase(config.database);
  const app = await NestFactory.createApplicationContext(
    {
      module: CliModule,
      imports: [HubCoreModule.forRoot(cliConfig, database, new Clock()), RegistryModule, SearchModule],
    },
    { logger: new StderrLogger({ logLevels: ['error', 'warn'] }) },
  );
  try {
    return await fn(app, config);
  } finally {
    await app.close();
    await database.close();
  }
}

@Module({})
class CliModule {}

/** Service logs go to stderr: stdout carries the command's answer (`--json` must parse). */
class StderrLogger extends ConsoleLogger {
  protected override printMessages(messages: unknown[], context?: string, logLevel?: LogLevel): void {
    super.printMessages(messages, context, logLevel, 'stderr');
  }
}

async function indexEverything(
  app: INestApplicationContext,
  force = false,
): Promise<{ servers: number; documents: number; vectors: string; model: string }> {
  const embeddings = app.get(EmbeddingsService);
  await embeddings.start();
  const indexer = app.get(SearchIndexer);
  const { servers } = force ? await indexer.reindexAll({ force: true }) : { servers: await indexer.catchUp() };
  await indexer.idle();
  await indexer.embedMissing();
  await indexer.idle();
  const health = await app.get(HealthIndicators).collect();
  return {
    servers,
    documents: Number(health.search?.documents ?? 0),
    vectors: embeddings.embedder ? String(health.search?.vectorStore) : 'none',
    model: embeddings.embedder?.id ?? `none (${embeddings.unavailableReason})`,
  };
}

async function runMirror(command: string, args: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, 'include-private': { type: 'boolean' } },
  });
  if (command === 'import' && !positionals[0])
    throw new HubError('bad_request', 'Give the snapshot to import: pnpm hub mirror import <file>');
  if (command === 'export' && !positionals[0])
    throw new HubError('bad_request', 'Give the file to write: pnpm hub mirror export <file>');
  if (command !== 'export' && values['include-private'])
    throw new HubError('bad_request', '--include-private is an option of mirror export only');
  return withServices(
    async (app, config) => {
      const mirror = app.get(MirrorService);
      if (command === 'export') {
        const file = path.resolve(positionals[0]!);
        const viewer: Viewer = values['include-private'] ? { all: true, orgs: [] } : ANONYMOUS;
        const report = await exportSnapshot(app.get(ServersService), viewer, file);
        if (values.json) out(JSON.stringify({ ...report, file, includePrivate: viewer.all }));
        else {
          const statuses = Object.entries(report.statuses)
            .map(([status, n]) => `${n} ${status}`)
            .join(', ');
          out(
            `Exported ${report.entries} versions of ${report.servers} servers (${statuses || 'none'}) to ${file}${viewer.all ? ', private servers included' : ''}.`,
          );
        }
        return 0;
      }
      if (command === 'import') {
        const file = path.resolve(positionals[0]!);
        const imported = await mirror.importFile(file).catch((err: Error) => {
          throw new HubError('bad_request', err.message);
        });
        const started = performance.now();
        const indexed = await indexEverything(app);
        const report = { ...imported, indexSeconds: Math.round(performance.now() - started) / 1000, search: indexed };
        if (values.json) out(JSON.stringify(report));
        else {
          out(
            `Imported ${report.entries} entries (${report.servers} servers) from ${file} in ${report.seconds.toFixed(1)}s: ${report.written} written, ${report.unchanged} unchanged, ${report.skipped} skipped as malformed, ${report.keptLocal} kept local.`,
          );
          out(
            `Indexed for search in ${report.indexSeconds.toFixed(1)}s: ${indexed.documents} documents; embeddings: ${indexed.model}.`,
          );
        }
        return 0;
      }
      if (!config.upstream)
        throw new HubError(
          'bad_request',
          'Mirroring is off (HUB_UPSTREAM_URL=off); set HUB_UPSTREAM_URL to the registry to mirror.',
        );
      if (command === 'sync') {
        const report = await mirror.syncOnce(config.upstream.url).catch(async (err: Error) => {
          await mirror.recordFailure(config.upstream!.url, err);
          throw new HubError(
            'unavailable',
            `sync with ${config.upstream!.url} failed: ${err.message}. Run it again later; the next run resumes where this one stopped.`,
          );
        });
        await indexEverything(app);
        out(
          values.json
            ? JSON.stringify(report)
            : `${report.phase} of ${config.upstream.url}: ${report.entries} entries in ${report.pages} pages, ${report.written} written, ${report.unchanged} unchanged, ${report.skipped} skipped.`,
        );
        return 0;
      }
      const state = await mirror.state(config.upstream.url);
      out(
        JSON.stringify(
          state ?? { upstreamUrl: config.upstream.url, phase: 'crawl', note: 'never synced' },
          null,
          values.json ? undefined : 2,
        ),
      );
      return 0;
    },
    { embeddings: command === 'import' || command === 'sync' },
  );
}

/**
 * Writes a snapshot in the official list format, `{"servers": [{server, _meta}], "metadata":
 * {"count"}}`, one entry per line: each entry exactly as `/v0.1/servers` serves it (the server.json
 * as published, the official `_meta` with status, dates and isLatest), so `mirror import` and
 * HUB_SEED_FILE on another Hub rebuild the same listing. Written beside the target and renamed
 * into place: an interrupted export never leaves half a snapshot under the name.
 */
async function exportSnapshot(
  servers: ServersService,
  viewer: Viewer,
  file: string,
): Promise<{ entries: number; servers: number; statuses: Record<string, number> }> {
  const partial = `${file}.${process.pid}.partial`;
  const handle = await fs.open(partial, 'w').catch((err: Error) => {
    throw new HubError('bad_request', `cannot write ${file}: ${err.message}`);
  });
  const report = { entries: 0, servers: 0, statuses: {} as Record<string, number> };
  let lastName: string | undefined;
  try {
    await handle.write('{"servers":[');
    for await (const page of servers.everyEntry(viewer)) {
      const lines = page.map((e, i) => (report.entries + i === 0 ? '\n' : ',\n') + e.entryText);
      await handle.write(lines.join(''));
      for (const e of page) {
        report.entries++;
        report.statuses[e.status] = (report.statuses[e.status] ?? 0) + 1;
        if (e.serverName !== lastName) report.servers++;
        lastName = e.serverName;
      }
    }
    await handle.write(`\n],"metadata":${JSON.stringify({ count: report.entries })}}\n`);
    await handle.close();
    await fs.rename(partial, file);
    return report;
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.rm(partial, { force: true });
    throw err;
  }
}

async function runReindex(args: string[], out: (s: string) => void): Promise<number> {
  const { values } = parseArgs({ args, options: { force: { type: 'boolean' }, json: { type: 'boolean' } } });
  return withServices(
    async (app) => {
      const started = performance.now();
      const result = await indexEverything(app, values.force);
      const seconds = Math.round(performance.now() - started) / 1000;
      out(
        values.json
          ? JSON.stringify({ ...result, seconds })
          : `Search index up to date in ${seconds.toFixed(1)}s: ${result.documents} documents (${result.servers} servers ${values.force ? 'rebuilt' : 'refreshed'}); embeddings: ${result.model}; vectors in ${result.vectors}.`,
      );
      return 0;
    },
    { embeddings: true },
  );
}

/** Runs the CLI as a process: exit 0 on success, 2 on a usage or domain error, 1 on anything else. */
export function main(argv: string[] = process.argv.slice(2)): void {
  runCli(argv).then(
    (code) => process.exit(code),
    (err: unknown) => {
      const known = err instanceof HubError || err instanceof ConfigError || err instanceof DatabaseInUseError;
      const message =
        err instanceof HubError && err.errors.length > 0
          ? err.errors.map((e) => `${e.location.replace(/^body\./, '--')}: ${e.message}`).join('\n')
          : err instanceof Error
            ? err.message
            : String(err);
      process.stderr.write(`hub: ${known ? message : `unexpected error: ${message}`}\n`);
      process.exit(known ? 2 : 1);
    },
  );
}

if (require.main === module) main();
